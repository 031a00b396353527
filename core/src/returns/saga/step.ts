import { isHandlerFailure } from '@omnihub/connector-sdk';
import type { Logger } from 'pino';
import { HubError } from '../../errors/hub-error.ts';
import type { Emit } from '../../customers/outbox-emitter.ts';
import type { SqlExecutor } from '../../store/store.ts';
import type { HistoryEntry, ReturnRecord, ReturnStatus } from '../return-types.ts';
import type { FlowAlerts } from './flow-alerts.ts';
import { appendHistory, saveReturn } from './return-repository.ts';

/** Where refunds go when the order's own source cannot say: payment gateway → connector instance id. */
export type RefundInstances = Readonly<Partial<Record<string, string>>>;

/** What the saga's steps share, for the life of the flow. */
export interface SagaDeps {
  alerts: FlowAlerts;
  logger: Logger;
  /** Explicit refund routing, checked before the order's source and the installed instances. */
  refundInstances: RefundInstances;
  /**
   * Called before each step with its name; throwing fails that step. A test seam for failure
   * injection (the production flow leaves it undefined).
   */
  beforeStep?: ((step: string, record: ReturnRecord) => void) | undefined;
}

/** What one step runs with: the transaction, the outbox, the time, and who acts. */
export interface StepContext {
  tx: SqlExecutor;
  emit: Emit;
  now: Date;
  /** API key name, `connector:<instance>` for connector events, `omnihub` for the scheduler. */
  actor: string;
  deps: SagaDeps;
}

/**
 * One step of the saga. Its effects (rows and outbox events) share the transaction of the
 * transition it belongs to, so a failing step leaves nothing of the earlier steps of that
 * transition behind. Effects of earlier, committed transitions are undone by explicit
 * compensation steps (see docs/returns.md).
 */
export interface SagaStep<I> {
  name: string;
  run(context: StepContext, record: ReturnRecord, input: I): Promise<ReturnRecord>;
}

/**
 * Runs one step, after the failure-injection seam. A failure that is not about the caller's input
 * (a HubError, a status conflict, a handler failure with its own kind) is wrapped in
 * {@link StepFailed} naming the step.
 */
export async function runStep<I>(context: StepContext, step: SagaStep<I>, record: ReturnRecord, input: I): Promise<ReturnRecord> {
  try {
    context.deps.beforeStep?.(step.name, record);
    return await step.run(context, record, input);
  } catch (error: unknown) {
    if (error instanceof HubError || error instanceof StatusConflict || error instanceof StepFailed || isHandlerFailure(error)) throw error;
    throw new StepFailed(step.name, record.id, error);
  }
}

/** A saga step failed unexpectedly; its transition is rolled back. */
export class StepFailed extends Error {
  readonly step: string;
  readonly returnId: string;

  constructor(step: string, returnId: string, cause: unknown) {
    super(`step ${step} of return ${returnId} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StepFailed';
    this.step = step;
    this.returnId = returnId;
  }
}

/** Saves a return moved to `status` (or kept, when undefined) and records the step in its history. */
export async function commitStep(
  context: StepContext,
  before: ReturnRecord,
  after: ReturnRecord,
  step: string,
  detail?: Record<string, unknown>,
  outcome: HistoryEntry['outcome'] = 'done',
): Promise<ReturnRecord> {
  const at = context.now.toISOString();
  const saved = await saveReturn(context.tx, { ...after, updatedAt: at });
  await appendHistory(context.tx, after.id, {
    at,
    step,
    outcome,
    fromStatus: before.status,
    ...(after.status === before.status ? {} : { toStatus: after.status }),
    actor: context.actor,
    ...(detail === undefined ? {} : { detail }),
  });
  return saved;
}

/** Throws when a return is not in one of `allowed` statuses. */
export function requireStatus(record: ReturnRecord, allowed: readonly ReturnStatus[], action: string): void {
  if (!allowed.includes(record.status)) {
    throw new StatusConflict(`return ${record.id} is ${record.status}; ${action} needs it ${allowed.join(' or ')}`);
  }
}

/** A request that does not fit the return's current state (the API answers 409). */
export class StatusConflict extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatusConflict';
  }
}
