import { pointerSegment } from '../../schema/field-errors.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import { SecretBox } from '../secrets/secret-box.ts';
import { SECRET_MASK } from '../secrets/secret-fields.ts';
import { CONFIG_API_VERSION, type ConfigDocument, type InstanceDeclaration } from './config-document.ts';
import { envReference, secretEnvName } from './env-references.ts';

/** How an export writes secrets: `env` as `${NAME}` references, `masked` as `********` (kept on apply). */
export const SECRET_EXPORT_MODES = ['env', 'masked'] as const;

/** One of {@link SECRET_EXPORT_MODES}. */
export type SecretExportMode = (typeof SECRET_EXPORT_MODES)[number];

/** A secret an exported file refers to by environment variable. */
export interface ExportedSecret {
  instance: string;
  /** JSON pointer inside the instance's config. */
  path: string;
  /** The variable to set before applying the file. */
  env: string;
}

/** The hub's instances as a config file, and the variables its secrets are read from. */
export interface ExportedConfig {
  document: ConfigDocument;
  secrets: ExportedSecret[];
}

function replaceSecrets(value: unknown, pointer: string, replace: (pointer: string) => string): unknown {
  if (SecretBox.isEncrypted(value)) return replace(pointer);
  // A literal `${` is written `$${`, so that applying the file does not read it as a reference.
  if (typeof value === 'string') return value.replaceAll('${', () => '$${');
  if (Array.isArray(value)) return value.map((item, index) => replaceSecrets(item, `${pointer}/${index}`, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, replaceSecrets(child, `${pointer}/${pointerSegment(key)}`, replace)]));
  }
  return value;
}

/**
 * Writes stored instances as a config file that applies back to no change: each instance with its
 * pinned version, whether it is enabled, its config, mapping overrides and poll intervals. Secrets
 * (the values stored encrypted) never leave in clear: `env` writes `${ERP_ORDERS_WEBHOOK_SECRET}`
 * references (listed in `secrets`, to set before applying), `masked` writes `********`, which an
 * apply reads as "keep the stored secret".
 *
 * @example
 * const { document, secrets } = exportConfig(await instances.list(), { secrets: 'env' });
 */
export function exportConfig(instances: readonly ConnectorInstance[], options: { secrets: SecretExportMode }): ExportedConfig {
  const secrets: ExportedSecret[] = [];
  const declarations = [...instances]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((instance): InstanceDeclaration => {
      const config = replaceSecrets(instance.config, '', (pointer) => {
        if (options.secrets === 'masked') return SECRET_MASK;
        const env = secretEnvName(instance.id, pointer);
        secrets.push({ instance: instance.id, path: pointer, env });
        return envReference(env);
      }) as Record<string, unknown>;
      return {
        id: instance.id,
        connector: instance.connectorId,
        version: instance.version,
        enabled: instance.state !== 'disabled',
        config,
        ...(Object.keys(instance.mappingOverrides).length === 0 ? {} : { mappings: instance.mappingOverrides }),
        ...(Object.keys(instance.pollIntervals).length === 0 ? {} : { pollIntervals: instance.pollIntervals }),
      };
    });
  return { document: { apiVersion: CONFIG_API_VERSION, instances: declarations }, secrets };
}
