/** Lifecycle state of a connector instance. */
export const INSTANCE_STATES = ['enabled', 'paused', 'disabled'] as const;

/**
 * `enabled`: webhooks accepted, pollers and actions running. `paused`: stopped by the runtime after
 * an authentication or configuration failure (or by an operator) until resumed; webhooks answer
 * 503 so vendors retry later. `disabled`: switched off; webhooks answer 404.
 */
export type InstanceState = (typeof INSTANCE_STATES)[number];

/** A connector instance as stored: secrets inside `config` are `enc:v1:` ciphertext. */
export interface ConnectorInstance {
  /** Slug chosen by the integrator, e.g. `shopify-eu`. */
  id: string;
  connectorId: string;
  /** The connector version this instance pins. */
  version: string;
  /** The version before the last upgrade, for rollback. */
  previousVersion: string | null;
  config: Record<string, unknown>;
  /** Capability name → mapping expression used instead of the capability's default mapping. */
  mappingOverrides: Record<string, string>;
  /** Polling capability name → seconds between polls, instead of the manifest's interval. */
  pollIntervals: Record<string, number>;
  state: InstanceState;
  /** Why the instance is paused or disabled. */
  stateReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A new instance. `version` defaults to the newest installed release of the connector. */
export interface NewInstance {
  id: string;
  connectorId: string;
  version?: string | undefined;
  /** Plain config; secrets are encrypted before they are stored. */
  config: Record<string, unknown>;
  mappingOverrides?: Record<string, string> | undefined;
  pollIntervals?: Record<string, number> | undefined;
  state?: 'enabled' | 'disabled' | undefined;
}

/**
 * Changes to an instance; absent fields stay as they are. A secret given as `********` (as the API
 * shows it) keeps the stored secret. Changing `version` records the old one for rollback.
 */
export interface InstanceChanges {
  version?: string | undefined;
  config?: Record<string, unknown> | undefined;
  mappingOverrides?: Record<string, string> | undefined;
  pollIntervals?: Record<string, number> | undefined;
}
