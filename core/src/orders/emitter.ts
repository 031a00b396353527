export { outboxEmitter, type Emit } from '../broker/outbox-emitter.ts';
