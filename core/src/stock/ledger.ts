import type { SqlExecutor } from '../store/store.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { applyToPositions, type LedgerRow } from './apply.ts';
import type { MovementOutcome } from './types.ts';

/** What {@link recordMovements} did. */
export interface RecordResult {
  /** Outcome of each entry, in the order given. */
  outcomes: MovementOutcome[];
  /** SKUs whose positions changed (their channel availability is to be published). */
  skus: Set<string>;
}

interface InsertedRow extends Record<string, unknown> {
  movement_id: string;
  bucket: LedgerRow['bucket'];
  net: boolean;
}

/**
 * Records movements in the ledger and applies the new ones to their positions, in the caller's
 * transaction. Idempotent by movement id: one seen before is a `duplicate` when its content is the
 * same and a `conflict` (ignored, the first one stands) when it differs. The resulting positions do
 * not depend on the order movements arrive in (see apply.ts).
 */
export async function recordMovements(tx: SqlExecutor, entries: readonly LedgerEntry[]): Promise<RecordResult> {
  const outcomes: MovementOutcome[] = entries.map(() => 'duplicate');
  // The first entry of each movement id goes to the ledger; later ones in the same call compare with it.
  const first = new Map<string, LedgerEntry>();
  const firstIndex = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (first.has(entry.movementId)) return;
    first.set(entry.movementId, entry);
    firstIndex.set(entry.movementId, index);
  });
  const unique = [...first.values()];
  if (unique.length === 0) return { outcomes, skus: new Set() };
  const col = <K extends keyof LedgerEntry>(name: K): (LedgerEntry[K] | null)[] => unique.map((entry) => entry[name] ?? null);
  // A source's semantics are looked up by its instance id, then by its system name.
  const { rows } = await tx.query<InsertedRow>(
    `insert into stock_movements (movement_id, sku, location_id, bucket, reported_bucket, mode, quantity, net, reason,
       source_system, source_instance_id, source_event_time, source_sequence, occurred_at, order_key, order_id, line_id,
       reference, provisional, event_id, content_hash)
     select r.movement_id, r.sku, r.location_id,
            case when r.reported_bucket = 'available' then 'onHand' else r.reported_bucket end,
            r.reported_bucket, r.mode, r.quantity,
            r.mode = 'absolute' and (r.reported_bucket = 'available'
              or (r.reported_bucket = 'onHand' and coalesce(si.semantics, ss.semantics, 'physical') = 'net-of-open-orders')),
            r.reason, r.source_system, r.source_instance_id, r.source_event_time::timestamptz, r.source_sequence,
            r.occurred_at::timestamptz, r.order_key, r.order_id, r.line_id, r.reference::jsonb, r.provisional, r.event_id, r.content_hash
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::text[], $8::text[], $9::text[],
                 $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::bool[], $18::text[], $19::text[])
          with ordinality as r(movement_id, sku, location_id, reported_bucket, mode, quantity, reason, source_system, source_instance_id,
               source_event_time, source_sequence, occurred_at, order_key, order_id, line_id, reference, provisional, event_id, content_hash, n)
     left join stock_sources si on si.source_id = r.source_instance_id
     left join stock_sources ss on ss.source_id = r.source_system
     order by r.n
     on conflict (movement_id) do nothing
     returning movement_id, bucket, net`,
    [
      col('movementId'),
      col('sku'),
      col('locationId'),
      col('reportedBucket'),
      col('mode'),
      col('quantity'),
      col('reason'),
      col('sourceSystem'),
      col('sourceInstanceId'),
      col('sourceEventTime'),
      col('sourceSequence'),
      col('occurredAt'),
      col('orderKey'),
      col('orderId'),
      col('lineId'),
      unique.map((entry) => (entry.reference === undefined ? null : JSON.stringify(entry.reference))),
      col('provisional'),
      col('eventId'),
      col('contentHash'),
    ],
  );
  const inserted = new Map(rows.map((row) => [row.movement_id, row]));
  // The content each movement id has in the ledger now: this call's entry, or the one recorded before.
  const recorded = new Map(rows.map((row) => [row.movement_id, first.get(row.movement_id)?.contentHash]));
  const seenBefore = unique.filter((entry) => !inserted.has(entry.movementId));
  if (seenBefore.length > 0) {
    const { rows: existing } = await tx.query<{ movement_id: string; content_hash: string }>(
      'select movement_id, content_hash from stock_movements where movement_id = any($1::text[])',
      [seenBefore.map((entry) => entry.movementId)],
    );
    for (const row of existing) recorded.set(row.movement_id, row.content_hash);
  }
  entries.forEach((entry, index) => {
    const isFirst = firstIndex.get(entry.movementId) === index && inserted.has(entry.movementId);
    outcomes[index] = isFirst ? 'applied' : recorded.get(entry.movementId) === entry.contentHash ? 'duplicate' : 'conflict';
  });
  const ledgerRows: LedgerRow[] = [];
  for (const entry of unique) {
    const row = inserted.get(entry.movementId);
    if (row === undefined) continue;
    ledgerRows.push({
      movementId: entry.movementId,
      sku: entry.sku,
      locationId: entry.locationId,
      bucket: row.bucket,
      mode: entry.mode,
      quantity: entry.quantity,
      orderKey: entry.orderKey,
      net: row.net,
      occurredAt: entry.occurredAt,
      reason: entry.reason,
      orderId: entry.orderId,
      lineId: entry.lineId,
      provisional: entry.provisional,
    });
  }
  await applyToPositions(tx, ledgerRows);
  return { outcomes, skus: new Set(ledgerRows.map((row) => row.sku)) };
}
