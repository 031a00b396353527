import type { LedgerEntry } from './ledger-entry.ts';
import type { PositionBucket } from './types.ts';

/**
 * The ledger insert: writes new movements ($1, JSON rows of {@link ledgerInput}) to the ledger,
 * skipping ids already there, and returns those written with the bucket each counts in and whether
 * it is a count net of the source's open orders (a source's semantics are looked up by its
 * instance id, then by its system name).
 */
export const LEDGER_INSERT_SQL = `insert into stock_movements (movement_id, sku, location_id, bucket, reported_bucket, mode, quantity, net, reason,
     source_system, source_instance_id, source_event_time, source_sequence, occurred_at, order_key, order_id, line_id,
     reference, provisional, event_id, content_hash)
   select r.movement_id, r.sku, r.location_id,
          case when r.reported_bucket = 'available' then 'onHand' else r.reported_bucket end,
          r.reported_bucket, r.mode, r.quantity,
          r.mode = 'absolute' and (r.reported_bucket = 'available'
            or (r.reported_bucket = 'onHand' and coalesce(si.semantics, ss.semantics, 'physical') = 'net-of-open-orders')),
          r.reason, r.source_system, r.source_instance_id, r.source_event_time::timestamptz, r.source_sequence,
          r.occurred_at::timestamptz, r.order_key, r.order_id, r.line_id, r.reference, r.provisional, r.event_id, r.content_hash
   from json_to_recordset($1::json) as r(n int, movement_id text, sku text, location_id text, reported_bucket text, mode text,
          quantity int, reason text, source_system text, source_instance_id text, source_event_time text, source_sequence text,
          occurred_at text, order_key text, order_id text, line_id text, reference jsonb, provisional boolean, event_id text,
          content_hash text)
   left join stock_sources si on si.source_id = r.source_instance_id
   left join stock_sources ss on ss.source_id = r.source_system
   order by r.n
   on conflict (movement_id) do nothing
   returning movement_id, bucket, net`;

/** A movement the ledger insert wrote. */
export interface InsertedMovement extends Record<string, unknown> {
  movement_id: string;
  bucket: PositionBucket;
  net: boolean;
}

/**
 * The ledger insert's parameter: one JSON text rather than an array per column, since V8 writes
 * it natively where pg escapes every element of a text array in JavaScript.
 */
export function ledgerInput(entries: readonly LedgerEntry[]): string {
  return JSON.stringify(
    entries.map((entry, n) => ({
      n,
      movement_id: entry.movementId,
      sku: entry.sku,
      location_id: entry.locationId,
      reported_bucket: entry.reportedBucket,
      mode: entry.mode,
      quantity: entry.quantity,
      reason: entry.reason,
      source_system: entry.sourceSystem,
      source_instance_id: entry.sourceInstanceId ?? null,
      source_event_time: entry.sourceEventTime ?? null,
      source_sequence: entry.sourceSequence ?? null,
      occurred_at: entry.occurredAt,
      order_key: entry.orderKey,
      order_id: entry.orderId ?? null,
      line_id: entry.lineId ?? null,
      reference: entry.reference ?? null,
      provisional: entry.provisional,
      event_id: entry.eventId ?? null,
      content_hash: entry.contentHash,
    })),
  );
}

/** The bucket a movement counts in, as the ledger insert sets it: a reported `available` counts in onHand. */
export function countedBucket(entry: LedgerEntry): PositionBucket {
  return entry.reportedBucket === 'available' ? 'onHand' : entry.reportedBucket;
}
