import { SYSTEM_KINDS } from '@omnihub/connector-sdk';

/** Lower-case words joined by dashes: connector ids and capability names. */
const SLUG = '^[a-z][a-z0-9]*(-[a-z0-9]+)*$';
/** Semantic version 2.0.0 (pre-release and build parts allowed). */
const SEMVER = String.raw`^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$`;
/** A canonical event reference, `type@version`, e.g. `order.created@1`. */
const EVENT_REF = String.raw`^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+@[1-9]\d*$`;
/** An allowed host: a DNS name, an IPv4 address, or a `*.suffix` wildcard. */
const HOST = String.raw`^(\*\.)?([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]*[a-z0-9])?$`;
/** A semver range as npm writes them: comparators, carets, tildes, x-ranges, `||` and hyphen ranges. */
const RANGE = String.raw`^\s*(\*|[~^]?(>=|<=|>|<|=)?\s*v?[0-9xX*]+(\.[0-9xX*]+){0,2}(-[0-9A-Za-z.-]+)?)(\s*(\|\||-)?\s*(\*|[~^]?(>=|<=|>|<|=)?\s*v?[0-9xX*]+(\.[0-9xX*]+){0,2}(-[0-9A-Za-z.-]+)?))*\s*$`;

const text = { type: 'string', minLength: 1 } as const;

const capabilityBase = {
  name: { type: 'string', pattern: SLUG },
  vendorPayload: text,
  mapping: { type: 'string', pattern: String.raw`^[a-z0-9][a-z0-9.-]*$` },
  description: { type: 'string' },
} as const;

const eventRefs = { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: EVENT_REF } } as const;

/**
 * JSON Schema (2020-12) of a connector manifest, the machine-checkable form of the SDK's
 * `ConnectorManifest`. The `manifest` check validates against it.
 *
 * @example
 * new Ajv2020().compile(MANIFEST_SCHEMA)(manifest);
 */
export const MANIFEST_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://omnihub.dev/schemas/connector-manifest.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'name', 'kind', 'vendorApiVersion', 'capabilities', 'configSchema', 'allowedHosts', 'compatibility'],
  properties: {
    id: { type: 'string', pattern: SLUG, maxLength: 64 },
    version: { type: 'string', pattern: SEMVER },
    name: text,
    description: { type: 'string' },
    kind: { enum: [...SYSTEM_KINDS] },
    vendorApiVersion: text,
    capabilities: {
      type: 'object',
      additionalProperties: false,
      properties: {
        webhooks: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['name', 'vendorPayload', 'emits'], properties: { ...capabilityBase, emits: eventRefs } },
        },
        polling: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'vendorPayload', 'emits', 'intervalSeconds'],
            properties: { ...capabilityBase, emits: eventRefs, intervalSeconds: { type: 'integer', minimum: 1 } },
          },
        },
        actions: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, required: ['name', 'vendorPayload', 'consumes'], properties: { ...capabilityBase, consumes: eventRefs } },
        },
      },
    },
    configSchema: { type: 'object', required: ['type'], properties: { type: { const: 'object' } } },
    allowedHosts: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: HOST } },
    allowedHostsFromConfig: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
    compatibility: {
      type: 'object',
      additionalProperties: false,
      required: ['sdk', 'canonical'],
      properties: {
        sdk: { type: 'string', pattern: RANGE },
        canonical: { type: 'object', additionalProperties: { type: 'string', pattern: RANGE } },
      },
    },
    breakingChanges: {
      type: 'object',
      propertyNames: { pattern: String.raw`^[1-9]\d*$` },
      additionalProperties: { type: 'array', minItems: 1, items: text },
    },
  },
} as const;
