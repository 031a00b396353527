import { createHash, randomUUID } from 'node:crypto';
import type { ActionCapability, ActionInput } from '@omnihub/connector-sdk';
import type { ActionSample } from '../conformance-config.ts';
import { CONFORMANCE_INSTANCE_ID } from '../run-environment.ts';

/**
 * An action input for a fresh canonical event: the sample's payload, the event filled in (a new
 * id, by default the first consumed type), and an idempotency key derived from the
 * instance, action and event id, so a redelivery of the same event carries the same key.
 */
export function actionInput(capability: ActionCapability, sample: ActionSample): ActionInput {
  const [firstType = 'conformance.event@1'] = capability.consumes;
  const event = {
    type: firstType.slice(0, firstType.lastIndexOf('@')),
    source: '/conformance',
    time: new Date().toISOString(),
    data: {},
    ...sample.event,
    // Always a new event: a delivery of the same event reuses the whole input instead.
    id: randomUUID(),
  };
  const idempotencyKey = createHash('sha256').update(`${CONFORMANCE_INSTANCE_ID}\n${capability.name}\n${event.id}`).digest('hex').slice(0, 32);
  return { payload: structuredClone(sample.payload), event, idempotencyKey };
}

/** Why an action check cannot run for `capability`, or its sample. */
export function actionSample(samples: Record<string, ActionSample> | undefined, capability: string): { sample: ActionSample } | { problem: string } {
  const sample = samples?.[capability];
  if (sample === undefined) return { problem: `the conformance config has no sample input for action "${capability}" (actions.${capability})` };
  return { sample };
}
