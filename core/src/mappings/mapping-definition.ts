/**
 * The payload a mapping reads or writes: a vendor's payload type (with the vendor API version it
 * follows, and optionally a JSON Schema file in the mapping folder that describes it), or a
 * canonical schema version such as `order.created@1`.
 */
export type MappingEndpoint = VendorEndpoint | CanonicalEndpoint;

/** A vendor payload, e.g. `{ vendor: shopify, payload: shopify.Order, apiVersion: '2025-01' }`. */
export interface VendorEndpoint {
  vendor: string;
  payload: string;
  apiVersion?: string;
  /** JSON Schema (2020-12) file in the mapping folder that the payload must match. */
  schema?: string;
}

/** A canonical payload, e.g. `{ canonical: 'order.created@1' }`. */
export interface CanonicalEndpoint {
  canonical: string;
}

/** True when the endpoint is a canonical schema version. */
export function isCanonicalEndpoint(endpoint: MappingEndpoint): endpoint is CanonicalEndpoint {
  return 'canonical' in endpoint;
}

/** `order.created@1` or `shopify/shopify.Order@2025-01`: an endpoint in one line. */
export function describeEndpoint(endpoint: MappingEndpoint): string {
  if (isCanonicalEndpoint(endpoint)) return endpoint.canonical;
  return `${endpoint.vendor}/${endpoint.payload}${endpoint.apiVersion === undefined ? '' : `@${endpoint.apiVersion}`}`;
}

/** Whether two endpoints name the same payload (the schema file aside). */
export function sameEndpoint(a: MappingEndpoint, b: MappingEndpoint): boolean {
  if (isCanonicalEndpoint(a) || isCanonicalEndpoint(b)) return isCanonicalEndpoint(a) && isCanonicalEndpoint(b) && a.canonical === b.canonical;
  return a.vendor === b.vendor && a.payload === b.payload && a.apiVersion === b.apiVersion;
}

/** The contents of a `mapping.yaml`, as written. */
export interface MappingFile {
  id: string;
  version: string;
  description: string;
  source: MappingEndpoint;
  target: MappingEndpoint;
  /** A `.jsonata` file in the folder, or the expression itself. Exactly one of expression and chain. */
  expression?: string;
  /** Mappings applied one after the other, each `id` or `id@range`. */
  chain?: string[];
  /** Default values of variables the expression reads (small tables such as `$channels`). */
  bindings?: Record<string, unknown>;
}

/** The JSON Schema a `mapping.yaml` must match. */
export const MAPPING_FILE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://schemas.omnihub.dev/mapping-file.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'version', 'description', 'source', 'target'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9]+(?:[.-][a-z0-9]+)*$', maxLength: 200 },
    version: { type: 'string', minLength: 5, maxLength: 100 },
    description: { type: 'string', minLength: 1, maxLength: 2000 },
    source: { $ref: '#/$defs/endpoint' },
    target: { $ref: '#/$defs/endpoint' },
    expression: { type: 'string', minLength: 1 },
    chain: { type: 'array', minItems: 2, maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 300 } },
    bindings: { type: 'object', additionalProperties: true },
  },
  oneOf: [{ required: ['expression'] }, { required: ['chain'] }],
  $defs: {
    endpoint: {
      oneOf: [
        {
          type: 'object',
          additionalProperties: false,
          required: ['vendor', 'payload'],
          properties: {
            vendor: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 100 },
            payload: { type: 'string', minLength: 1, maxLength: 200 },
            apiVersion: { type: 'string', minLength: 1, maxLength: 50 },
            schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*\\.json$' },
          },
        },
        {
          type: 'object',
          additionalProperties: false,
          required: ['canonical'],
          properties: { canonical: { type: 'string', pattern: '^[a-z][a-z0-9.-]*@[1-9][0-9]*$' } },
        },
      ],
    },
  },
} as const;

/** The file name of an expression file referenced by `expression:` (otherwise the text is the expression). */
export const EXPRESSION_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*\.jsonata$/;
