import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { HubError, type FieldError } from '../../errors/hub-error.ts';
import { describeFieldErrors } from '../../schema/field-errors.ts';
import type { SqlExecutor, Store } from '../../store/store.ts';
import type { ConnectorRegistry } from '../connector-registry.ts';
import { SecretBox } from '../secrets/secret-box.ts';
import { readPointer } from '../../schema/json-pointer.ts';
import { decryptSecrets, encryptSecrets, maskConfig, secretPointers, SECRET_MASK, mapSecrets } from '../secrets/secret-fields.ts';
import type { SecretKeySource } from '../secrets/secret-key.ts';
import { capabilitySettingErrors, configErrors, instanceIdErrors } from './config-validation.ts';
import type { ConnectorInstance, InstanceChanges, InstanceState, NewInstance } from './instance.ts';

interface InstanceRow extends Record<string, unknown> {
  id: string;
  connector_id: string;
  version: string;
  previous_version: string | null;
  config: Record<string, unknown>;
  mapping_overrides: Record<string, string>;
  poll_intervals: Record<string, number>;
  state: InstanceState;
  state_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, connector_id, version, previous_version, config, mapping_overrides, poll_intervals, state, state_reason, created_at, updated_at';

function fromRow(row: InstanceRow): ConnectorInstance {
  return {
    id: row.id,
    connectorId: row.connector_id,
    version: row.version,
    previousVersion: row.previous_version,
    config: row.config,
    mappingOverrides: row.mapping_overrides,
    pollIntervals: row.poll_intervals,
    state: row.state,
    stateReason: row.state_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function invalid(errors: FieldError[]): HubError {
  return new HubError('validation-failed', { detail: `the instance is invalid: ${describeFieldErrors(errors)}`, errors });
}

/** Masks every encrypted value, also where the pinned version is no longer installed to say which fields are secret. */
function maskEncrypted(value: unknown): unknown {
  if (SecretBox.isEncrypted(value)) return SECRET_MASK;
  if (Array.isArray(value)) return value.map(maskEncrypted);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskEncrypted(v)]));
  return value;
}

/** Dependencies of the {@link InstanceStore}. */
export interface InstanceStoreDeps {
  store: Store;
  connectors: ConnectorRegistry;
  /** The key that encrypts secret config fields, looked up on first use. */
  secretKey: SecretKeySource;
}

/**
 * Connector instances in the database. Each pins one installed connector version; its config is
 * validated against that version's schema (errors as JSON pointers under `/config`) and its secret
 * fields are encrypted before they are stored. Reads return the stored (encrypted) form: use
 * {@link InstanceStore.masked} for the API and {@link InstanceStore.decryptedConfig} only to build
 * a connector's context.
 */
export class InstanceStore {
  readonly #deps: InstanceStoreDeps;
  #box: Promise<SecretBox> | undefined;

  constructor(deps: InstanceStoreDeps) {
    this.#deps = deps;
  }

  /** The secret box, created from the key on first use. */
  secrets(): Promise<SecretBox> {
    const source = this.#deps.secretKey;
    if (this.#box === undefined) {
      const box = Buffer.isBuffer(source) ? Promise.resolve(new SecretBox(source)) : source().then((key) => new SecretBox(key));
      // A failed key lookup (a missing OMNIHUB_SECRET_KEY) is retried on the next call.
      box.catch(() => {
        if (this.#box === box) this.#box = undefined;
      });
      this.#box = box;
    }
    return this.#box;
  }

  #manifest(connectorId: string, version: string, path: string): ConnectorManifest {
    const loaded = this.#deps.connectors.get(connectorId, version);
    if (loaded !== undefined) return loaded.manifest;
    const versions = this.#deps.connectors.versions(connectorId);
    throw invalid([{ path, message: versions.length === 0 ? `no connector "${connectorId}" is installed` : `${connectorId}@${version} is not installed (installed: ${versions.join(', ')})`, keyword: 'installed' }]);
  }

  /** Creates an instance; `conflict` when the id is taken, `validation-failed` with pointers when anything is invalid. */
  async create(input: NewInstance): Promise<ConnectorInstance> {
    const idErrors = instanceIdErrors(input.id);
    if (idErrors.length > 0) throw invalid(idErrors);
    const version = input.version ?? this.#deps.connectors.latest(input.connectorId)?.manifest.version;
    if (version === undefined) throw invalid([{ path: '/connectorId', message: `no connector "${input.connectorId}" is installed`, keyword: 'installed' }]);
    const manifest = this.#manifest(input.connectorId, version, '/version');
    const overrides = input.mappingOverrides ?? {};
    const intervals = input.pollIntervals ?? {};
    const errors = [...configErrors(manifest, input.config), ...capabilitySettingErrors(manifest, overrides, intervals)];
    if (errors.length > 0) throw invalid(errors);
    const config = encryptSecrets(manifest.configSchema, input.config, await this.secrets());
    const { rows } = await this.#deps.store.query<InstanceRow>(
      `insert into connector_instances (id, connector_id, version, config, mapping_overrides, poll_intervals, state)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict (id) do nothing returning ${COLUMNS}`,
      [input.id, input.connectorId, version, config, overrides, intervals, input.state ?? 'enabled'],
    );
    const row = rows[0];
    if (row === undefined) throw new HubError('conflict', { detail: `instance "${input.id}" already exists` });
    return fromRow(row);
  }

  /** The instance `id`, or undefined. */
  async get(id: string, db: SqlExecutor = this.#deps.store): Promise<ConnectorInstance | undefined> {
    const { rows } = await db.query<InstanceRow>(`select ${COLUMNS} from connector_instances where id = $1`, [id]);
    return rows[0] === undefined ? undefined : fromRow(rows[0]);
  }

  /** The instance `id`; `not-found` when there is none. */
  async require(id: string): Promise<ConnectorInstance> {
    const instance = await this.get(id);
    if (instance === undefined) throw new HubError('not-found', { detail: `no connector instance "${id}"` });
    return instance;
  }

  /** Every instance, by id. */
  async list(): Promise<ConnectorInstance[]> {
    const { rows } = await this.#deps.store.query<InstanceRow>(`select ${COLUMNS} from connector_instances order by id`);
    return rows.map(fromRow);
  }

  /** Applies changes (see {@link InstanceChanges}); the config is validated against the resulting version. */
  async update(id: string, changes: InstanceChanges): Promise<ConnectorInstance> {
    const current = await this.require(id);
    const version = changes.version ?? current.version;
    const manifest = this.#manifest(current.connectorId, version, '/version');
    const box = await this.secrets();
    const oldManifest = this.#deps.connectors.get(current.connectorId, current.version)?.manifest;
    const oldPlain = oldManifest === undefined ? undefined : decryptSecrets(oldManifest.configSchema, current.config, box, `instance ${id}`);
    const errors: FieldError[] = [];
    let plain: Record<string, unknown>;
    if (changes.config !== undefined) {
      // `********` stands for "keep the stored secret", so a config read from the API can be sent back.
      plain = mapSecrets(manifest.configSchema, changes.config, (value, pointer) => {
        if (value !== SECRET_MASK) return value;
        const kept = readPointer(oldPlain, pointer);
        if (typeof kept === 'string') return kept;
        errors.push({ path: `/config${pointer}`, message: `is masked (${SECRET_MASK}) but no secret is stored there to keep`, keyword: 'secret' });
        return value;
      });
    } else {
      if (oldPlain === undefined) throw invalid([{ path: '/version', message: `${current.connectorId}@${current.version} is not installed, so the stored config cannot be carried over: send the whole config`, keyword: 'installed' }]);
      plain = oldPlain;
    }
    const overrides = changes.mappingOverrides ?? current.mappingOverrides;
    const intervals = changes.pollIntervals ?? current.pollIntervals;
    errors.push(...configErrors(manifest, plain), ...capabilitySettingErrors(manifest, overrides, intervals));
    if (errors.length > 0) throw invalid(errors);
    const config = encryptSecrets(manifest.configSchema, plain, box);
    const previous = version === current.version ? current.previousVersion : current.version;
    const { rows } = await this.#deps.store.query<InstanceRow>(
      `update connector_instances set version = $2, previous_version = $3, config = $4, mapping_overrides = $5, poll_intervals = $6, updated_at = now()
       where id = $1 returning ${COLUMNS}`,
      [id, version, previous, config, overrides, intervals],
    );
    if (rows[0] === undefined) throw new HubError('not-found', { detail: `no connector instance "${id}"` });
    return fromRow(rows[0]);
  }

  /** Deletes an instance with its cursors, de-duplication records and lease; false when there was none. */
  async delete(id: string): Promise<boolean> {
    const { rowCount } = await this.#deps.store.query('delete from connector_instances where id = $1', [id]);
    return rowCount > 0;
  }

  /** Sets the state (and why); `not-found` when there is no such instance. */
  async setState(id: string, state: InstanceState, reason?: string, db: SqlExecutor = this.#deps.store): Promise<ConnectorInstance> {
    const { rows } = await db.query<InstanceRow>(
      `update connector_instances set state = $2, state_reason = $3, updated_at = now() where id = $1 returning ${COLUMNS}`,
      [id, state, state === 'enabled' ? null : (reason?.slice(0, 1000) ?? null)],
    );
    if (rows[0] === undefined) throw new HubError('not-found', { detail: `no connector instance "${id}"` });
    return fromRow(rows[0]);
  }

  /** The instance as the API and the CLI show it: every secret `********`. */
  masked(instance: ConnectorInstance): ConnectorInstance {
    const manifest = this.#deps.connectors.get(instance.connectorId, instance.version)?.manifest;
    const config = manifest === undefined ? instance.config : maskConfig(manifest.configSchema, instance.config);
    return { ...instance, config: maskEncrypted(config) as Record<string, unknown> };
  }

  /** The config with secrets decrypted, for the connector's context only. */
  async decryptedConfig(instance: ConnectorInstance): Promise<Record<string, unknown>> {
    const manifest = this.#manifest(instance.connectorId, instance.version, '/version');
    return decryptSecrets(manifest.configSchema, instance.config, await this.secrets(), `instance ${instance.id}`);
  }

  /** Pointers of the secret fields in an instance's config (for tests and audits). */
  secretFields(instance: ConnectorInstance): string[] {
    const manifest = this.#manifest(instance.connectorId, instance.version, '/version');
    return secretPointers(manifest.configSchema, instance.config);
  }
}
