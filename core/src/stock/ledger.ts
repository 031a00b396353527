import type { SqlExecutor } from '../store/store.ts';
import { prepared } from '../store/prepared.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { applyToPositions, type ApplyOptions, type LedgerRow } from './apply.ts';
import { publishAvailability, type PublishOptions, type PublishedChange, type PublishedRow } from './publish.ts';
import type { MovementOutcome } from './types.ts';

/** What {@link recordMovements} did. */
export interface RecordResult {
  /** Outcome of each entry, in the order given. */
  outcomes: MovementOutcome[];
  /** SKUs whose positions changed (their channel availability is to be published). */
  skus: Set<string>;
  /**
   * With `lockPublished`, when it could be done with the positions: those SKUs' published rows,
   * locked, for `publishAvailability`'s `locked` option.
   */
  published?: PublishedRow[] | undefined;
}

interface InsertedRow extends Record<string, unknown> {
  movement_id: string;
  bucket: LedgerRow['bucket'];
  net: boolean;
}

/** Writes new movements ($1, JSON rows) to the ledger, skipping ids already there; returns those written. */
const RECORD_MOVEMENTS = prepared(
  `insert into stock_movements (movement_id, sku, location_id, bucket, reported_bucket, mode, quantity, net, reason,
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
   returning movement_id, bucket, net`,
);

/**
 * Records movements in the ledger and applies the new ones to their positions, in the caller's
 * transaction. Idempotent by movement id: one seen before is a `duplicate` when its content is the
 * same and a `conflict` (ignored, the first one stands) when it differs. The resulting positions do
 * not depend on the order movements arrive in (see apply.ts).
 */
export async function recordMovements(tx: SqlExecutor, entries: readonly LedgerEntry[], options: ApplyOptions = {}): Promise<RecordResult> {
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
  // One JSON parameter rather than an array per column: V8 writes it natively, where pg escapes
  // every element of a text array in JavaScript.
  const input = unique.map((entry, n) => ({
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
  }));
  // A source's semantics are looked up by its instance id, then by its system name.
  const { rows } = await tx.query<InsertedRow>(RECORD_MOVEMENTS, [JSON.stringify(input)]);
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
  const { published } = await applyToPositions(tx, ledgerRows, options);
  return { outcomes, skus: new Set(ledgerRows.map((row) => row.sku)), published };
}

/**
 * Records movements ({@link recordMovements}) and publishes the channel availability of the SKUs
 * they changed, in the caller's transaction, with the published rows locked by the positions'
 * statement when it can (one round trip fewer).
 */
export async function recordAndPublish(
  tx: SqlExecutor,
  entries: readonly LedgerEntry[],
  options: Omit<PublishOptions, 'channelId' | 'locked'> = {},
): Promise<{ outcomes: MovementOutcome[]; published: PublishedChange[] }> {
  const recorded = await recordMovements(tx, entries, { lockPublished: true });
  const published = await publishAvailability(tx, recorded.skus, { ...options, locked: recorded.published });
  return { outcomes: recorded.outcomes, published };
}
