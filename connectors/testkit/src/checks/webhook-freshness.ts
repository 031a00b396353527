import { verdict, type CheckResult } from '../check-result.ts';
import type { RunEnvironment } from '../run-environment.ts';
import { eachWebhook, refusalFinding, signedRequest, verifyRequest } from './webhook-request.ts';
import { NO_WEBHOOKS } from './webhook-signature.ts';

/** Default age of a stale request: an hour is beyond any sensible signature tolerance. */
export const DEFAULT_STALE_AGE_SECONDS = 3600;

/**
 * The `webhook-freshness` check: each webhook refuses a correctly signed request whose signed time
 * lies `staleWebhookAgeSeconds` in the past (a replayed capture), and one from as far in the future.
 * Vendors that sign no timestamp cannot meet it: waive it with that reason.
 *
 * @example
 * const result = await checkWebhookFreshness(env);
 */
export async function checkWebhookFreshness<Config>(env: RunEnvironment<Config>): Promise<CheckResult> {
  const webhooks = env.connector.manifest.capabilities.webhooks ?? [];
  if (webhooks.length === 0) return verdict('webhook-freshness', [NO_WEBHOOKS], '');
  const ageMs = (env.conformance.staleWebhookAgeSeconds ?? DEFAULT_STALE_AGE_SECONDS) * 1000;
  const now = env.clock.now().getTime();
  const findings = await eachWebhook(env, webhooks, async (name, sample) => {
    const found: string[] = [];
    for (const [what, at] of [
      [`a correctly signed request from ${ageMs / 1000} s ago`, new Date(now - ageMs)],
      [`a correctly signed request dated ${ageMs / 1000} s ahead`, new Date(now + ageMs)],
    ] as const) {
      const request = await signedRequest(env, name, sample, { config: env.config, at });
      const finding = refusalFinding(name, what, await verifyRequest(env, name, request));
      if (finding !== undefined) found.push(finding);
    }
    return found;
  });
  return verdict('webhook-freshness', findings, `${webhooks.length} webhook${webhooks.length === 1 ? '' : 's'} refuse stale requests`);
}
