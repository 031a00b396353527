import type { Logger } from 'pino';
import type { CloudEvent } from '../../envelope/cloud-event.ts';
import type { SqlExecutor } from '../../store/store.ts';
import type { Emit } from '../outbox-emitter.ts';
import type { ProjectionBatch } from '../projection-batch.ts';

/** What a projection handler works with. */
export interface ProjectionContext {
  tx: SqlExecutor;
  emit: Emit;
  now: Date;
  logger: Logger;
  /** Where order line updates are held back to be applied together; without it, at once. */
  batch?: ProjectionBatch | undefined;
}

/** A projection handler: applies one event and names the customers whose context changed. */
export type ProjectionHandler<T> = (event: CloudEvent<T>, context: ProjectionContext) => Promise<Iterable<string | undefined>>;
