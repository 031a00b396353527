import path from 'node:path';

/** Settings of one hub process, read from `OMNIHUB_*` environment variables. */
export interface HubConfig {
  /** TCP port of the facade (`OMNIHUB_PORT`, default 8080). */
  port: number;
  /** Address the facade binds to (`OMNIHUB_HOST`, default 127.0.0.1). */
  host: string;
  /** Folder for embedded data: PGlite files, generated keys (`OMNIHUB_DATA_DIR`, default ./.omnihub). */
  dataDir: string;
  /** PostgreSQL URL; when absent the embedded PGlite store is used (`OMNIHUB_DATABASE_URL`). */
  databaseUrl: string | undefined;
  /** RabbitMQ URL; when absent the embedded transport is used (`OMNIHUB_AMQP_URL`). */
  amqpUrl: string | undefined;
  /** Admin API key to ensure at start (`OMNIHUB_ADMIN_KEY`). */
  adminKey: string | undefined;
  /** pino level (`OMNIHUB_LOG_LEVEL`, default info). */
  logLevel: string;
  /** Largest accepted request body in bytes (`OMNIHUB_MAX_BODY_BYTES`, default 1 MiB). */
  maxBodyBytes: number;
  /**
   * What this process does (`OMNIHUB_ROLE`): `all` (default) serves the facade and runs the
   * subscribers, pollers and schedulers; `api` only serves the facade; `worker` only runs them
   * (its HTTP server answers health, readiness and metrics).
   */
  role: HubRole;
  /** Queue of the NestJS RPC server (`OMNIHUB_RPC_QUEUE`); default `<broker prefix>.rpc`, i.e. `omnihub.rpc`. */
  rpcQueue: string | undefined;
}

/** The roles a hub process can take (see {@link HubConfig.role}). */
export const HUB_ROLES = ['all', 'api', 'worker'] as const;

/** One hub role. */
export type HubRole = (typeof HUB_ROLES)[number];

function roleSetting(env: NodeJS.ProcessEnv): HubRole {
  const raw = env['OMNIHUB_ROLE'] ?? 'all';
  const role = HUB_ROLES.find((r) => r === (raw === '' ? 'all' : raw));
  if (role === undefined) throw new Error(`OMNIHUB_ROLE must be one of ${HUB_ROLES.join(', ')}, got "${raw}"`);
  return role;
}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
  }
  return value;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : raw;
}

/** Reads the hub configuration from an environment (defaults to `process.env`). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): HubConfig {
  return {
    port: intSetting(env, 'OMNIHUB_PORT', 8080),
    host: env['OMNIHUB_HOST'] ?? '127.0.0.1',
    dataDir: path.resolve(env['OMNIHUB_DATA_DIR'] ?? '.omnihub'),
    databaseUrl: optional(env, 'OMNIHUB_DATABASE_URL'),
    amqpUrl: optional(env, 'OMNIHUB_AMQP_URL'),
    adminKey: optional(env, 'OMNIHUB_ADMIN_KEY'),
    logLevel: env['OMNIHUB_LOG_LEVEL'] ?? 'info',
    maxBodyBytes: intSetting(env, 'OMNIHUB_MAX_BODY_BYTES', 1024 * 1024),
    role: roleSetting(env),
    rpcQueue: optional(env, 'OMNIHUB_RPC_QUEUE'),
  };
}
