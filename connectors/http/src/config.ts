/**
 * An instance's config. `baseUrl` is where requests go (its host is the one the connector may
 * call); `webhookSecret` signs inbound webhooks; `authorization` is sent as the Authorization header.
 */
export interface HttpConfig {
  baseUrl: string;
  /** Sent as `Authorization` on every outbound request, e.g. `Bearer …` (secret). */
  authorization?: string | undefined;
  /** Static headers sent on every outbound request (not secret: put credentials in `authorization`). */
  headers?: Record<string, string> | undefined;
  /** Shared secret of the inbound webhook's HMAC-SHA256 signature (secret). */
  webhookSecret?: string | undefined;
  /** How far the signed timestamp may lie from now, either side (default 300 s). */
  signatureToleranceSeconds?: number | undefined;
  /** Canonical events (`type@version`) the `request` action sends; default: every one it consumes. */
  events?: string[] | undefined;
  /** Per-request timeout in ms (default 10 000). */
  timeoutMs?: number | undefined;
  /** Path `testConnection` reads, relative to `baseUrl` (default `/`). */
  healthPath?: string | undefined;
}

/** Tolerance of the signed timestamp when the config sets none: five minutes, as Stripe and Slack use. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Request timeout when the config sets none. */
export const DEFAULT_TIMEOUT_MS = 10_000;
