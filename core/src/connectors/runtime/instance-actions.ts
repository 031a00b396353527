import type { Logger } from 'pino';
import type { ActionCapability, Redactor } from '@omnihub/connector-sdk';
import type { EventBus, Subscription } from '../../broker/event-bus.ts';
import type { RetryPolicy } from '../../broker/retry-policy.ts';
import { classifyFailure } from '../../broker/classify.ts';
import type { LoadedConnector } from '../connector-registry.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import { adoptFailure } from './adopt-failure.ts';
import { definitionsOf } from './canonical-events.ts';
import { capabilitySubscriber } from './inbound-intake.ts';
import type { InstanceContexts } from './instance-context.ts';
import { mapPayload, mappingInUse, type MappingApplier } from './mapping-applier.ts';

/** Dependencies of {@link subscribeActions}. */
export interface InstanceActionsDeps {
  bus: EventBus;
  contexts: InstanceContexts;
  mappings: MappingApplier;
  logger: Logger;
  retry?: Partial<RetryPolicy> | undefined;
  /** Pauses the instance after an authentication or configuration failure (never rejects). */
  pause: (reason: string) => Promise<void>;
}

/** The idempotency key of an action for one event: the same event always gives the same key. */
export function actionIdempotencyKey(instanceId: string, action: string, eventId: string): string {
  return `${instanceId}:${action}:${eventId}`;
}

async function subscribeAction(deps: InstanceActionsDeps, instance: ConnectorInstance, connector: LoadedConnector, action: ActionCapability, redact: Redactor): Promise<Subscription> {
  const handler = connector.definition.actions?.[action.name];
  if (handler === undefined) throw new Error(`${connector.key} does not implement action "${action.name}"`);
  const subscription = await deps.bus.subscribe({
    name: capabilitySubscriber(instance.id, action.name),
    events: definitionsOf(action.consumes),
    ...(deps.retry === undefined ? {} : { retry: deps.retry }),
    versions: { connector: connector.key, mapping: mappingInUse(deps.mappings, action, instance.mappingOverrides) },
    handle: async (event, { tx }) => {
      try {
        const { output: payload } = await mapPayload(deps.mappings, action, instance.mappingOverrides, event.data);
        const ctx = await deps.contexts.context(instance, connector, tx);
        const input = {
          payload,
          event: {
            id: event.id,
            type: event.type,
            source: event.source,
            data: event.data,
            ...(event.time === undefined ? {} : { time: event.time }),
            ...(event.correlationid === undefined ? {} : { correlationid: event.correlationid }),
          },
          idempotencyKey: actionIdempotencyKey(instance.id, action.name, event.id),
        };
        await handler.execute(input, ctx);
      } catch (error: unknown) {
        const adopted = adoptFailure(error, redact);
        const failure = classifyFailure(adopted);
        if (failure.kind === 'authentication' || failure.kind === 'configuration') {
          // The bus pauses this subscription itself; the whole instance pauses with it, once this
          // delivery's transaction is over (on the embedded database it holds the one connection).
          setImmediate(() => void deps.pause(`${action.name}: ${failure.code}: ${failure.message}`));
        }
        throw adopted;
      }
    },
  });
  // The instance is enabled (only enabled instances run): a subscription left paused by an earlier
  // failure resumes with it.
  if (subscription.paused) await subscription.resume();
  return subscription;
}

/**
 * Subscribes each action of an instance to the canonical events it consumes, on a queue named
 * `connector.<instance>.<action>`: each event is mapped to the vendor payload and handed to the
 * action with a stable idempotency key. Failures of the mapping and of the action propagate to the
 * bus, which retries, dead-letters (recording connector and mapping versions) or pauses by their
 * kind; an authentication or configuration failure pauses the whole instance.
 */
export async function subscribeActions(deps: InstanceActionsDeps, instance: ConnectorInstance, connector: LoadedConnector, redact: Redactor): Promise<Subscription[]> {
  const subscriptions: Subscription[] = [];
  try {
    for (const action of connector.manifest.capabilities.actions ?? []) subscriptions.push(await subscribeAction(deps, instance, connector, action, redact));
  } catch (error: unknown) {
    await Promise.allSettled(subscriptions.map((s) => s.cancel()));
    throw error;
  }
  return subscriptions;
}
