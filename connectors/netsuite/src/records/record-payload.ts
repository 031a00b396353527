import { InvalidMessageFailure } from '@omnihub/connector-sdk';

/** NetSuite record types the connector writes. */
export type RecordType = 'salesOrder' | 'itemFulfillment' | 'returnAuthorization' | 'creditMemo';

/** The vendor payload of a write, as the capability's mapping produces it. */
export interface RecordPayload {
  /** External id of the record written: the upsert key, unique per record type in NetSuite. */
  externalId: string;
  /** The record created from another by a transform (`POST /{type}/eid:{id}/!transform/{target}`), if any. */
  from?: { type: RecordType; externalId: string } | undefined;
  /** The record body in NetSuite's REST format (sublists as `{ "items": [...] }`). */
  record: Record<string, unknown>;
}

const RECORD_TYPES = new Set<string>(['salesOrder', 'itemFulfillment', 'returnAuthorization', 'creditMemo']);
/** NetSuite external ids: printable, no slash (they sit in a URL path segment). */
const EXTERNAL_ID = /^[^/\s?#][^/?#]{0,299}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks a mapped payload and returns it typed; a malformed one is an invalid message (a mapping
 * bug or a bad override), dead-lettered at once with what is wrong.
 *
 * @example
 * const payload = recordPayload(input.payload, 'upsert-sales-order');
 */
export function recordPayload(value: unknown, action: string): RecordPayload {
  if (!isObject(value)) throw new InvalidMessageFailure(`${action}: the mapped payload is not an object`, { code: 'netsuite.payload' });
  const { externalId, from, record } = value;
  if (typeof externalId !== 'string' || !EXTERNAL_ID.test(externalId)) throw new InvalidMessageFailure(`${action}: externalId must be a non-empty string without "/", "?" or "#"`, { code: 'netsuite.payload' });
  if (!isObject(record)) throw new InvalidMessageFailure(`${action}: record must be an object (the NetSuite record body)`, { code: 'netsuite.payload' });
  if (from === undefined || from === null) return { externalId, record };
  if (!isObject(from) || typeof from['type'] !== 'string' || !RECORD_TYPES.has(from['type']) || typeof from['externalId'] !== 'string' || !EXTERNAL_ID.test(from['externalId'])) {
    throw new InvalidMessageFailure(`${action}: from must be { type: one of ${[...RECORD_TYPES].join(', ')}, externalId }`, { code: 'netsuite.payload' });
  }
  return { externalId, from: { type: from['type'] as RecordType, externalId: from['externalId'] }, record };
}

/** The REST path of a record by external id. */
export function recordPath(type: RecordType, externalId: string): string {
  return `/services/rest/record/v1/${type}/eid:${encodeURIComponent(externalId)}`;
}
