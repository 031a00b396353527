import type { Clock } from '@omnihub/connector-sdk';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { EventBus, Subscription } from '../broker/event-bus.ts';
import { instanceOfSource } from '../customers/outbox-emitter.ts';
import { RefundIssued, ReturnRequested } from '../events/catalog.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { Store } from '../store/store.ts';
import { ReturnsService } from './returns-service.ts';
import { FlowAlerts } from './saga/flow-alerts.ts';
import { loadReturn } from './saga/return-repository.ts';
import type { RefundInstances, SagaDeps, StepContext } from './saga/step.ts';
import { intakeReportedReturn } from './saga/event-intake.ts';
import { ReturnsSweeper, type SweepReport } from './saga/sweeper.ts';
import { refundAnswered } from './saga/transitions.ts';
import type { ReturnRecord } from './return-types.ts';

/** Subscriber name of the returns saga. */
export const RETURNS_SUBSCRIBER = 'flow.returns';

/** Settings of the returns flow. */
export interface ReturnsFlowOptions {
  /** Payment gateway → connector instance that refunds it, before the automatic choice. */
  refundInstances?: RefundInstances | undefined;
  /** Minutes a requested refund may go unanswered before the return is parked (default 1440, a day). */
  refundTimeoutMinutes?: number | undefined;
  /** How often the sweeper looks for lapsed authorizations and unanswered refunds (default 60 s; 0: never, call sweep). */
  sweepIntervalMs?: number | undefined;
  /** Failure-injection seam for tests: called before each saga step. */
  beforeStep?: SagaDeps['beforeStep'];
  /** Prometheus registry for omnihub_flow_alerts_total. */
  metrics?: Registry | undefined;
}

/** Dependencies of the returns flow. */
export interface ReturnsFlowDeps {
  store: Store;
  registry: SchemaRegistry;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  /** Relays the outbox at once (after API transitions and sweeps). */
  onQueued: () => void;
  options?: ReturnsFlowOptions | undefined;
}

/** A running returns flow: its service for the API, the sweeper, and how to stop it. */
export interface ReturnsFlow {
  service: ReturnsService;
  /** Lapses authorizations whose goods never came and parks unanswered refunds, as of `now`. */
  sweep(now?: Date): Promise<SweepReport>;
  close(): Promise<void>;
}

/** `connector:<instance>` for connector events, else the event's source. */
function actorOf(source: string): string {
  const instance = instanceOfSource(source);
  return instance === undefined ? source : `connector:${instance.instanceId}`;
}

/**
 * Starts the returns saga: the service the API drives, the `flow.returns` subscriber (returns
 * reported by connectors as return.requested, and the payment systems' refund.issued answers),
 * and the sweeper (lapsed authorizations, unanswered refunds).
 */
export async function startReturnsFlow(deps: ReturnsFlowDeps): Promise<ReturnsFlow> {
  const options = deps.options ?? {};
  const saga: SagaDeps = {
    alerts: new FlowAlerts(deps.logger.child({ flow: 'returns' }), options.metrics),
    logger: deps.logger,
    refundInstances: options.refundInstances ?? {},
    beforeStep: options.beforeStep,
  };
  const service = new ReturnsService({ store: deps.store, registry: deps.registry, saga, clock: deps.clock, onQueued: deps.onQueued });
  const subscription: Subscription = await deps.bus.subscribe({
    name: RETURNS_SUBSCRIBER,
    events: [ReturnRequested, RefundIssued],
    handle: async (event, { tx, emit }) => {
      const context: StepContext = { tx, emit, now: deps.clock.now(), actor: actorOf(event.source), deps: saga };
      if (event.type === ReturnRequested.type) {
        await intakeReportedReturn(context, event as Parameters<typeof intakeReportedReturn>[1]);
        return;
      }
      const refund = (event.data as { refund: Parameters<typeof refundAnswered>[2] }).refund;
      if (refund.returnId === undefined) return;
      const record: ReturnRecord | undefined = await loadReturn(tx, refund.returnId, true);
      if (record === undefined) return;
      await refundAnswered(context, record, refund);
    },
  });
  const sweeper = new ReturnsSweeper({ store: deps.store, registry: deps.registry, saga, onQueued: deps.onQueued, refundTimeoutMinutes: options.refundTimeoutMinutes ?? 1440 });
  const interval = options.sweepIntervalMs ?? 60_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          sweeper.sweep(deps.clock.now()).catch((error: unknown) => deps.logger.warn({ err: error }, 'returns sweep failed'));
        }, interval)
      : undefined;
  timer?.unref();
  return {
    service,
    sweep: (now) => sweeper.sweep(now ?? deps.clock.now()),
    close: async () => {
      clearInterval(timer);
      await subscription.cancel();
    },
  };
}
