/** An instance's config. */
export interface HubSpotConfig {
  /** Access token of the private app (`pat-…`), sent as a Bearer token (secret). */
  accessToken: string;
  /** API origin (default https://api.hubapi.com). */
  baseUrl?: string | undefined;
  /** Unique-value order property that holds the hub order id (default omnihub_order_id). */
  orderIdProperty?: string | undefined;
  /** Unique-value property of tickets, notes and calls that holds the activity id (default omnihub_activity_id). */
  activityIdProperty?: string | undefined;
  /** Ticket pipeline id (default 0, the support pipeline). */
  ticketPipeline?: string | undefined;
  /** Ticket stage id per activity status (default open 1, waiting 2, closed 4: the support pipeline's stages). */
  ticketStages?: { open?: string | undefined; waiting?: string | undefined; closed?: string | undefined } | undefined;
}

/** Defaults, each with its reason. */
export const DEFAULTS = {
  baseUrl: 'https://api.hubapi.com',
  orderIdProperty: 'omnihub_order_id',
  activityIdProperty: 'omnihub_activity_id',
  /** HubSpot's default support pipeline and its stages New (1), Waiting on contact (2), Closed (4). */
  ticketPipeline: '0',
  ticketStages: { open: '1', waiting: '2', closed: '4' },
} as const;

/** The API origin of an instance. */
export function apiOrigin(config: Pick<HubSpotConfig, 'baseUrl'>): string {
  return (config.baseUrl ?? DEFAULTS.baseUrl).replace(/\/+$/, '');
}
