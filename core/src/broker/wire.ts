import type { CloudEvent } from '../envelope/cloud-event.ts';
import { InvalidMessageFailure } from '@omnihub/connector-sdk';
import type { TransportMessage } from './transport.ts';

/** Header prefix of CloudEvents attributes in binary content mode (CloudEvents AMQP binding). */
export const CE_PREFIX = 'cloudEvents:';
/** Attempt number of the delivery (1 for the first). */
export const ATTEMPT_HEADER = 'x-omnihub-attempt';
/** JSON array of earlier failed attempts ({@link AttemptRecord}). */
export const HISTORY_HEADER = 'x-omnihub-history';

/** One failed attempt, carried along with the message and kept in its dead letter. */
export interface AttemptRecord {
  attempt: number;
  at: string;
  kind: string;
  code: string;
  message: string;
  /** Delay before the next attempt, when one was scheduled. */
  delayMs?: number;
  /** Number of the replay (from 1), on a replay's record. */
  replay?: number;
}

const ATTRIBUTES = ['specversion', 'id', 'source', 'type', 'subject', 'time', 'dataschema', 'correlationid', 'causationid', 'partitionkey', 'sequence'] as const;

/** Encodes an event in CloudEvents binary mode: attributes as headers, `data` as the JSON body. */
export function encodeEvent(event: CloudEvent, attempt = 1, history: readonly AttemptRecord[] = []): TransportMessage {
  return encodeSerialized(event, JSON.stringify(event.data), attempt, history);
}

/** {@link encodeEvent} for an event whose `data` is already JSON text (as read from the outbox). */
export function encodeSerialized(attributes: Omit<CloudEvent, 'data'>, dataJson: string, attempt = 1, history: readonly AttemptRecord[] = []): TransportMessage {
  const headers: Record<string, string | number> = {};
  for (const name of ATTRIBUTES) {
    const value = attributes[name];
    if (value !== undefined) headers[`${CE_PREFIX}${name}`] = value;
  }
  headers[ATTEMPT_HEADER] = attempt;
  if (history.length > 0) headers[HISTORY_HEADER] = JSON.stringify(history);
  return { messageId: attributes.id, routingKey: attributes.type, headers, body: Buffer.from(dataJson) };
}

/** What a consumer reads back from a message. */
export interface DecodedMessage {
  event: CloudEvent;
  attempt: number;
  history: AttemptRecord[];
}

/** Reads the delivery headers even from a message whose event cannot be decoded. */
export function deliveryOf(message: TransportMessage): { attempt: number; history: AttemptRecord[] } {
  const attempt = Number(message.headers[ATTEMPT_HEADER] ?? 1);
  let history: AttemptRecord[] = [];
  const raw = message.headers[HISTORY_HEADER];
  if (typeof raw === 'string') {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (Array.isArray(parsed)) history = parsed as AttemptRecord[];
    } catch {
      history = [];
    }
  }
  return { attempt: Number.isInteger(attempt) && attempt > 0 ? attempt : 1, history };
}

/** Decodes a binary-mode message; an unparseable one throws {@link InvalidMessageFailure}. */
export function decodeEvent(message: TransportMessage): DecodedMessage {
  const event: Record<string, unknown> = {};
  for (const name of ATTRIBUTES) {
    const value = message.headers[`${CE_PREFIX}${name}`];
    if (value !== undefined) event[name] = String(value);
  }
  for (const required of ['specversion', 'id', 'source', 'type'] as const) {
    if (typeof event[required] !== 'string') {
      throw new InvalidMessageFailure(`message ${message.messageId} lacks the CloudEvents attribute ${required}`, { code: 'envelope.missing-attribute' });
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(message.body.toString('utf8'));
  } catch (error: unknown) {
    throw new InvalidMessageFailure(`message ${message.messageId} has a body that is not JSON`, { code: 'envelope.unparseable', cause: error });
  }
  return { event: { ...(event as Omit<CloudEvent, 'data'>), data, datacontenttype: 'application/json' }, ...deliveryOf(message) };
}
