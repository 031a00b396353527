import { createHash } from 'node:crypto';
import { InvalidMessageFailure, type VendorRecord } from '@omnihub/connector-sdk';

/** The vendor payload type of every record the `events` webhook takes in. */
export const EVENT_PAYLOAD = 'http.Event';

/** Header a sender may use to name a single event when its body carries no `id`. */
export const EVENT_ID_HEADER = 'x-omnihub-event-id';

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * Turns a webhook body into vendor records. The body is one JSON object, an array of objects, or
 * `{ "events": [...] }`. Each record's id is the object's `id`, else the `x-omnihub-event-id`
 * header (with the position when there are several), else a hash of the body and the position:
 * a redelivered body yields the same ids and is taken in once.
 *
 * @example
 * parseEvents(Buffer.from('[{"id":"e1","type":"stock"}]'), {}); // [{ id: 'e1', type: 'http.Event', payload: { id: 'e1', type: 'stock' } }]
 */
export function parseEvents(rawBody: Buffer, headers: Record<string, string>): VendorRecord[] {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch (error: unknown) {
    throw new InvalidMessageFailure(`webhook body is not JSON: ${error instanceof Error ? error.message : String(error)}`, { code: 'http.body-not-json' });
  }
  const items: unknown[] = Array.isArray(body) ? body : isRecord(body) && Array.isArray(body['events']) ? body['events'] : [body];
  const bodyHash = createHash('sha256').update(rawBody).digest('hex').slice(0, 32);
  const headerId = headers[EVENT_ID_HEADER];
  return items.map((item, index) => {
    if (!isRecord(item)) throw new InvalidMessageFailure(`webhook event ${index} is not a JSON object`, { code: 'http.event-not-object' });
    const fallback = headerId === undefined || headerId === '' ? `${bodyHash}:${index}` : items.length === 1 ? headerId : `${headerId}:${index}`;
    const record: VendorRecord = { id: text(item['id']) ?? fallback, type: EVENT_PAYLOAD, payload: item };
    const occurredAt = text(item['occurredAt']) ?? text(item['time']);
    if (occurredAt !== undefined) record.occurredAt = occurredAt;
    const partitionKey = text(item['partitionKey']);
    if (partitionKey !== undefined) record.partitionKey = partitionKey;
    return record;
  });
}
