import { createHash } from 'node:crypto';
import { PermanentFailure, TransientFailure, type ActionResult, type ConnectorContext, type HttpMethod } from '@omnihub/connector-sdk';
import { DEFAULTS, type NetSuiteConfig } from './config.ts';
import { errorDetails, netsuiteRequest } from './rest-client.ts';

/**
 * A UUID (RFC 4122 layout, version 5 style) derived from `seed`: NetSuite wants
 * X-NetSuite-Idempotency-Key to be a UUID, and the same event must always give the same key.
 *
 * @example
 * idempotencyUuid('erp-1:upsert-sales-order:evt-1'); // '3f1c…-…' (stable)
 */
export function idempotencyUuid(seed: string): string {
  const bytes = createHash('sha256').update(seed).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An asynchronous job's status as `GET /services/rest/async/v1/job/{id}` reports it. */
interface JobStatus {
  id?: string;
  completed?: boolean;
  progress?: string;
}

interface TaskList {
  items?: { links?: { rel?: string; href?: string }[] }[];
}

/** A write to run as an asynchronous NetSuite request under an idempotency key. */
export interface AsyncWrite {
  method: Extract<HttpMethod, 'POST' | 'PUT' | 'PATCH'>;
  path: string;
  query?: Record<string, string | number> | undefined;
  json: unknown;
  /** The action input's idempotency key: the same event always gives the same NetSuite key. */
  idempotencyKey: string;
  /** What the write is, for messages (e.g. `salesOrder eid:A-1`). */
  what: string;
}

/** How many fresh keys are tried after failed jobs within one delivery. */
const MAX_KEY_HOPS = 10;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function jobPath(location: string | undefined, what: string): string {
  if (location === undefined || location === '') throw new TransientFailure(`NetSuite accepted ${what} asynchronously without a Location header`, { code: 'netsuite.async-no-location' });
  return location;
}

async function submit(ctx: ConnectorContext<NetSuiteConfig>, write: AsyncWrite, key: string): Promise<{ job: string; replayed: boolean }> {
  const response = await netsuiteRequest(ctx, {
    method: write.method,
    path: write.path,
    query: write.query,
    json: write.json,
    headers: { prefer: 'respond-async', 'x-netsuite-idempotency-key': key },
    // A resend under the same key cannot run twice, so retrying after a timeout or 5xx is safe.
    idempotent: true,
    acceptStatuses: [400, 409],
  });
  if (response.status === 202) return { job: jobPath(response.headers['location'], write.what), replayed: response.headers['idempotent-replayed'] === 'true' };
  const { codes, detail } = errorDetails(response.data);
  if (codes.includes('IDEMPOTENCY_ERROR')) return { job: jobPath(response.headers['location'], write.what), replayed: true };
  throw new PermanentFailure(`NetSuite refused ${write.what} (HTTP ${response.status}): ${detail}`, { code: `vendor.http.${response.status}` });
}

async function jobFailure(ctx: ConnectorContext<NetSuiteConfig>, job: string): Promise<string> {
  const tasks = await netsuiteRequest<TaskList>(ctx, { method: 'GET', path: `${job}/task` });
  const task = tasks.data.items?.[0]?.links?.find((link) => link.rel === 'self')?.href;
  if (task === undefined) return 'no task detail';
  const result = await netsuiteRequest(ctx, { method: 'GET', path: `${task}/result`, acceptStatuses: [400, 404, 409, 500] });
  return errorDetails(result.data).detail;
}

/** Polls a job until it completes: 'succeeded', or the failure detail; undefined while pending. */
async function awaitJob(ctx: ConnectorContext<NetSuiteConfig>, job: string): Promise<{ ok: true } | { ok: false; detail: string } | undefined> {
  const attempts = ctx.config.asyncPollAttempts ?? DEFAULTS.asyncPollAttempts;
  const interval = ctx.config.asyncPollIntervalMs ?? DEFAULTS.asyncPollIntervalMs;
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (attempt > 0) await sleep(interval);
    const { data } = await netsuiteRequest<JobStatus>(ctx, { method: 'GET', path: job });
    if (data.completed !== true) continue;
    if (data.progress === 'succeeded') return { ok: true };
    return { ok: false, detail: await jobFailure(ctx, job) };
  }
  return undefined;
}

/**
 * Runs a write as an asynchronous REST request (`Prefer: respond-async`) under
 * `X-NetSuite-Idempotency-Key`, NetSuite's own protection against duplicates: a redelivered event
 * carries the same key, NetSuite answers IDEMPOTENCY_ERROR with the earlier job, and that job's
 * outcome is reported instead of writing again. A job that failed wrote nothing, so the write is
 * then tried once more under a key derived from the failed job (data fixed in NetSuite since can
 * succeed); a job still pending after the configured polls is handed back to the hub as
 * transient, and the retry finds it by its key.
 *
 * @example
 * await asyncWrite(ctx, { method: 'PUT', path: '/services/rest/record/v1/salesOrder/eid:A-1', json: body, idempotencyKey: input.idempotencyKey, what: 'salesOrder eid:A-1' });
 */
export async function asyncWrite(ctx: ConnectorContext<NetSuiteConfig>, write: AsyncWrite): Promise<ActionResult> {
  let key = idempotencyUuid(`${ctx.config.accountId}\n${write.idempotencyKey}`);
  let lastFailure = '';
  for (let hop = 0; hop < MAX_KEY_HOPS; hop += 1) {
    const { job, replayed } = await submit(ctx, write, key);
    const jobId = job.slice(job.lastIndexOf('/') + 1);
    const outcome = await awaitJob(ctx, job);
    if (outcome === undefined) throw new TransientFailure(`NetSuite job ${jobId} for ${write.what} is still running; the retry will find it by its idempotency key`, { code: 'netsuite.async-pending' });
    if (outcome.ok) return { vendorIds: [`job:${jobId}`], alreadyApplied: replayed };
    lastFailure = outcome.detail;
    ctx.logger.warn({ job: jobId, what: write.what, replayed }, 'NetSuite job failed');
    // A failed job wrote nothing: a fresh key for a new attempt, derived so every worker derives the same one.
    if (!replayed) break;
    key = idempotencyUuid(`${key}\n${jobId}`);
  }
  throw new PermanentFailure(`NetSuite could not write ${write.what}: ${lastFailure}`, { code: 'netsuite.job-failed' });
}
