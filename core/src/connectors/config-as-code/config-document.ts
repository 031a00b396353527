import type { FieldError } from '../../errors/hub-error.ts';
import { toFieldErrors } from '../../schema/field-errors.ts';
import { configSchemaAjv } from '../manifest/config-schema-checks.ts';

/** The `apiVersion` of a config file this hub reads and writes. */
export const CONFIG_API_VERSION = 'omnihub.dev/v1';

/**
 * One connector instance as an integrator declares it in `omnihub.yaml`.
 *
 * @example
 * { id: 'erp-orders', connector: 'http', version: '1.0.0', config: { baseUrl: 'https://erp.example.com' } }
 */
export interface InstanceDeclaration {
  /** The instance id (a slug: lower-case letters, digits, dashes). */
  id: string;
  /** The connector id (`http`, `shopify`...). */
  connector: string;
  /** The pinned connector version; absent: the newest installed at creation, then kept. */
  version?: string | undefined;
  /** `false` switches the instance off (state `disabled`); default `true`. */
  enabled?: boolean | undefined;
  /** The config, validated against the connector version's schema; absent means `{}`. */
  config?: Record<string, unknown> | undefined;
  /** Capability name → mapping expression used instead of the capability's mapping. */
  mappings?: Record<string, string> | undefined;
  /** Polling capability name → seconds between polls. */
  pollIntervals?: Record<string, number> | undefined;
}

/** The content of a config file: the connector instances the hub should have. */
export interface ConfigDocument {
  apiVersion: typeof CONFIG_API_VERSION;
  instances: InstanceDeclaration[];
}

/** JSON Schema of a {@link ConfigDocument}; the connector's own schema then checks each `config`. */
export const CONFIG_DOCUMENT_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'instances'],
  properties: {
    apiVersion: { const: CONFIG_API_VERSION },
    instances: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'connector'],
        properties: {
          id: { type: 'string' },
          connector: { type: 'string', minLength: 1 },
          version: { type: 'string', minLength: 1 },
          enabled: { type: 'boolean' },
          config: { type: 'object' },
          mappings: { type: 'object', additionalProperties: { type: 'string' } },
          pollIntervals: { type: 'object', additionalProperties: { type: 'integer' } },
        },
      },
    },
  },
} as const;

let validate: ReturnType<ReturnType<typeof configSchemaAjv>['compile']> | undefined;

/**
 * The broken rules of a config document's shape, by JSON pointer into the document. A value
 * that must be one constant names both, e.g. `/apiVersion` `must be omnihub.dev/v1, got "v2"`.
 */
export function configDocumentErrors(document: unknown): FieldError[] {
  validate ??= configSchemaAjv().compile(CONFIG_DOCUMENT_SCHEMA);
  return validate(document) ? [] : toFieldErrors(validate.errors, '', document);
}

/** Whether `document` has the shape of a {@link ConfigDocument}. */
export function isConfigDocument(document: unknown): document is ConfigDocument {
  return configDocumentErrors(document).length === 0;
}
