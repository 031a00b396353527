/** System kinds a connector can speak for. */
export const SYSTEM_KINDS = ['pos', 'ecommerce', 'oms', 'erp', 'inventory', 'crm', 'ccaas', 'generic'] as const;

/** One system kind. */
export type SystemKind = (typeof SYSTEM_KINDS)[number];

/** A JSON Schema (2020-12) object, as plain data. */
export type JsonSchema = Record<string, unknown>;

/**
 * The mark of a secret field in a connector's config schema: `{ "type": "string", "x-omnihub-secret": true }`.
 * Secret fields are encrypted at rest and never returned unmasked by the API or the CLI.
 */
export const SECRET_KEYWORD = 'x-omnihub-secret';

/**
 * An inbound capability by webhook: the vendor calls `POST /v1/webhooks/{instanceId}`.
 *
 * @example
 * { name: 'orders', vendorPayload: 'shopify.Order', emits: ['order.created@2'], mapping: 'shopify.order-to-canonical' }
 */
export interface WebhookCapability {
  /** Unique within the manifest, lower-case words and dashes. */
  name: string;
  /** The vendor payload type the webhook carries, e.g. `shopify.webhooks.orders/create`. */
  vendorPayload: string;
  /** Canonical events it produces, as `type@version`. */
  emits: string[];
  /** Default mapping id turning the vendor payload into the canonical one (an instance may override it). */
  mapping?: string;
  description?: string;
}

/**
 * An inbound capability by polling: the runtime calls the poller on a schedule with its last cursor.
 *
 * @example
 * { name: 'inventory-changes', vendorPayload: 'square.InventoryChange', emits: ['inventory.adjusted@1'], intervalSeconds: 60 }
 */
export interface PollingCapability {
  name: string;
  vendorPayload: string;
  emits: string[];
  mapping?: string;
  /** Default interval between polls (an instance may override it). */
  intervalSeconds: number;
  description?: string;
}

/**
 * An outbound action: the instance subscribes to the canonical events it consumes; each is mapped
 * to the vendor payload, then handed to the action.
 *
 * @example
 * { name: 'set-inventory', consumes: ['inventory.level-changed@1'], vendorPayload: 'shopify.InventorySetQuantitiesInput', mapping: 'shopify.level-to-set-quantities' }
 */
export interface ActionCapability {
  name: string;
  /** Canonical events that trigger it, as `type@version`. */
  consumes: string[];
  /** The vendor payload type the action sends. */
  vendorPayload: string;
  mapping?: string;
  description?: string;
}

/**
 * A connector package's manifest: what it is, what it can do, what it needs.
 *
 * @example
 * const manifest: ConnectorManifest = {
 *   id: 'http', version: '1.0.0', name: 'Generic HTTP', kind: 'generic', vendorApiVersion: 'n/a',
 *   capabilities: { webhooks: [], polling: [], actions: [] },
 *   configSchema: { type: 'object', properties: { baseUrl: { type: 'string', format: 'uri' } }, required: ['baseUrl'] },
 *   allowedHosts: [], allowedHostsFromConfig: ['baseUrl'],
 *   compatibility: { sdk: '^0.1.0', canonical: { order: '>=1 <3' } },
 * };
 */
export interface ConnectorManifest {
  /** Stable id: lower-case letters, digits and dashes, e.g. `shopify`. Never changes between versions. */
  id: string;
  /** Semantic version of this connector package. */
  version: string;
  /** Human name. */
  name: string;
  description?: string;
  kind: SystemKind;
  /** The vendor API version this connector speaks, e.g. `2025-01`. */
  vendorApiVersion: string;
  capabilities: {
    webhooks?: WebhookCapability[];
    polling?: PollingCapability[];
    actions?: ActionCapability[];
  };
  /** JSON Schema of an instance's config; secret fields carry {@link SECRET_KEYWORD}. */
  configSchema: JsonSchema;
  /** Hosts the connector may call: exact names or `*.suffix` wildcards. */
  allowedHosts: string[];
  /** Config fields holding a URL or host name that is allowed too (for connectors whose host is configured). */
  allowedHostsFromConfig?: string[];
  compatibility: {
    /** Semver range of `@omnihub/connector-sdk` this package works with. */
    sdk: string;
    /** Canonical schema name → semver-like major range, e.g. `{ order: '>=1 <3' }`. */
    canonical: Record<string, string>;
  };
  /** Breaking changes introduced by each major version, keyed by major (`"2"`). */
  breakingChanges?: Record<string, string[]>;
}
