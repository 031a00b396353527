import { SYSTEM_KINDS } from '@omnihub/connector-sdk';

/**
 * Patterns of the manifest, each with the words a validation error uses for it, so an error reads
 * `/capabilities/actions/0/consumes/1 must match type@version` rather than a regular expression.
 */
export const MANIFEST_PATTERNS = {
  connectorId: { pattern: '^[a-z][a-z0-9-]{0,62}$', words: 'lower-case letters, digits and dashes, starting with a letter' },
  capabilityName: { pattern: '^[a-z][a-z0-9-]{0,62}$', words: 'lower-case letters, digits and dashes, starting with a letter' },
  eventRef: { pattern: '^[a-z][a-z0-9.-]*@[1-9][0-9]*$', words: 'type@version' },
  mappingId: { pattern: '^[a-z0-9][a-z0-9._-]{0,127}$', words: 'a mapping id (lower-case letters, digits, dots, dashes, underscores)' },
  semver: {
    pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?(?:\\+[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*)?$',
    words: 'a semantic version (major.minor.patch)',
  },
  hostPattern: {
    pattern: '^(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$',
    words: 'a host name or a *.suffix wildcard (lower case, no scheme, port or path)',
  },
  major: { pattern: '^(0|[1-9][0-9]*)$', words: 'a major version number' },
  configField: { pattern: '^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*$', words: 'a config field name (dots for nested fields)' },
} as const;

const p = (name: keyof typeof MANIFEST_PATTERNS): { type: 'string'; pattern: string } => ({ type: 'string', pattern: MANIFEST_PATTERNS[name].pattern });

const common = {
  name: p('capabilityName'),
  vendorPayload: { type: 'string', minLength: 1, maxLength: 200 },
  mapping: p('mappingId'),
  description: { type: 'string' },
};

const inbound = {
  ...common,
  emits: { type: 'array', minItems: 1, items: p('eventRef') },
};

/** JSON Schema (2020-12) of a connector manifest, the shape `ConnectorManifest` describes. */
export const MANIFEST_SCHEMA = {
  $id: 'https://schemas.omnihub.dev/connector/manifest.schema.json',
  type: 'object',
  required: ['id', 'version', 'name', 'kind', 'vendorApiVersion', 'capabilities', 'configSchema', 'allowedHosts', 'compatibility'],
  additionalProperties: false,
  properties: {
    id: p('connectorId'),
    version: p('semver'),
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string' },
    kind: { enum: [...SYSTEM_KINDS] },
    vendorApiVersion: { type: 'string', minLength: 1, maxLength: 100 },
    capabilities: {
      type: 'object',
      additionalProperties: false,
      properties: {
        webhooks: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['name', 'vendorPayload', 'emits'], properties: inbound } },
        polling: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'vendorPayload', 'emits', 'intervalSeconds'],
            properties: { ...inbound, intervalSeconds: { type: 'integer', minimum: 1, maximum: 86_400 } },
          },
        },
        actions: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'consumes', 'vendorPayload'],
            properties: { ...common, consumes: { type: 'array', minItems: 1, items: p('eventRef') } },
          },
        },
      },
    },
    configSchema: { type: 'object' },
    allowedHosts: { type: 'array', items: p('hostPattern') },
    allowedHostsFromConfig: { type: 'array', items: p('configField') },
    compatibility: {
      type: 'object',
      additionalProperties: false,
      required: ['sdk', 'canonical'],
      properties: {
        sdk: { type: 'string', minLength: 1 },
        canonical: { type: 'object', additionalProperties: { type: 'string', minLength: 1 } },
      },
    },
    breakingChanges: {
      type: 'object',
      propertyNames: p('major'),
      additionalProperties: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
  },
} as const;
