import type { OutboxRelay } from '../broker/outbox.ts';
import { claimOutboxRows } from '../broker/outbox-claim.ts';
import type { Store } from '../store/store.ts';
import type { OrderFlowDeps } from './dispatch.ts';
import { intakeOrders, type IntakeItem, type IntakeResult } from './intake-batch.ts';
import type { IntakeOutcome } from './intake.ts';

/** Options of {@link OrderIntakeQueue}. */
export interface OrderIntakeQueueOptions {
  store: Store;
  deps: OrderFlowDeps;
  /** Orders taken in per transaction at most (default 64). */
  maxBatch?: number | undefined;
  /** Transactions running at once (default 2). */
  concurrency?: number | undefined;
  /** Called after a transaction that took orders in committed (e.g. to relay the outbox at once). */
  onCommitted?: (() => void) | undefined;
  /**
   * This process's outbox relay: a transaction's events are then published from memory the moment
   * it commits (see OutboxClaim), and `onCommitted` is left out while the relay runs.
   */
  relay?: Pick<OutboxRelay, 'claim' | 'publishClaimed'> | undefined;
}

interface Waiting {
  item: IntakeItem;
  resolve: (outcome: IntakeOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * Takes orders in as they arrive, several per transaction: orders that arrive while transactions
 * are running wait, and the next transaction takes all of them at once (up to `maxBatch`), so a
 * busy intake spends its database round trips per batch instead of per order. An idle queue
 * starts an order's transaction at once. Each order's promise settles after its transaction
 * commits, with what {@link intakeOrder} would have answered alone. Should a batch's transaction
 * fail, each of its orders is taken in again in a transaction of its own, so one order's failure
 * is that order's only.
 */
export class OrderIntakeQueue {
  readonly #options: OrderIntakeQueueOptions;
  readonly #maxBatch: number;
  readonly #concurrency: number;
  #waiting: Waiting[] = [];
  #running = 0;
  #scheduled = false;
  #idle: (() => void)[] = [];

  constructor(options: OrderIntakeQueueOptions) {
    this.#options = options;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 64);
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
  }

  /** Takes an order in with whatever else is waiting; resolves once it is committed. */
  submit(item: IntakeItem): Promise<IntakeOutcome> {
    return new Promise<IntakeOutcome>((resolve, reject) => {
      this.#waiting.push({ item, resolve, reject });
      this.#schedule();
    });
  }

  /** Resolves once no order is waiting or being taken in (call after new submissions stop). */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Orders waiting for a transaction. */
  get waiting(): number {
    return this.#waiting.length;
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Orders arriving in the same turn of the event loop go together.
    setImmediate(() => {
      this.#scheduled = false;
      this.#drain();
    });
  }

  #drain(): void {
    while (this.#running < this.#concurrency && this.#waiting.length > 0) {
      const batch = this.#take();
      this.#running += 1;
      void this.#run(batch).finally(() => {
        this.#running -= 1;
        if (this.#waiting.length > 0) this.#schedule();
        else if (this.#running === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  /** The next batch: the oldest waiting orders, at most one per order id (a repeat waits for the next). */
  #take(): Waiting[] {
    const batch: Waiting[] = [];
    const ids = new Set<string>();
    const rest: Waiting[] = [];
    for (const waiting of this.#waiting) {
      if (batch.length < this.#maxBatch && !ids.has(waiting.item.order.id)) {
        ids.add(waiting.item.order.id);
        batch.push(waiting);
      } else {
        rest.push(waiting);
      }
    }
    this.#waiting = rest;
    return batch;
  }

  async #run(batch: readonly Waiting[]): Promise<void> {
    const { store, deps, onCommitted, relay } = this.#options;
    const outbox = relay?.claim();
    let results: IntakeResult[];
    try {
      results = await store.transaction((tx) => {
        claimOutboxRows(tx, outbox);
        return intakeOrders(tx, deps, batch.map((waiting) => waiting.item));
      });
    } catch (error: unknown) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      await Promise.all(batch.map((waiting) => this.#run([waiting])));
      return;
    }
    if (outbox !== undefined) relay?.publishClaimed(outbox);
    else if (results.some((result) => result.ok && result.outcome.kind === 'created')) onCommitted?.();
    batch.forEach((waiting, index) => {
      const result = results[index];
      if (result === undefined) waiting.reject(new Error('order intake returned no result'));
      else if (result.ok) waiting.resolve(result.outcome);
      else waiting.reject(result.error);
    });
  }
}
