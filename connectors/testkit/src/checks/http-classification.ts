import type { FailureKind } from '@omnihub/connector-sdk';
import { verdict, type CheckResult } from '../check-result.ts';
import { describeThrown, within, type RunEnvironment } from '../run-environment.ts';
import { actionInput, actionSample } from './action-input.ts';

/** Retry-After the vendor double sends with its 429, in seconds. */
const RETRY_AFTER_SECONDS = 7;

/** One vendor answer and the failure it must become. */
interface StatusCase {
  label: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
  kind: FailureKind;
}

const CASES: readonly StatusCase[] = [
  { label: `429 with Retry-After: ${RETRY_AFTER_SECONDS}`, status: 429, headers: { 'retry-after': String(RETRY_AFTER_SECONDS) }, body: { error: 'rate limit exceeded' }, kind: 'rate-limited' },
  { label: '503', status: 503, headers: {}, body: { error: 'service unavailable' }, kind: 'transient' },
  { label: '500', status: 500, headers: {}, body: { error: 'internal error' }, kind: 'transient' },
  { label: '422 (validation)', status: 422, headers: {}, body: { errors: [{ field: 'quantity', message: 'must be 0 or more' }] }, kind: 'permanent' },
  { label: '400 (validation)', status: 400, headers: {}, body: { error: 'bad request', detail: 'field "sku" is required' }, kind: 'permanent' },
  { label: '401', status: 401, headers: {}, body: { error: 'invalid credentials' }, kind: 'authentication' },
];

/** Something the check can drive against the failing vendor: an action or a poller. */
interface Target {
  label: string;
  run(): Promise<unknown>;
}

function targets<Config>(env: RunEnvironment<Config>, findings: string[]): Target[] {
  const found: Target[] = [];
  for (const capability of env.connector.manifest.capabilities.actions ?? []) {
    const sample = actionSample(env.conformance.actions, capability.name);
    const handler = env.connector.actions?.[capability.name];
    if ('problem' in sample) findings.push(sample.problem);
    else if (handler !== undefined) found.push({ label: `action "${capability.name}"`, run: () => handler.execute(actionInput(capability, sample.sample), env.context()) });
  }
  for (const [name, { cursor }] of Object.entries(env.conformance.pollers ?? {})) {
    const poller = env.connector.pollers?.[name];
    if (poller === undefined) findings.push(`the conformance config lists poller "${name}", which the connector does not implement`);
    else found.push({ label: `poller "${name}"`, run: () => poller.poll(cursor, env.context()) });
  }
  return found;
}

function caseFinding(target: string, testCase: StatusCase, error: unknown): string | undefined {
  const kind = error !== null && typeof error === 'object' ? (error as { kind?: unknown }).kind : undefined;
  if (kind !== testCase.kind) {
    const got = typeof kind === 'string' ? `a ${kind} failure` : `an error of no failure kind (${describeThrown(error)})`;
    return `${target}: vendor ${testCase.label} must be a ${testCase.kind} failure, got ${got}`;
  }
  if (testCase.kind === 'rate-limited') {
    const retryAfterMs = (error as { retryAfterMs?: unknown }).retryAfterMs;
    // A second either way: an HTTP-date Retry-After is read against a clock.
    if (typeof retryAfterMs !== 'number' || Math.abs(retryAfterMs - RETRY_AFTER_SECONDS * 1000) > 1000) {
      return `${target}: vendor ${testCase.label} must carry retryAfterMs ≈ ${RETRY_AFTER_SECONDS * 1000}, got ${String(retryAfterMs)}`;
    }
  }
  return undefined;
}

/**
 * The `http-classification` check: each action (with its sample input) and each poller listed in
 * the conformance config is driven against the vendor double answering 429 with Retry-After, 503,
 * 500, 422, 400 and 401, and must fail with the kind that decides what the hub does next:
 * rate-limited (carrying the wait), transient, permanent, authentication.
 *
 * @example
 * const result = await checkHttpClassification(env);
 */
export async function checkHttpClassification<Config>(env: RunEnvironment<Config>): Promise<CheckResult> {
  const findings: string[] = [];
  const driven = targets(env, findings);
  if (driven.length === 0 && findings.length === 0) {
    return verdict('http-classification', ['nothing calls the vendor: the connector has no action and the conformance config lists no poller; waive this check with a reason if it makes no HTTP calls'], '');
  }
  const { vendor } = env;
  if (vendor === undefined) return verdict('http-classification', ['the conformance config starts no vendor double to answer with errors (vendor.start)'], '');
  try {
    for (const target of driven) {
      for (const testCase of CASES) {
        vendor.respondWith(testCase.status, testCase.headers, testCase.body);
        try {
          const result = await within(target.label, () => target.run());
          env.observe(result);
          findings.push(`${target.label}: vendor ${testCase.label} was taken as a success; it must be a ${testCase.kind} failure`);
        } catch (error: unknown) {
          env.observe(error);
          const finding = caseFinding(target.label, testCase, error);
          if (finding !== undefined) findings.push(finding);
        }
      }
    }
  } finally {
    vendor.reset();
  }
  return verdict('http-classification', findings, `${driven.length} caller${driven.length === 1 ? '' : 's'} classify 429, 5xx, 4xx and 401 correctly`);
}
