import { HubError, type FieldError } from '../errors/hub-error.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { Store } from '../store/store.ts';
import { recordAndPublish } from './ledger.ts';
import { movementProblems, toLedgerEntry, type LedgerEntry } from './ledger-entry.ts';
import type { PublishCause } from './publish.ts';
import type { StockMovement } from './types.ts';

/** The largest value a position's bucket holds (a 32-bit integer). */
const POSITION_LIMIT = 2_147_483_647;

/** Whether the database refused a value out of its column's range (SQLSTATE 22003). */
function isOutOfRange(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '22003';
}

/** What happened to one row of a movement batch. */
export interface MovementRowResult {
  /** Position of the row in the batch, from 0. */
  index: number;
  movementId?: string | undefined;
  /** `applied`: new, in the ledger and the positions; `duplicate`: recorded before with the same content; `rejected`: not recorded. */
  status: 'applied' | 'duplicate' | 'rejected';
  /** Why a row was rejected: `validation-failed` (see errors) or `conflict` (the movement id was recorded with other content). */
  code?: 'validation-failed' | 'conflict' | undefined;
  errors?: FieldError[] | undefined;
}

/** What {@link recordMovementBatch} did. */
export interface MovementBatchResult {
  applied: number;
  duplicates: number;
  rejected: number;
  /** Channel publications the batch caused. */
  published: number;
  results: MovementRowResult[];
}

/**
 * Records a batch of movements given as untrusted JSON (the API's body): each row is checked
 * against `stock-movement` v1 and the ledger's rules; good rows are recorded and applied in one
 * transaction with the channel publications they cause, bad rows are reported with their reasons
 * and change nothing. Idempotent by movement id.
 */
export async function recordMovementBatch(store: Store, registry: SchemaRegistry, rows: readonly unknown[], cause: PublishCause = {}): Promise<MovementBatchResult> {
  const results: MovementRowResult[] = [];
  const good: { index: number; entry: LedgerEntry }[] = [];
  rows.forEach((row, index) => {
    const movementId = row !== null && typeof row === 'object' && typeof (row as { movementId?: unknown }).movementId === 'string' ? (row as { movementId: string }).movementId : undefined;
    const checked = registry.validate({ name: 'stock-movement', version: 1 }, row);
    const errors = checked.valid ? movementProblems(row as StockMovement) : checked.errors;
    if (errors.length > 0) {
      results[index] = { index, movementId, status: 'rejected', code: 'validation-failed', errors };
      return;
    }
    good.push({ index, entry: toLedgerEntry(row as StockMovement) });
  });
  let published = 0;
  if (good.length > 0) {
    const outcomes = await store
      .transaction(async (tx) => {
        const recorded = await recordAndPublish(tx, good.map((g) => g.entry), { causeOf: () => cause });
        published = recorded.published.length;
        return recorded.outcomes;
      })
      .catch((error: unknown) => {
        if (!isOutOfRange(error)) throw error;
        throw new HubError('validation-failed', {
          detail: `the batch would take a position's bucket beyond ±${POSITION_LIMIT} units; nothing of it was recorded`,
          cause: error,
        });
      });
    good.forEach(({ index, entry }, i) => {
      const outcome = outcomes[i] ?? 'duplicate';
      results[index] =
        outcome === 'conflict'
          ? {
              index,
              movementId: entry.movementId,
              status: 'rejected',
              code: 'conflict',
              errors: [{ path: '/movementId', message: 'this movement id was recorded before with other content; send a new id for a new movement', keyword: 'conflict' }],
            }
          : { index, movementId: entry.movementId, status: outcome };
    });
  }
  const count = (status: MovementRowResult['status']): number => results.filter((r) => r.status === status).length;
  return { applied: count('applied'), duplicates: count('duplicate'), rejected: count('rejected'), published, results };
}
