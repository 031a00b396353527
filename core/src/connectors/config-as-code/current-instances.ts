import { pointerSegment } from '../../schema/field-errors.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import type { InstanceStore } from '../instances/instance-store.ts';
import { SecretBox } from '../secrets/secret-box.ts';

/** A stored instance with its secrets decrypted, to compare a config file against. */
export interface CurrentInstance {
  instance: ConnectorInstance;
  /** The config as the connector gets it: secrets in clear. */
  plainConfig: Record<string, unknown>;
  /** JSON pointers (inside `config`) of the values stored encrypted: the secrets. */
  secretPointers: string[];
}

function decryptAll(value: unknown, box: SecretBox, where: string, pointer: string, secrets: string[]): unknown {
  if (SecretBox.isEncrypted(value)) {
    secrets.push(pointer);
    return box.decrypt(value, `${where} ${pointer}`);
  }
  if (Array.isArray(value)) return value.map((item, index) => decryptAll(item, box, where, `${pointer}/${index}`, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, decryptAll(child, box, where, `${pointer}/${pointerSegment(key)}`, secrets)]));
  }
  return value;
}

/**
 * Decrypts every encrypted value of a stored config, whether or not the pinned connector version
 * is installed here (the stored form itself says which values are secrets).
 */
export function currentOf(instance: ConnectorInstance, box: SecretBox): CurrentInstance {
  const secretPointers: string[] = [];
  const plainConfig = decryptAll(instance.config, box, `instance ${instance.id}`, '', secretPointers) as Record<string, unknown>;
  return { instance, plainConfig, secretPointers: secretPointers.sort() };
}

/** Every stored instance with its secrets decrypted, by id. */
export async function currentInstances(instances: InstanceStore): Promise<CurrentInstance[]> {
  const box = await instances.secrets();
  return (await instances.list()).map((instance) => currentOf(instance, box));
}
