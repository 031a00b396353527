/**
 * An instance's config. `accessToken` is the seller's access token (OAuth or personal),
 * `webhookSignatureKey` the signature key of the instance's webhook subscriptions.
 */
export interface SquareConfig {
  /** Access token, sent as `Authorization: Bearer …` (secret). */
  accessToken: string;
  /** The signature key of the webhook subscriptions (secret). */
  webhookSignatureKey: string;
  /** `production` (connect.squareup.com, default) or `sandbox` (connect.squareupsandbox.com). */
  environment?: 'production' | 'sandbox' | undefined;
  /**
   * The hub's public base URL as Square calls it (e.g. `https://hub.example.com`), when a proxy
   * changes the scheme or host the hub sees: Square signs the subscription's notification URL.
   */
  webhookUrlBase?: string | undefined;
  /** Hub location id → Square location id. */
  locations?: Record<string, string> | undefined;
  /** This integration's Square application id: its own inventory changes are not polled back. */
  applicationId?: string | undefined;
  /** How far back the first inventory change poll reads (default 24 h). */
  pollLookbackHours?: number | undefined;
  /** How far each poll re-reads before its watermark (default 60 s). */
  pollOverlapSeconds?: number | undefined;
  /** Inventory changes per page (default 100, Square allows 1,000). */
  pollPageSize?: number | undefined;
  /** How long SKU ↔ catalog object id lookups are cached (default 900 s). */
  lookupCacheSeconds?: number | undefined;
}

/** The Square API version this connector speaks (sent as Square-Version). */
export const API_VERSION = '2025-08-20';

/** Defaults of the optional settings, each with the reason for its value. */
export const DEFAULTS = {
  /** A day covers a hub outage over a night without reading the whole history. */
  pollLookbackHours: 24,
  /** Square's inventory reads settle within seconds; a minute of overlap is safe, re-reads are de-duplicated. */
  pollOverlapSeconds: 60,
  /** 100 changes keep a page small enough to map in one go; Square allows 1,000. */
  pollPageSize: 100,
  /** Catalog SKUs rarely move between variations; 15 minutes keeps lookups cheap and renames visible soon. */
  lookupCacheSeconds: 900,
} as const;

/** The API origin of the configured environment. */
export function apiOrigin(config: Pick<SquareConfig, 'environment'>): string {
  return config.environment === 'sandbox' ? 'https://connect.squareupsandbox.com' : 'https://connect.squareup.com';
}
