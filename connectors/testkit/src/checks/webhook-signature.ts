import { verdict, type CheckResult } from '../check-result.ts';
import type { WebhookSample } from '../conformance-config.ts';
import { describeThrown, within, type RunEnvironment } from '../run-environment.ts';
import { withForgedSecrets } from '../secrets.ts';
import { eachWebhook, refusalFinding, sampleBody, signedRequest, verifyRequest } from './webhook-request.ts';

/** Why a connector with no webhooks must waive the webhook checks rather than pass them unseen. */
export const NO_WEBHOOKS = 'the connector declares no webhooks; waive this check with a reason if it takes none';

/** The body with one byte changed in the middle (a letter or digit, so the text stays readable). */
function alteredBody(body: Buffer): Buffer {
  const altered = Buffer.from(body);
  const middle = Math.floor(altered.length / 2);
  for (let offset = 0; offset < altered.length; offset += 1) {
    const index = (middle + offset) % altered.length;
    const byte = altered[index] ?? 0;
    if ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a)) {
      altered[index] = byte === 0x30 ? 0x31 : byte === 0x61 ? 0x62 : byte === 0x41 ? 0x42 : byte - 1;
      return altered;
    }
  }
  return Buffer.concat([altered, Buffer.from('x')]);
}

async function acceptedFindings<Config>(env: RunEnvironment<Config>, capability: string, sample: WebhookSample): Promise<string[]> {
  const request = await signedRequest(env, capability, sample, { config: env.config, at: env.clock.now() });
  const result = await verifyRequest(env, capability, request);
  if ('thrown' in result) return [`webhook "${capability}": verify threw on a correctly signed request (${result.thrown})`];
  if (!result.ok) return [`webhook "${capability}" refused a correctly signed request: ${result.reason}`];
  const handler = env.connector.webhooks?.[capability];
  if (handler === undefined) return [];
  let records;
  try {
    records = await within(`parse of webhook "${capability}"`, () => handler.parse(request, env.context()));
  } catch (error: unknown) {
    env.observe(error);
    return [`webhook "${capability}": parse threw on a correctly signed request (${describeThrown(error)})`];
  }
  env.observe(records);
  if (!Array.isArray(records) || records.length === 0) return [`webhook "${capability}": parse gave no vendor record for the sample request`];
  const findings: string[] = [];
  const ids = new Set<string>();
  for (const [index, record] of records.entries()) {
    if (typeof record.id !== 'string' || record.id === '') findings.push(`webhook "${capability}": record ${index} has no id (the de-duplication key)`);
    else if (ids.has(record.id)) findings.push(`webhook "${capability}": two records share the id "${record.id}"`);
    else ids.add(record.id);
    if (typeof record.type !== 'string' || record.type === '') findings.push(`webhook "${capability}": record ${index} has no type`);
  }
  return findings;
}

async function forgedFindings<Config>(env: RunEnvironment<Config>, capability: string, sample: WebhookSample): Promise<string[]> {
  const at = env.clock.now();
  const body = sampleBody(sample);
  const forgeries: { what: string; config: Config; sentBody?: Buffer; unsigned?: boolean }[] = [
    { what: 'a request whose body was altered after signing', config: env.config, sentBody: alteredBody(body) },
    { what: 'a request with bytes appended to the signed body', config: env.config, sentBody: Buffer.concat([body, Buffer.from(' ')]) },
    { what: 'a request without a signature', config: env.config, unsigned: true },
  ];
  if (env.secrets.length > 0) {
    forgeries.push({ what: 'a request signed with the wrong secret', config: withForgedSecrets(env.connector.manifest.configSchema, env.config) });
  }
  const findings: string[] = [];
  for (const forgery of forgeries) {
    const request = await signedRequest(env, capability, sample, { at, ...forgery });
    const finding = refusalFinding(capability, forgery.what, await verifyRequest(env, capability, request));
    if (finding !== undefined) findings.push(finding);
  }
  return findings;
}

/**
 * The `webhook-signature` check: each webhook accepts a request signed by the conformance
 * config's `signWebhook` (and parses it into records with ids), and refuses a request whose body
 * was altered or extended after signing, one without a signature, and one signed with the wrong
 * secret.
 *
 * @example
 * const result = await checkWebhookSignature(env);
 */
export async function checkWebhookSignature<Config>(env: RunEnvironment<Config>): Promise<CheckResult> {
  const webhooks = env.connector.manifest.capabilities.webhooks ?? [];
  if (webhooks.length === 0) return verdict('webhook-signature', [NO_WEBHOOKS], '');
  const findings = await eachWebhook(env, webhooks, async (name, sample) => [...(await acceptedFindings(env, name, sample)), ...(await forgedFindings(env, name, sample))]);
  return verdict('webhook-signature', findings, `${webhooks.length} webhook${webhooks.length === 1 ? '' : 's'} accept signed requests and refuse forged ones`);
}
