import type { Logger } from 'pino';
import type { CloudEvent } from '../../envelope/cloud-event.ts';
import type { SqlExecutor } from '../../store/store.ts';
import type { Emit } from '../outbox-emitter.ts';

/** What a projection handler works with. */
export interface ProjectionContext {
  tx: SqlExecutor;
  emit: Emit;
  now: Date;
  logger: Logger;
}

/** A projection handler: applies one event and names the customers whose context changed. */
export type ProjectionHandler<T> = (event: CloudEvent<T>, context: ProjectionContext) => Promise<Iterable<string | undefined>>;
