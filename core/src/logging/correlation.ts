import { AsyncLocalStorage } from 'node:async_hooks';

/** What travels with one unit of work (a request, a message) for its log lines. */
export interface CorrelationContext {
  correlationId: string;
  causationId?: string;
  eventId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

/** Runs `fn` with `context` attached to every log line written inside it. */
export function withCorrelation<T>(context: CorrelationContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The correlation context of the current unit of work, if any. */
export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}
