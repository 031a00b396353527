import type { ActionInput } from '@omnihub/connector-sdk';
import { verdict, type CheckResult } from '../check-result.ts';
import { describeThrown, within, type RunEnvironment } from '../run-environment.ts';
import { actionInput, actionSample } from './action-input.ts';

/** Why a connector with no actions must waive the action checks rather than pass them unseen. */
export const NO_ACTIONS = 'the connector declares no actions; waive this check with a reason if it sends nothing';

async function execute<Config>(env: RunEnvironment<Config>, action: string, input: ActionInput, what: string): Promise<string | undefined> {
  const handler = env.connector.actions?.[action];
  if (handler === undefined) return `action "${action}" has no implementation`;
  try {
    env.observe(await within(`action "${action}"`, () => handler.execute(input, env.context())));
    return undefined;
  } catch (error: unknown) {
    env.observe(error);
    return `action "${action}" failed on ${what}: ${describeThrown(error)}`;
  }
}

/**
 * The `action-idempotency` check: for each action, one event delivered twice (the same input,
 * as a redelivery after a lost ack brings it) gives exactly one vendor effect, and a second,
 * different event gives one more (which proves the vendor double counts this action's effects).
 *
 * @example
 * const result = await checkActionIdempotency(env);
 */
export async function checkActionIdempotency<Config>(env: RunEnvironment<Config>): Promise<CheckResult> {
  const actions = env.connector.manifest.capabilities.actions ?? [];
  if (actions.length === 0) return verdict('action-idempotency', [NO_ACTIONS], '');
  const { vendor } = env;
  if (vendor === undefined) return verdict('action-idempotency', ['the conformance config starts no vendor double to count effects (vendor.start)'], '');
  const findings: string[] = [];
  for (const capability of actions) {
    const found = actionSample(env.conformance.actions, capability.name);
    if ('problem' in found) {
      findings.push(found.problem);
      continue;
    }
    vendor.reset();
    const input = actionInput(capability, found.sample);
    const before = vendor.effects();
    const first = await execute(env, capability.name, input, 'the first delivery');
    if (first !== undefined) {
      findings.push(first);
      continue;
    }
    const redelivered = await execute(env, capability.name, structuredClone(input), 'a redelivery of the same event');
    if (redelivered !== undefined) findings.push(redelivered);
    const afterTwo = vendor.effects();
    if (afterTwo - before !== 1) findings.push(`action "${capability.name}": the same event delivered twice gave ${afterTwo - before} vendor effects, not 1`);
    const other = await execute(env, capability.name, actionInput(capability, found.sample), 'a second, different event');
    if (other !== undefined) findings.push(other);
    else if (vendor.effects() - afterTwo !== 1) {
      findings.push(`action "${capability.name}": a different event gave ${vendor.effects() - afterTwo} new vendor effects, not 1 (does the vendor double count this action's effects?)`);
    }
  }
  return verdict('action-idempotency', findings, `${actions.length} action${actions.length === 1 ? '' : 's'} give one vendor effect per event, redelivered or not`);
}
