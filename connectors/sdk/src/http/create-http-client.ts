import axios, { type AxiosInstance } from 'axios';
import pRetry, { type RetryContext } from 'p-retry';
import type { ConnectorLogger, HttpClient, HttpRequest, HttpResponse } from '../context.ts';
import { ConfigurationFailure, HandlerFailure, RateLimitedFailure, TransientFailure } from '../errors.ts';
import { createRedactor, redactingLogger, type Redactor } from '../redact.ts';
import { CircuitBreaker } from './circuit-breaker.ts';
import { classifyHttpStatus, classifyNetworkError, headerValue } from './classify.ts';
import { decodeBody, headerRecord } from './decode-response.ts';
import { buildHeaders, encodeBody, withQuery } from './encode-request.ts';
import { assertUrlAllowed, isHostAllowed } from './host-allow-list.ts';
import { resolveOptions, type HttpClientOptions, type ResolvedHttpClientOptions } from './options.ts';
import { TokenBucket } from './rate-limiter.ts';
import { parseRetryAfter } from './retry-after.ts';
import { AttemptFailed, backoffDelay, isIdempotent, isRetryable, isVendorFailure, type AttemptOutcome } from './retry.ts';

/** One request, encoded once and sent by every attempt. */
interface Prepared {
  request: HttpRequest;
  url: string;
  /** The URL as it may be written to logs and messages. */
  shownUrl: string;
  headers: Record<string, string>;
  data: string | Buffer | undefined;
  idempotent: boolean;
  timeoutMs: number;
}

/**
 * Creates the HTTP client of one connector instance: host allow-list checked before any I/O,
 * per-attempt timeout, retries with exponential backoff and full jitter honouring Retry-After
 * (only where resending is safe), a token-bucket rate limit, a circuit breaker, failures thrown
 * as the SDK's failure classes, and every log line and error message redacted.
 *
 * @example
 * const http = createHttpClient({ allowedHosts: ['api.acme.com'], logger, secrets: [config.apiKey] });
 * const { data } = await http.request<{ items: unknown[] }>({ method: 'GET', url: 'https://api.acme.com/v1/items', query: { limit: 50 } });
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  return new VendorHttpClient(resolveOptions(options));
}

class VendorHttpClient implements HttpClient {
  readonly #options: ResolvedHttpClientOptions;
  readonly #redact: Redactor;
  readonly #logger: ConnectorLogger;
  readonly #limiter: TokenBucket | undefined;
  readonly #breaker: CircuitBreaker | undefined;
  readonly #transport: AxiosInstance;

  constructor(options: ResolvedHttpClientOptions) {
    this.#options = options;
    this.#redact = createRedactor(options.secrets);
    this.#logger = redactingLogger(options.logger, this.#redact);
    this.#limiter = options.rateLimit === undefined ? undefined : new TokenBucket(options.rateLimit, options.clock, options.sleep);
    this.#breaker =
      options.circuitBreaker === false
        ? undefined
        : new CircuitBreaker(options.circuitBreaker, options.clock, (state) => {
            if (state === 'open') this.#logger.warn({ circuit: state }, 'vendor circuit opened after repeated failures; requests fail fast');
            else this.#logger.info({ circuit: state }, `vendor circuit ${state}`);
          });
    this.#transport = axios.create({
      validateStatus: () => true,
      responseType: 'arraybuffer',
      // Bodies are encoded and decoded here, byte for byte; axios must not re-serialise or trim them.
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      maxRedirects: 5,
      transitional: { clarifyTimeoutError: true },
    });
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const url = withQuery(assertUrlAllowed(request.url, this.#options.allowedHosts), request.query).toString();
    const { data, contentType } = encodeBody(request);
    const prepared: Prepared = {
      request,
      url,
      shownUrl: this.#redact(url),
      headers: buildHeaders(request, contentType, this.#options.userAgent),
      data,
      idempotent: isIdempotent(request),
      timeoutMs: request.timeoutMs ?? this.#options.timeoutMs,
    };
    try {
      const response = await pRetry((attempt) => this.#attempt(prepared, attempt), {
        retries: this.#options.retries,
        // p-retry counts attempts; the waiting is done in #beforeRetry on the injectable sleep.
        minTimeout: 0,
        shouldRetry: (context) => this.#beforeRetry(prepared, context),
      });
      return response as HttpResponse<T>;
    } catch (error) {
      throw this.#toFailure(prepared, error);
    }
  }

  async #attempt(prepared: Prepared, attempt: number): Promise<HttpResponse> {
    const permit = this.#breaker?.enter() ?? { allowed: true, probe: false };
    if (!permit.allowed) {
      throw new TransientFailure(`${prepared.request.method} ${prepared.shownUrl} not sent: the vendor circuit is open after repeated failures (next probe in ${permit.retryInMs} ms)`, {
        code: 'http.circuit-open',
      });
    }
    let failed: AttemptOutcome | undefined;
    try {
      await this.#limiter?.take();
      const started = performance.now();
      const outcome = await this.#exchange(prepared);
      const ms = Math.round(performance.now() - started);
      const { method } = prepared.request;
      if (outcome.kind === 'network') {
        this.#logger.debug({ method, url: prepared.shownUrl, error: outcome.errorCode, ms, attempt }, 'vendor request failed');
        failed = outcome;
        throw new AttemptFailed(outcome);
      }
      const { status } = outcome.response;
      this.#logger.debug({ method, url: prepared.shownUrl, status, ms, attempt }, 'vendor request');
      if (status < 400 || prepared.request.acceptStatuses?.includes(status) === true) return outcome.response;
      failed = outcome;
      throw new AttemptFailed(outcome);
    } finally {
      if (this.#breaker !== undefined) this.#breaker.leave(permit.probe, !isVendorFailure(failed));
    }
  }

  async #exchange(prepared: Prepared): Promise<AttemptOutcome> {
    const controller = new AbortController();
    // The axios timeout covers socket inactivity; this one bounds the whole attempt.
    const timer = setTimeout(() => controller.abort(), prepared.timeoutMs);
    let refused: ConfigurationFailure | undefined;
    try {
      const response = await this.#transport.request<Buffer>({
        method: prepared.request.method,
        url: prepared.url,
        headers: prepared.headers,
        data: prepared.data,
        timeout: prepared.timeoutMs,
        signal: controller.signal,
        beforeRedirect: (redirect) => {
          const host = typeof redirect['hostname'] === 'string' ? redirect['hostname'] : '';
          if (!isHostAllowed(host, this.#options.allowedHosts)) {
            refused = new ConfigurationFailure(`redirect to host "${host}" refused: it is not allowed for this connector`, { code: 'http.host-not-allowed' });
            throw refused;
          }
        },
      });
      const headers = headerRecord(response.headers);
      return { kind: 'response', response: { status: response.status, headers, data: decodeBody(response.data, headers['content-type']) } };
    } catch (error) {
      if (refused !== undefined) throw refused;
      const code = axios.isAxiosError(error) ? error.code : undefined;
      const detail = error instanceof Error ? error.message : String(error);
      const timedOut = controller.signal.aborted || code === 'ETIMEDOUT' || code === 'ECONNABORTED';
      return { kind: 'network', errorCode: code ?? 'ERR_NETWORK', detail: timedOut ? `no answer within ${prepared.timeoutMs} ms` : detail, timedOut };
    } finally {
      clearTimeout(timer);
    }
  }

  async #beforeRetry(prepared: Prepared, context: RetryContext): Promise<boolean> {
    const { error, attemptNumber } = context;
    if (!(error instanceof AttemptFailed) || !isRetryable(error.outcome, prepared.idempotent)) return false;
    const retryAfterMs = this.#retryAfter(error.outcome);
    if (retryAfterMs !== undefined && error.outcome.kind === 'response' && retryAfterMs > this.#options.maxRetryAfterMs) {
      throw this.#tooLongToWait(prepared, error.outcome.response, retryAfterMs);
    }
    const delayMs = Math.max(backoffDelay(attemptNumber, this.#options), retryAfterMs ?? 0);
    const { outcome } = error;
    this.#logger.warn(
      {
        method: prepared.request.method,
        url: prepared.shownUrl,
        attempt: attemptNumber,
        ...(outcome.kind === 'response' ? { status: outcome.response.status } : { error: outcome.errorCode }),
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        delayMs,
      },
      'vendor request failed; retrying',
    );
    await this.#options.sleep(delayMs);
    return true;
  }

  #retryAfter(outcome: AttemptOutcome): number | undefined {
    if (outcome.kind !== 'response' || (outcome.response.status !== 429 && outcome.response.status !== 503)) return undefined;
    return parseRetryAfter(headerValue(outcome.response.headers, 'retry-after'), this.#options.clock.now());
  }

  #tooLongToWait(prepared: Prepared, response: HttpResponse, retryAfterMs: number): RateLimitedFailure {
    const { status, headers, data } = response;
    const base = classifyHttpStatus(status, headers, data, this.#context(prepared));
    const message = `${base?.message ?? `vendor answered ${status}`} (Retry-After of ${retryAfterMs} ms is longer than the ${this.#options.maxRetryAfterMs} ms waited in process)`;
    return new RateLimitedFailure(message, retryAfterMs, { code: `vendor.http.${status}` });
  }

  #toFailure(prepared: Prepared, error: unknown): HandlerFailure {
    if (error instanceof HandlerFailure) return error;
    if (error instanceof AttemptFailed) {
      const { outcome } = error;
      if (outcome.kind === 'network') return classifyNetworkError(outcome.errorCode, outcome.detail, outcome.timedOut, this.#context(prepared));
      const retryAfterMs = this.#retryAfter(outcome);
      if (retryAfterMs !== undefined && retryAfterMs > this.#options.maxRetryAfterMs) return this.#tooLongToWait(prepared, outcome.response, retryAfterMs);
      const { status, headers, data } = outcome.response;
      const failure = classifyHttpStatus(status, headers, data, this.#context(prepared));
      if (failure !== undefined) return failure;
    }
    const detail = error instanceof Error ? error.message : String(error);
    return new TransientFailure(`${prepared.request.method} ${prepared.shownUrl} failed: ${this.#redact(detail)}`, { code: 'http.unexpected' });
  }

  #context(prepared: Prepared): { method: string; url: string; now: Date; redact: Redactor } {
    return { method: prepared.request.method, url: prepared.url, now: this.#options.clock.now(), redact: this.#redact };
  }
}
