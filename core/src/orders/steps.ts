import type { SqlExecutor, Store } from '../store/store.ts';

/**
 * One step of a multi-step operation: what it does, and how to undo it given what it returned.
 * A step with no side effect to undo has no `compensate`.
 */
export interface Step<C, R = unknown> {
  name: string;
  invoke(tx: SqlExecutor, context: C): Promise<R>;
  compensate?: ((tx: SqlExecutor, context: C, result: R) => Promise<void>) | undefined;
}

/** Declares a step, keeping its result type between invoke and compensate. */
export function defineStep<C, R>(step: Step<C, R>): Step<C> {
  return step as unknown as Step<C>;
}

/** A step failed; the steps before it were compensated (or, for those listed, could not be). */
export class StepFailure extends Error {
  readonly step: string;
  readonly compensated: string[];
  readonly compensationErrors: { step: string; error: unknown }[];

  constructor(step: string, cause: unknown, compensated: string[], compensationErrors: { step: string; error: unknown }[]) {
    super(`step ${step} failed: ${cause instanceof Error ? cause.message : String(cause)}${compensationErrors.length === 0 ? '' : `; compensation failed for ${compensationErrors.map((c) => c.step).join(', ')}`}`, { cause });
    this.name = 'StepFailure';
    this.step = step;
    this.compensated = compensated;
    this.compensationErrors = compensationErrors;
  }
}

/**
 * Runs steps one transaction each, Medusa-style: when step n fails, steps n-1 ... 1 are
 * compensated in reverse order, each in its own transaction, and a {@link StepFailure} is thrown
 * carrying the original error. A compensation that fails is reported, and the others still run.
 */
export async function runSteps<C>(store: Store, steps: readonly Step<C>[], context: C): Promise<void> {
  const done: { step: Step<C>; result: unknown }[] = [];
  for (const step of steps) {
    try {
      const result = await store.transaction((tx) => step.invoke(tx, context));
      done.push({ step, result });
    } catch (error: unknown) {
      const compensated: string[] = [];
      const compensationErrors: { step: string; error: unknown }[] = [];
      for (const { step: previous, result } of done.reverse()) {
        if (previous.compensate === undefined) continue;
        const compensate = previous.compensate;
        try {
          await store.transaction((tx) => compensate(tx, context, result));
          compensated.push(previous.name);
        } catch (compensationError: unknown) {
          compensationErrors.push({ step: previous.name, error: compensationError });
        }
      }
      throw new StepFailure(step.name, error, compensated, compensationErrors);
    }
  }
}

/** Runs steps in one transaction: a failure rolls all of them back together. */
export async function runStepsInTransaction<C>(tx: SqlExecutor, steps: readonly Step<C>[], context: C): Promise<void> {
  for (const step of steps) await step.invoke(tx, context);
}
