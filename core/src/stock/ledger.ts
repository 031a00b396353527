import type { SqlExecutor } from '../store/store.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { applyToPositions, insertAndAddDeltas, ledgerRow, type ApplyOptions, type LedgerRow } from './apply.ts';
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
  const { inserted: rows, fast } = await insertAndAddDeltas(tx, unique, options.lockPublished === true);
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
    outcomes[index] = isFirst ? 'applied' : sameContent(entry, recorded.get(entry.movementId)) ? 'duplicate' : 'conflict';
  });
  const ledgerRows: LedgerRow[] = [];
  for (const entry of unique) {
    const row = inserted.get(entry.movementId);
    if (row !== undefined) ledgerRows.push(ledgerRow(entry, row.bucket, row.net));
  }
  const { published } = await applyToPositions(tx, ledgerRows, options, fast);
  return { outcomes, skus: new Set(ledgerRows.map((row) => row.sku)), published };
}

/** Whether `entry` has the content hashed as `recorded` (a row recorded before times were normalized has its as-sent hash). */
function sameContent(entry: LedgerEntry, recorded: string | undefined): boolean {
  return recorded !== undefined && (recorded === entry.contentHash || recorded === entry.asSentHash?.());
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
