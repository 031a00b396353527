import type { VerifyResult, WebhookRequest } from '@omnihub/connector-sdk';
import type { WebhookSample } from '../conformance-config.ts';
import { CONFORMANCE_WEBHOOK_URL, describeThrown, within, type RunEnvironment } from '../run-environment.ts';

/** The sample's body as the exact bytes sent. */
export function sampleBody(sample: WebhookSample): Buffer {
  const { body } = sample;
  if (Buffer.isBuffer(body)) return body;
  return Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** Why a webhook check cannot run for `capability`, or the sample to run it with. */
export function webhookSample<Config>(env: RunEnvironment<Config>, capability: string): { sample: WebhookSample } | { problem: string } {
  if (env.conformance.signWebhook === undefined) return { problem: 'the conformance config has no signWebhook function to sign requests with' };
  const sample = env.conformance.webhooks?.[capability];
  if (sample === undefined) return { problem: `the conformance config has no sample request for webhook "${capability}" (webhooks.${capability})` };
  return { sample };
}

/**
 * Builds a request as the vendor would send it: `signedBody` signed with `config` at `at`, then
 * `sentBody` sent (the same bytes, unless the check forges an altered body).
 */
export async function signedRequest<Config>(
  env: RunEnvironment<Config>,
  capability: string,
  sample: WebhookSample,
  options: { config: Config; at: Date; sentBody?: Buffer; unsigned?: boolean },
): Promise<WebhookRequest> {
  const body = sampleBody(sample);
  const sign = env.conformance.signWebhook;
  const signed = options.unsigned === true || sign === undefined ? { headers: {} } : await within(`signWebhook for "${capability}"`, () => sign({ capability, body, config: options.config, at: options.at, url: CONFORMANCE_WEBHOOK_URL }));
  return {
    headers: lowerCased({ ...sample.headers, ...signed.headers }),
    rawBody: options.sentBody ?? body,
    url: CONFORMANCE_WEBHOOK_URL,
    query: { ...sample.query, ...signed.query },
  };
}

/** Calls the webhook's verify; a throw is reported as such (verify must answer, not throw). */
export async function verifyRequest<Config>(env: RunEnvironment<Config>, capability: string, request: WebhookRequest): Promise<VerifyResult | { thrown: string }> {
  const handler = env.connector.webhooks?.[capability];
  if (handler === undefined) return { thrown: `webhook "${capability}" has no implementation` };
  try {
    const result = await within(`verify of webhook "${capability}"`, () => handler.verify(request, env.context()));
    env.observe(result);
    return result;
  } catch (error: unknown) {
    env.observe(error);
    return { thrown: describeThrown(error) };
  }
}

/** A finding when `result` is not a refusal with a reason, undefined when it is one. */
export function refusalFinding(capability: string, what: string, result: VerifyResult | { thrown: string }): string | undefined {
  if ('thrown' in result) return `webhook "${capability}": verify threw on ${what} instead of answering { ok: false, reason } (${result.thrown})`;
  if (result.ok) return `webhook "${capability}" accepted ${what}`;
  if (typeof result.reason !== 'string' || result.reason.trim() === '') return `webhook "${capability}" refused ${what} without a reason`;
  return undefined;
}

/**
 * Runs `check` on each webhook capability with its sample, and gathers what it finds: a capability
 * without a sample is one finding, and so is a check that throws (the error is observed, so a
 * secret in it is caught by `secrets-not-logged`).
 *
 * @example
 * const findings = await eachWebhook(env, webhooks, async (name, sample) => [...(await acceptedFindings(env, name, sample))]);
 */
export async function eachWebhook<Config>(env: RunEnvironment<Config>, webhooks: readonly { name: string }[], check: (name: string, sample: WebhookSample) => Promise<string[]>): Promise<string[]> {
  const findings: string[] = [];
  for (const { name } of webhooks) {
    const found = webhookSample(env, name);
    if ('problem' in found) {
      findings.push(found.problem);
      continue;
    }
    try {
      findings.push(...(await check(name, found.sample)));
    } catch (error: unknown) {
      env.observe(error);
      findings.push(`webhook "${name}": ${describeThrown(error)}`);
    }
  }
  return findings;
}
