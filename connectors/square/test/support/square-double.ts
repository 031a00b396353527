import { createHash } from 'node:crypto';
import nock from 'nock';
import { API_VERSION } from '../../src/config.ts';
import { handlers, type SquareReply } from './square-handlers.ts';
import { matchOperation, validateReply, validateRequest } from './square-spec.ts';
import { seededSeller, type SquareState } from './square-state.ts';

/** One request the double received. */
export interface SquareRequestRecord {
  operationId: string | undefined;
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

/** Settings of {@link startSquareDouble}. */
export interface SquareDoubleOptions {
  origin?: string | undefined;
  accessToken: string;
  state?: SquareState | undefined;
}

/**
 * A fake Square API on Square's real origin, through nock. Every request body is validated with
 * ajv against the operation's request schema of Square's own OpenAPI files (objects closed, so a
 * misspelled field fails too) before it is handled: an invalid one is answered with Square's 400
 * and remembered in `invalidRequests`. Every reply is validated against the response schema
 * (`invalidReplies`: the double's own mistakes). Writes honour `idempotency_key` as Square does:
 * the same key with the same body replays the first reply and is no new effect; with another body
 * it is refused (IDEMPOTENCY_KEY_REUSED).
 */
export class SquareDouble {
  readonly origin: string;
  readonly state: SquareState;
  readonly requests: SquareRequestRecord[] = [];
  readonly invalidRequests: { operationId: string; errors: string[] }[] = [];
  readonly invalidReplies: { operationId: string; errors: string[] }[] = [];
  readonly idempotency = new Map<string, { digest: string; reply: SquareReply }>();
  /** Called with the operation id before each request is handled (to change the seller in between). */
  beforeAnswer: ((operationId: string) => void) | undefined;
  #effects = 0;
  #forced: SquareReply | undefined;
  readonly #scripted: { operationId: string; reply: SquareReply }[] = [];
  readonly #accessToken: string;
  #interceptors: nock.Interceptor[] = [];

  constructor(options: SquareDoubleOptions) {
    this.origin = options.origin ?? 'https://connect.squareup.com';
    this.state = options.state ?? seededSeller();
    this.#accessToken = options.accessToken;
  }

  /** Starts intercepting the origin. */
  start(): this {
    const answer = (request: Request, body: string): SquareReply => this.#answer(request, body);
    const scope = nock(this.origin).persist();
    for (const method of ['get', 'post', 'put'] as const) {
      const interceptor = scope[method](/.*/);
      interceptor.reply(async (request: Request) => {
        const reply = answer(request, await request.text());
        return [reply.status, reply.body as nock.Body, { 'content-type': 'application/json', ...reply.headers }];
      });
      this.#interceptors.push(interceptor);
    }
    return this;
  }

  /** Stops intercepting. */
  stop(): void {
    for (const interceptor of this.#interceptors) nock.removeInterceptor(interceptor);
    this.#interceptors = [];
  }

  /** Answers every request with this status, headers and body until {@link reset}. */
  respondWith(status: number, headers: Record<string, string> = {}, body?: unknown): void {
    this.#forced = { status, headers, body: body ?? '' };
  }

  /** Back to normal answers. */
  reset(): void {
    this.#forced = undefined;
  }

  /** Answers the next (valid) request of `operationId` with this reply. */
  replyNext(operationId: string, reply: SquareReply): void {
    this.#scripted.push({ operationId, reply });
  }

  /** Writes applied so far (replays of an idempotency key are none). */
  effects(): number {
    return this.#effects;
  }

  /** Operation ids received, in order. */
  operations(): (string | undefined)[] {
    return this.requests.map((request) => request.operationId);
  }

  /** Counts one applied write (for the handlers). */
  applied(): void {
    this.#effects += 1;
  }

  #answer(request: Request, raw: string): SquareReply {
    const url = new URL(request.url);
    const headers = Object.fromEntries(request.headers.entries());
    const body = raw === '' ? undefined : (JSON.parse(raw) as unknown);
    const matched = matchOperation(request.method, url.pathname);
    this.requests.push({ operationId: matched?.operation.operationId, method: request.method, path: `${url.pathname}${url.search}`, body, headers });
    if (this.#forced !== undefined) return this.#forced;
    if (headers['authorization'] !== `Bearer ${this.#accessToken}`) {
      return { status: 401, body: { errors: [{ category: 'AUTHENTICATION_ERROR', code: 'UNAUTHORIZED', detail: 'This request could not be authorized.' }] } };
    }
    if (matched === undefined) return { status: 404, body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'NOT_FOUND', detail: `API endpoint for URL path \`${url.pathname}\` and HTTP method \`${request.method}\` is not found.` }] } };
    const { operation, params } = matched;
    if (headers['square-version'] !== API_VERSION) this.invalidRequests.push({ operationId: operation.operationId, errors: [`Square-Version is ${headers['square-version'] ?? 'missing'}, not ${API_VERSION}`] });
    const errors = validateRequest(operation, body);
    if (errors.length > 0) {
      this.invalidRequests.push({ operationId: operation.operationId, errors });
      const missing = errors.find((error) => error.includes('required property'));
      return { status: 400, body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: missing === undefined ? 'INVALID_VALUE' : 'MISSING_REQUIRED_PARAMETER', detail: errors[0] ?? 'invalid', field: /\(([^)]+)\)$/.exec(missing ?? '')?.[1] }] } };
    }
    this.beforeAnswer?.(operation.operationId);
    const scripted = this.#scripted.findIndex((entry) => entry.operationId === operation.operationId);
    if (scripted >= 0) return this.#scripted.splice(scripted, 1)[0]?.reply ?? { status: 500, body: '' };
    const key = (body as { idempotency_key?: unknown } | undefined)?.idempotency_key;
    const { idempotency_key: _key, ...rest } = (body ?? {}) as Record<string, unknown>;
    const digest = createHash('sha256').update(`${operation.operationId}\n${JSON.stringify(rest)}`).digest('hex');
    if (typeof key === 'string') {
      const earlier = this.idempotency.get(key);
      if (earlier !== undefined) {
        if (earlier.digest === digest) return earlier.reply;
        return { status: 400, body: { errors: [{ category: 'INVALID_REQUEST_ERROR', code: 'IDEMPOTENCY_KEY_REUSED', detail: 'The idempotency key can only be retried with the same request data.', field: 'idempotency_key' }] } };
      }
    }
    const handler = handlers[operation.operationId];
    if (handler === undefined) return { status: 501, body: { errors: [{ category: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR', detail: `${operation.operationId} is not faked` }] } };
    const reply = handler({ state: this.state, params, body, applied: () => this.applied(), query: url.searchParams });
    if (reply.status === 200) {
      const replyErrors = validateReply(operation, reply.body);
      if (replyErrors.length > 0) this.invalidReplies.push({ operationId: operation.operationId, errors: replyErrors });
      if (typeof key === 'string') this.idempotency.set(key, { digest, reply });
    }
    return reply;
  }
}

/**
 * Starts a {@link SquareDouble}.
 *
 * @example
 * const square = startSquareDouble({ accessToken: 'EAAA-test-token' });
 * // … run the connector …
 * assert.deepEqual(square.invalidRequests, []);
 * square.stop();
 */
export function startSquareDouble(options: SquareDoubleOptions): SquareDouble {
  return new SquareDouble(options).start();
}
