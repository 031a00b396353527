/** Token-based authentication (OAuth 1.0a, HMAC-SHA256): the integration record's and the access token's credentials. */
export interface TbaAuthConfig {
  method: 'tba';
  /** Consumer key of the integration record (secret). */
  consumerKey: string;
  /** Consumer secret of the integration record (secret). */
  consumerSecret: string;
  /** Token id of the access token (secret). */
  tokenId: string;
  /** Token secret of the access token (secret). */
  tokenSecret: string;
}

/** OAuth 2.0 client credentials (machine to machine): a JWT signed with the mapped certificate's private key. */
export interface ClientCredentialsAuthConfig {
  method: 'client-credentials';
  /** Client id of the integration record (the JWT's `iss`). */
  clientId: string;
  /** Certificate id NetSuite shows for the uploaded certificate (the JWT's `kid`). */
  certificateId: string;
  /** PEM private key of that certificate (secret). */
  privateKey: string;
  /** JWT signature algorithm (default PS256). */
  algorithm?: 'PS256' | 'ES256' | undefined;
  /** Scopes asked for (default `rest_webservices`). */
  scopes?: string[] | undefined;
}

/** An instance's config. */
export interface NetSuiteConfig {
  /** Account id as NetSuite shows it, e.g. `1234567` or `1234567_SB1` (the TBA realm). */
  accountId: string;
  /** Origin of the REST services; default `https://<account id in lower case, _ as ->.suitetalk.api.netsuite.com`. */
  baseUrl?: string | undefined;
  auth: TbaAuthConfig | ClientCredentialsAuthConfig;
  /**
   * IANA time zone of the integration user's preferences: SuiteQL returns dates in it
   * (default `UTC`).
   */
  timeZone?: string | undefined;
  /** Rows per SuiteQL page (1 to 1000, default 1000, NetSuite's maximum). */
  inventoryPageSize?: number | undefined;
  /** How far each inventory poll re-reads before its watermark (default 120 s). */
  inventoryOverlapSeconds?: number | undefined;
  /** Where the first inventory poll starts (ISO date-time; default 24 h before it runs). */
  inventoryStartAt?: string | undefined;
  /** Polls of an asynchronous write's job before the delivery is handed back to the hub (default 10). */
  asyncPollAttempts?: number | undefined;
  /** Pause between job polls in ms (default 1000). */
  asyncPollIntervalMs?: number | undefined;
}

/** Defaults of the optional settings, each with the reason for its value. */
export const DEFAULTS = {
  timeZone: 'UTC',
  /** SuiteQL's largest page. */
  inventoryPageSize: 1000,
  /** lastmodifieddate has one-second precision and commits land late; two minutes of overlap catches them, re-reads are de-duplicated. */
  inventoryOverlapSeconds: 120,
  /** A day covers an outage over a night without reading the whole history. */
  inventoryLookbackHours: 24,
  /** Ten polls a second apart cover a normal async queue; a longer wait is handed back to the hub, which retries with the same key. */
  asyncPollAttempts: 10,
  asyncPollIntervalMs: 1000,
} as const;

/** The REST host label of an account: lower case, `_` written `-` (`1234567_SB1` → `1234567-sb1`). */
export function accountHost(accountId: string): string {
  return accountId.toLowerCase().replace(/_/g, '-');
}

/** The TBA realm of an account: upper case with `_` (`1234567-sb1` → `1234567_SB1`). */
export function accountRealm(accountId: string): string {
  return accountId.toUpperCase().replace(/-/g, '_');
}

/** Origin of the REST services of the configured account. */
export function restOrigin(config: Pick<NetSuiteConfig, 'accountId' | 'baseUrl'>): string {
  const origin = config.baseUrl ?? `https://${accountHost(config.accountId)}.suitetalk.api.netsuite.com`;
  return origin.replace(/\/+$/, '');
}

/** The OAuth 2.0 token endpoint of the account (the JWT's `aud`). */
export function tokenEndpoint(config: Pick<NetSuiteConfig, 'accountId' | 'baseUrl'>): string {
  return `${restOrigin(config)}/services/rest/auth/oauth2/v1/token`;
}
