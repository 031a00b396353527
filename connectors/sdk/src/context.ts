/** Structured log methods; every line is redacted of the instance's secrets before it is written. */
export interface ConnectorLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** HTTP methods the client sends. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One vendor request.
 *
 * @example
 * await ctx.http.request({ method: 'POST', url: 'https://acme.myshopify.com/admin/api/2025-01/graphql.json', json: { query } });
 */
export interface HttpRequest {
  method: HttpMethod;
  /** Absolute URL; its host must be allowed by the manifest. */
  url: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body (sent with `content-type: application/json`). */
  json?: unknown;
  /** A form body (sent `application/x-www-form-urlencoded`; arrays repeat the key). */
  form?: Record<string, string | number | boolean | readonly string[] | undefined>;
  /** A raw body, sent as is. */
  body?: string | Buffer;
  /** Per-request timeout in ms (default from the client, 10 s). */
  timeoutMs?: number;
  /**
   * Whether a retry after a timeout or 5xx is safe (GET, PUT and DELETE are by default; a POST is
   * when it carries an idempotency key).
   */
  idempotent?: boolean;
  /** Statuses the caller handles itself instead of a thrown failure (e.g. `[404]`). */
  acceptStatuses?: number[];
}

/** A vendor response. */
export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON when the response is JSON, otherwise the text. */
  data: T;
}

/**
 * The one HTTP client a connector uses: timeouts, retries with backoff and jitter honouring
 * Retry-After, a per-instance rate limit, a circuit breaker and the manifest's host allow-list.
 * Failed responses are thrown as the SDK's failure classes: 429 rate-limited (with retry-after),
 * 5xx and network errors transient, 401/403 authentication, other 4xx permanent.
 */
export interface HttpClient {
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
}

/** Persisted cursors of an instance (one per poller, or any key the connector chooses). */
export interface CursorStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/** Time, injectable in tests. */
export interface Clock {
  now(): Date;
}

/**
 * What every connector function receives.
 *
 * @example
 * async execute(input, ctx) { ctx.logger.info({ sku: input.payload.sku }, 'pushing level'); }
 */
export interface ConnectorContext<Config = Record<string, unknown>> {
  /** The instance this call belongs to. */
  instanceId: string;
  /** The instance's config, validated against the manifest's schema, secrets decrypted. */
  config: Config;
  logger: ConnectorLogger;
  http: HttpClient;
  cursors: CursorStore;
  clock: Clock;
}
