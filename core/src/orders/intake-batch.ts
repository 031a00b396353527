import { bufferedEmitter, type EmitterBase } from '../broker/outbox-emitter.ts';
import { enqueueOutboxMany, outboxInsert } from '../broker/outbox.ts';
import { outboxClaimOf, outboxSavepoint } from '../broker/outbox-claim.ts';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import { HubError } from '../errors/hub-error.ts';
import { OrderCreated } from '../events/catalog.ts';
import { ReservationRefused } from '../routing/ports.ts';
import type { SqlExecutor } from '../store/store.ts';
import { routeNewOrders, type NewOrder } from './dispatch-batch.ts';
import { routeAndDispatch, type Dispatched, type OrderFlowDeps } from './dispatch.ts';
import type { IntakeOutcome } from './intake.ts';
import { openLines } from './order-progress.ts';
import { orderRulesError } from './order-rules.ts';
import { insertOrders, type Order } from './order-store.ts';

/** One order to take in with others (see {@link intakeOrders}). */
export interface IntakeItem {
  order: Order;
  /** `/v1/orders` for the API, the event's source for `order.created`. */
  source: string;
  /** Source and correlation of the events emitted for this order. */
  emitter: EmitterBase;
  /** Emit `order.created` (true when the order did not arrive as that event). */
  announce: boolean;
}

/** What became of one item: its outcome, or the error taking it in alone would have thrown. */
export type IntakeResult = { ok: true; outcome: IntakeOutcome } | { ok: false; error: unknown };

/**
 * Takes several orders in, in the caller's transaction, each as {@link intakeOrder} would and in
 * the given order, with a fixed number of statements whatever their count: the orders stored
 * together, routed one after the other against one read of stock and capacity (each seeing what
 * the ones before it took), written, reserved and queued in the outbox together. Should a
 * reservation lose a race to another process, the routing is rolled back and the new orders are
 * routed one at a time, as alone. An order known under its id with other content gets the
 * `conflict` error, one breaking the order rules `validation-failed` (it is not stored); the rest
 * are unaffected.
 */
export async function intakeOrders(tx: SqlExecutor, deps: OrderFlowDeps, items: readonly IntakeItem[]): Promise<IntakeResult[]> {
  const refused = items.map((item) => orderRulesError(item.order));
  if (refused.every((error) => error === undefined)) return intakeValidOrders(tx, deps, items);
  const valid = items.filter((_, index) => refused[index] === undefined);
  const results = valid.length === 0 ? [] : await intakeValidOrders(tx, deps, valid);
  let next = 0;
  return items.map((_, index): IntakeResult => {
    const error = refused[index];
    if (error !== undefined) return { ok: false, error };
    const result = results[next];
    next += 1;
    if (result === undefined) throw new Error('an order of the batch has no result');
    return result;
  });
}

async function intakeValidOrders(tx: SqlExecutor, deps: OrderFlowDeps, items: readonly IntakeItem[]): Promise<IntakeResult[]> {
  const inserted = await insertOrders(tx, items.map((item) => ({ order: item.order, origin: { source: item.source, correlationId: item.emitter.correlationId } })));
  const announced: CloudEvent[] = [];
  const fresh: { index: number; entry: NewOrder; queued: CloudEvent[] }[] = [];
  for (const [index, outcome] of inserted.entries()) {
    const item = items[index];
    if (outcome.kind !== 'created' || item === undefined) continue;
    if (item.announce) await bufferedEmitter(deps.registry, item.emitter, announced)(OrderCreated, { order: item.order }, { subject: item.order.id, partitionKey: item.order.id });
    const queued: CloudEvent[] = [];
    fresh.push({ index, entry: { record: outcome.record, emit: bufferedEmitter(deps.registry, item.emitter, queued) }, queued });
  }
  const dispatched = new Map<number, Dispatched | undefined>();
  // Only new orders announce or emit anything: without them there is nothing to queue.
  const queuedEvents = (): CloudEvent[] => [...announced, ...fresh.flatMap(({ queued }) => queued)];
  if (fresh.length > 0) {
    const savepoint = await outboxSavepoint(tx, 'omnihub_intake_batch');
    try {
      // The events are queued before the stock and capacity rows are locked: a large batch's
      // outbox insert then no longer holds up the other transactions waiting for those rows.
      const routed = await routeNewOrders(tx, deps, fresh.map(({ entry }) => entry), () => outboxInsert(queuedEvents(), outboxClaimOf(tx)));
      fresh.forEach(({ index }, at) => dispatched.set(index, routed[at]));
      // The savepoint is left to the commit to release: a round trip less while stock is locked.
    } catch (error: unknown) {
      // The rollback also takes back the events queued inside the savepoint.
      await savepoint.rollback();
      if (!(error instanceof ReservationRefused)) throw error;
      for (const { index, entry, queued } of fresh) {
        queued.length = 0;
        dispatched.set(index, await routeAndDispatch(tx, deps, entry.emit, entry.record, openLines(entry.record), { event: 'routed' }));
      }
      await enqueueOutboxMany(tx, queuedEvents());
    }
  }
  return inserted.map((outcome, index): IntakeResult => {
    if (outcome.kind === 'same') return { ok: true, outcome: { kind: 'duplicate' } };
    if (outcome.kind === 'different') return { ok: false, error: new HubError('conflict', { detail: `order ${items[index]?.order.id ?? ''} already exists with different content` }) };
    return { ok: true, outcome: { kind: 'created', dispatched: dispatched.get(index) } };
  });
}
