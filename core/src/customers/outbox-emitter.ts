export { outboxEmitter, type Emit, type EmitterBase } from '../broker/outbox-emitter.ts';

/** `instance` of a connector event's CloudEvents source `/connectors/<connector>/<instance>`. */
export function instanceOfSource(source: string): { connectorId: string; instanceId: string } | undefined {
  const match = /^\/connectors\/([^/]+)\/([^/]+)$/.exec(source);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { connectorId: match[1], instanceId: match[2] };
}
