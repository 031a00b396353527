import { outboxEmitter } from '../../customers/outbox-emitter.ts';
import type { SchemaRegistry } from '../../schema/registry.ts';
import type { Store } from '../../store/store.ts';
import { accountedUnits } from '../return-types.ts';
import { loadReturn } from './return-repository.ts';
import type { SagaDeps, StepContext } from './step.ts';
import { lapse, park } from './transitions.ts';

/** What one sweep did. */
export interface SweepReport {
  /** Returns whose authorization lapsed (goods never came): compensated and closed. */
  lapsed: string[];
  /** Returns whose refund went unanswered: parked for manual refund. */
  refundTimeouts: string[];
}

/** Dependencies of the {@link ReturnsSweeper}. */
export interface SweeperDeps {
  store: Store;
  registry: SchemaRegistry;
  saga: SagaDeps;
  onQueued: () => void;
  refundTimeoutMinutes: number;
}

/** Most returns one sweep handles of each kind; the next sweep takes the rest. */
const BATCH = 100;

/**
 * The saga's clock-driven transitions, run on a timer (and on demand with an injected time in
 * tests): authorizations past their receive-by date with nothing received are compensated (label
 * voided, authorization revoked, return closed); refunds unanswered past the timeout park the
 * return for a manual refund with an ops alert. Each return moves in its own transaction, re-read
 * and locked, so concurrent sweepers never act twice.
 */
export class ReturnsSweeper {
  readonly #deps: SweeperDeps;

  constructor(deps: SweeperDeps) {
    this.#deps = deps;
  }

  async sweep(now: Date): Promise<SweepReport> {
    const report: SweepReport = { lapsed: [], refundTimeouts: [] };
    const at = now.toISOString();
    const { rows: lapsing } = await this.#deps.store.query<{ return_id: string }>(
      "select return_id from returns where status in ('authorized', 'label-issued') and receive_by < $1 order by receive_by limit $2",
      [at, BATCH],
    );
    for (const { return_id: id } of lapsing) {
      if (await this.#move(id, now, async (context, record) => {
        if (!['authorized', 'label-issued'].includes(record.status) || record.receiveBy === undefined || record.receiveBy >= at) return false;
        if (record.lines.some((line) => accountedUnits(line) > 0)) return false;
        await lapse(context, record, { reason: `no goods received by ${record.receiveBy}` });
        return true;
      })) report.lapsed.push(id);
    }
    const cutoff = new Date(now.getTime() - this.#deps.refundTimeoutMinutes * 60_000).toISOString();
    const { rows: waiting } = await this.#deps.store.query<{ return_id: string }>(
      "select return_id from returns where status = 'inspected' and refund->>'status' in ('requested', 'pending') and refund->>'requestedAt' < $1 order by updated_at limit $2",
      [cutoff, BATCH],
    );
    for (const { return_id: id } of waiting) {
      if (await this.#move(id, now, async (context, record) => {
        const refund = record.refund;
        if (record.status !== 'inspected' || refund === undefined || !['requested', 'pending'].includes(refund.status) || (refund.requestedAt ?? at) >= cutoff) return false;
        await park(context, record, { kind: 'refund-timeout', message: `${refund.gateway ?? 'the payment system'} (instance ${refund.instanceId ?? '-'}) did not answer refund ${refund.requestId} within ${this.#deps.refundTimeoutMinutes} minutes` });
        return true;
      })) report.refundTimeouts.push(id);
    }
    return report;
  }

  async #move(id: string, now: Date, work: (context: StepContext, record: NonNullable<Awaited<ReturnType<typeof loadReturn>>>) => Promise<boolean>): Promise<boolean> {
    const moved = await this.#deps.store.transaction(async (tx) => {
      const record = await loadReturn(tx, id, true);
      if (record === undefined) return false;
      const context: StepContext = { tx, emit: outboxEmitter(tx, this.#deps.registry, { source: '/omnihub/returns' }), now, actor: 'omnihub', deps: this.#deps.saga };
      return work(context, record);
    });
    if (moved) this.#deps.onQueued();
    return moved;
  }
}
