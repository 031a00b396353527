import { InvalidMessageFailure } from '@omnihub/connector-sdk';
import type { Logger } from 'pino';
import type { SubscriptionSpec } from '../broker/event-bus.ts';
import { InventoryMovementRecorded } from '../events/catalog.ts';
import { describeFieldErrors } from '../schema/field-errors.ts';
import type { SqlExecutor } from '../store/store.ts';
import { recordAndPublish } from './ledger.ts';
import { movementProblems, toLedgerEntry, type LedgerEntry } from './ledger-entry.ts';
import type { PublishCause, PublishedChange } from './publish.ts';

/** Subscriber name (and queue) of the stock consumer. */
export const STOCK_SUBSCRIBER = 'flow.stock-sync';

/** What one applied batch did. */
export interface BatchReport {
  movements: number;
  applied: number;
  duplicates: number;
  conflicts: number;
  published: PublishedChange[];
}

/** Movements the handlers of one bus batch collected, applied together before the batch commits. */
export class MovementBatch {
  readonly entries: LedgerEntry[] = [];
  readonly causes = new Map<string, PublishCause>();
  /** What applying the batch did, once applied. */
  report: BatchReport | undefined;

  add(entry: LedgerEntry, cause: PublishCause): void {
    this.entries.push(entry);
    // The newest movement of a SKU in the batch is the cause of its publication.
    this.causes.set(entry.sku, cause);
  }
}

/**
 * Applies collected movements in `tx`: one ledger insert, positions locked and updated together,
 * one publication per SKU × channel whose sellable quantity changed (a burst coalesces into its
 * newest value). Conflicting movement ids (same id, other content) keep their first content and
 * are logged.
 */
async function applyBatch(tx: SqlExecutor, batch: MovementBatch, logger: Logger): Promise<BatchReport> {
  const report: BatchReport = { movements: batch.entries.length, applied: 0, duplicates: 0, conflicts: 0, published: [] };
  if (batch.entries.length === 0) return report;
  const { outcomes, published } = await recordAndPublish(tx, batch.entries, { causeOf: (sku) => batch.causes.get(sku) });
  outcomes.forEach((outcome, index) => {
    if (outcome === 'applied') report.applied += 1;
    else if (outcome === 'duplicate') report.duplicates += 1;
    else {
      report.conflicts += 1;
      const entry = batch.entries[index];
      logger.warn({ movementId: entry?.movementId, eventId: entry?.eventId }, 'movement id already recorded with other content; the first one stands');
    }
  });
  report.published = published;
  return report;
}

/** Options of {@link stockConsumer}. */
export interface StockConsumerOptions {
  logger: Logger;
  /** Subscriber name (default {@link STOCK_SUBSCRIBER}). */
  name?: string | undefined;
  /** Deliveries in flight (default 1000); a batch takes up to half of them. */
  prefetch?: number | undefined;
  /** Called after each batch committed, with what it did. */
  onBatch?: ((report: BatchReport) => void) | undefined;
}

/**
 * The stock consumer of `inventory.movement.recorded` (micro-batched).
 *
 * The event bus handles the deliveries that arrive together in one transaction, claims their
 * inbox rows in one statement, and acks after the commit. The handler only checks its movement and
 * adds it to the transaction's batch; the subscription's batch step applies the whole batch
 * (ledger, positions, channel availability, outbox) after the last handler and before the commit.
 * So a batch costs a handful of statements whatever its size, a burst for one SKU publishes once
 * per batch, and the acks still follow the commit.
 */
export function stockConsumer(options: StockConsumerOptions): SubscriptionSpec<readonly [typeof InventoryMovementRecorded], MovementBatch> {
  const { logger } = options;
  return {
    name: options.name ?? STOCK_SUBSCRIBER,
    events: [InventoryMovementRecorded] as const,
    prefetch: options.prefetch ?? 1000,
    maxBatch: Math.max(1, Math.floor((options.prefetch ?? 1000) / 2)),
    batch: {
      open: () => new MovementBatch(),
      close: async (tx, batch) => {
        batch.report = await applyBatch(tx, batch, logger);
      },
      committed: (batch) => {
        if (batch.report !== undefined) options.onBatch?.(batch.report);
      },
    },
    handle: (event, context) => {
      const movement = event.data;
      const problems = movementProblems(movement);
      if (problems.length > 0) {
        return Promise.reject(new InvalidMessageFailure(`stock movement ${movement.movementId} is not acceptable: ${describeFieldErrors(problems)}`, { code: 'stock.movement-invalid' }));
      }
      context.batch.add(toLedgerEntry(movement, { eventId: event.id }), { correlationId: event.correlationid ?? event.id, causationId: event.id });
      return Promise.resolve();
    },
  };
}
