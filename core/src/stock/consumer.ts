import { InvalidMessageFailure } from '@omnihub/connector-sdk';
import type { Logger } from 'pino';
import type { HandlerContext, SubscriptionSpec } from '../broker/event-bus.ts';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import { InventoryLevelChanged, InventoryMovementRecorded } from '../events/catalog.ts';
import { describeFieldErrors } from '../schema/field-errors.ts';
import type { SqlExecutor, Store } from '../store/store.ts';
import { withBatchEnd } from './batch-end.ts';
import { recordMovements } from './ledger.ts';
import { movementProblems, toLedgerEntry, type LedgerEntry } from './ledger-entry.ts';
import { publishAvailability, type LevelChangedData, type PublishCause, type PublishedChange } from './publish.ts';

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
class MovementBatch {
  readonly entries: LedgerEntry[] = [];
  readonly causes = new Map<string, PublishCause>();

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
async function applyBatch(tx: SqlExecutor, batch: MovementBatch, logger: Logger, enqueue?: (events: readonly CloudEvent<LevelChangedData>[]) => Promise<void>): Promise<BatchReport> {
  const report: BatchReport = { movements: batch.entries.length, applied: 0, duplicates: 0, conflicts: 0, published: [] };
  if (batch.entries.length === 0) return report;
  const { outcomes, skus } = await recordMovements(tx, batch.entries);
  outcomes.forEach((outcome, index) => {
    if (outcome === 'applied') report.applied += 1;
    else if (outcome === 'duplicate') report.duplicates += 1;
    else {
      report.conflicts += 1;
      const entry = batch.entries[index];
      logger.warn({ movementId: entry?.movementId, eventId: entry?.eventId }, 'movement id already recorded with other content; the first one stands');
    }
  });
  report.published = await publishAvailability(tx, skus, { causeOf: (sku) => batch.causes.get(sku), enqueue });
  return report;
}

/** Options of {@link stockConsumer}. */
export interface StockConsumerOptions {
  logger: Logger;
  /** Subscriber name (default {@link STOCK_SUBSCRIBER}). */
  name?: string | undefined;
  /** Deliveries in flight, which bounds a batch (default 200; the bus handles at most 100 per transaction). */
  prefetch?: number | undefined;
  /** Called after each batch committed, with what it did. */
  onBatch?: ((report: BatchReport) => void) | undefined;
}

/** The stock consumer: its subscription and the store that gives its batches an end. */
export interface StockConsumer {
  spec: SubscriptionSpec<readonly [typeof InventoryMovementRecorded]>;
  /**
   * The store for the bus running {@link spec}: each transaction the bus opens for a batch of
   * deliveries gets a movement batch, applied after the last handler and before the commit.
   */
  store: Store;
}

/**
 * The stock consumer of `inventory.movement.recorded` (micro-batched).
 *
 * The event bus already handles the deliveries that arrive together in one transaction, claims
 * their inbox rows in one statement, and acks after the commit; but it calls the handler once per
 * event and has no end-of-batch step. The consumer adds one with {@link StockConsumer.store}: the
 * handler only checks its movement and adds it to the batch of its transaction; the consumer's
 * store (see batch-end.ts) applies the whole batch (ledger, positions, channel availability, outbox) after the
 * bus's handlers and before its commit. So a batch costs a handful of statements whatever its size,
 * a burst for one SKU publishes once per batch, and the acks still follow the commit.
 *
 * On a bus without the wrapper the handler applies its movement at once (one event per batch),
 * emitting through the handler's `emit`.
 */
export function stockConsumer(store: Store, options: StockConsumerOptions): StockConsumer {
  const { logger } = options;
  const batching = withBatchEnd(
    store,
    () => new MovementBatch(),
    (tx, batch) => applyBatch(tx, batch, logger),
    (report) => options.onBatch?.(report),
  );
  const spec: SubscriptionSpec<readonly [typeof InventoryMovementRecorded]> = {
    name: options.name ?? STOCK_SUBSCRIBER,
    events: [InventoryMovementRecorded] as const,
    prefetch: options.prefetch ?? 200,
    handle: async (event, context) => {
      const movement = event.data;
      const problems = movementProblems(movement);
      if (problems.length > 0) {
        throw new InvalidMessageFailure(`stock movement ${movement.movementId} is not acceptable: ${describeFieldErrors(problems)}`, { code: 'stock.movement-invalid' });
      }
      const entry = toLedgerEntry(movement, { eventId: event.id });
      const cause = { correlationId: event.correlationid ?? event.id, causationId: event.id };
      const batch = batching.batchOf(context.tx);
      if (batch !== undefined) {
        batch.add(entry, cause);
        return;
      }
      const single = new MovementBatch();
      single.add(entry, cause);
      options.onBatch?.(await applyBatch(context.tx, single, logger, emitThrough(context)));
    },
  };
  return { spec, store: batching.store };
}

/** Queues events through a handler's `emit`, keeping their ids and envelope attributes. */
function emitThrough(context: HandlerContext): (events: readonly CloudEvent<LevelChangedData>[]) => Promise<void> {
  return async (events) => {
    for (const event of events) {
      await context.emit(InventoryLevelChanged, event.data, {
        id: event.id,
        source: event.source,
        ...(event.time === undefined ? {} : { time: event.time }),
        ...(event.subject === undefined ? {} : { subject: event.subject }),
        ...(event.partitionkey === undefined ? {} : { partitionKey: event.partitionkey }),
        ...(event.sequence === undefined ? {} : { sequence: event.sequence }),
        ...(event.correlationid === undefined ? {} : { correlationId: event.correlationid }),
        ...(event.causationid === undefined ? {} : { causationId: event.causationid }),
      });
    }
  };
}
