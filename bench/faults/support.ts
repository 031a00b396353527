/**
 * What the fault scenarios share: the services and how to disturb them, a fresh schema and
 * broker prefix per scenario with the clean-up of both, and the effects table that counts
 * duplicates instead of preventing them.
 */
import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { deleteRabbitTopology, migrate, openPostgresStore, openRabbitTransport, SchemaRegistry, type Store } from '@omnihub/core';
import { dropSchema, freshName, serviceMissing, TEST_AMQP_URL, TEST_DATABASE_URL } from '@omnihub/core/testing';

export { TEST_AMQP_URL, TEST_DATABASE_URL };

/** How big a run is: `short` for CI (about a minute in all), `full` for a release check. */
export type RunSize = 'short' | 'full';

/** What one scenario reports: one row of the table. */
export interface ScenarioResult {
  /** Messages that entered the hub (confirmed publishes, committed accepts). */
  in: number;
  /** Distinct messages whose effect landed. */
  handled: number;
  /** Messages that ended in the dead letters (only poison should). */
  deadLettered: number;
  /** Messages in with no effect and no dead letter (must be 0). */
  lost: number;
  /** Effects beyond the first of each message (must be 0). */
  duplicated: number;
  /** What else the scenario saw: the fault's timing, retries, dead letters, per-worker counts. */
  detail: string;
  /** Further conditions of the scenario, each with its failure text when it does not hold. */
  checks?: { ok: boolean; failure: string }[];
}

/** A bounded fault scenario. */
export interface Scenario {
  /** Short name, also the CLI filter (`npm run faults -- broker-restart`). */
  name: string;
  /** One sentence: which fault, and what passing proves. */
  proves: string;
  /** True when some messages must end in the dead letters (else any dead letter fails the scenario). */
  deadLettersExpected?: boolean;
  /** Runs the scenario; resolves with its counts (a timeout or crash is reported by the runner). */
  run(size: RunSize, deadline: Deadline): Promise<ScenarioResult>;
}

/** A point in time every wait of a scenario is bounded by. */
export class Deadline {
  readonly #at: number;
  readonly #label: string;

  constructor(ms: number, label: string) {
    this.#at = performance.now() + ms;
    this.#label = label;
  }

  /** Milliseconds left (0 once past). */
  get remainingMs(): number {
    return Math.max(0, this.#at - performance.now());
  }

  /**
   * Polls `predicate` until it is true or the deadline passes (then throws, naming `what`). A
   * predicate that throws counts as false: the database or broker may be down mid-fault.
   */
  async until(predicate: () => boolean | Promise<boolean>, what: string, intervalMs = 200): Promise<void> {
    for (;;) {
      let ok: boolean;
      try {
        ok = await predicate();
      } catch {
        ok = false;
      }
      if (ok) return;
      if (this.remainingMs === 0) throw new Error(`${this.#label}: timed out waiting for ${what}`);
      await sleep(Math.min(intervalMs, this.remainingMs));
    }
  }
}

/** Runs a command; rejects with its stderr. */
export function run(command: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: timeoutMs }, (error, stdout, stderr) => {
      if (error === null) resolve(stdout);
      else reject(new Error(`${command} ${args.join(' ')} failed: ${stderr.trim() || error.message}`));
    });
  });
}

/**
 * `rabbitmqctl` against the broker under test; `OMNIHUB_FAULTS_RABBITMQ_NODE` names another node
 * (`rabbitmqctl -n <node>`) when the suite runs against a broker of its own.
 */
export function rabbitmqctl(...args: string[]): Promise<string> {
  const node = process.env['OMNIHUB_FAULTS_RABBITMQ_NODE'];
  return run('rabbitmqctl', node === undefined || node === '' ? args : ['-n', node, ...args]);
}

/**
 * The PostgreSQL cluster under test as `pg_ctlcluster` names it: `OMNIHUB_FAULTS_PG_CLUSTER`
 * (`<version> <name>`), else the one version under /etc/postgresql and cluster `main`.
 */
export function pgCluster(): [string, string] {
  const configured = process.env['OMNIHUB_FAULTS_PG_CLUSTER'];
  if (configured !== undefined && configured !== '') {
    const [version = '', name = 'main'] = configured.trim().split(/\s+/);
    return [version, name];
  }
  const versions = readdirSync('/etc/postgresql');
  if (versions.length !== 1 || versions[0] === undefined) throw new Error(`expected one PostgreSQL version under /etc/postgresql, found ${versions.join(', ') || 'none'}; set OMNIHUB_FAULTS_PG_CLUSTER="<version> <name>"`);
  return [versions[0], 'main'];
}

/** `pg_ctlcluster --skip-systemctl-redirect <version> <name> <action>`. */
export function pgCtl(action: 'restart' | 'start' | 'status'): Promise<string> {
  const [version, name] = pgCluster();
  return run('pg_ctlcluster', ['--skip-systemctl-redirect', version, name, action]);
}

/** Starts the broker app if it is stopped (a no-op when running) and waits until it accepts connections. */
export async function restoreBroker(): Promise<void> {
  await rabbitmqctl('start_app');
  const deadline = new Deadline(60_000, 'RabbitMQ');
  await deadline.until(async () => {
    const prefix = freshName('probe');
    await (await openRabbitTransport({ url: TEST_AMQP_URL, prefix, logger: silent })).close();
    await deleteRabbitTopology(TEST_AMQP_URL, prefix, []);
    return true;
  }, 'RabbitMQ to accept connections');
}

/** Starts PostgreSQL if it is down (a no-op when running) and waits until it answers. */
export async function restorePostgres(): Promise<void> {
  await pgCtl('start').catch(() => undefined);
  const deadline = new Deadline(60_000, 'PostgreSQL');
  await deadline.until(async () => {
    await (await openPostgresStore({ url: TEST_DATABASE_URL, maxConnections: 1 })).close();
    return true;
  }, 'PostgreSQL to accept connections');
}

/** A logger that writes nothing: the table is the output. */
export const silent: Logger = pino({ level: 'silent' });

/** A logger that counts its warning and error lines by message, for a scenario's detail line. */
export function countingLogger(): { logger: Logger; counts: Map<string, number>; count: (message: string) => number } {
  const counts = new Map<string, number>();
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) {
        if (text === '') continue;
        try {
          const line = JSON.parse(text) as { msg?: string };
          const message = line.msg ?? '(no message)';
          counts.set(message, (counts.get(message) ?? 0) + 1);
        } catch {
          // not a pino line
        }
      }
      done();
    },
  });
  return { logger: pino({ level: 'warn' }, sink), counts, count: (message) => counts.get(message) ?? 0 };
}

let registry: Promise<SchemaRegistry> | undefined;

/** The canonical schema registry, loaded once. */
export function schemas(): Promise<SchemaRegistry> {
  registry ??= SchemaRegistry.load();
  return registry;
}

/** The effects table: one row per applied effect, deliberately without a unique key. */
export const EFFECTS_DDL = 'create table if not exists fault_effects (event_id text not null, worker text, at timestamptz not null default now())';

/** Total effect rows and distinct messages among them. */
export async function countEffects(store: Store): Promise<{ total: number; distinct: number }> {
  const { rows } = await store.query<{ total: number; distinct: number }>('select count(*)::int as total, count(distinct event_id)::int as distinct from fault_effects');
  return rows[0] ?? { total: 0, distinct: 0 };
}

/** A scenario's own schema and broker prefix, dropped and deleted by {@link Sandbox.dispose}. */
export interface Sandbox {
  schema: string;
  prefix: string;
  /** Store on the schema, migrated, with the effects table. */
  store: Store;
  /** Subscribers whose queues {@link Sandbox.dispose} deletes. */
  subscribers: Set<string>;
  dispose(): Promise<void>;
}

/** Opens a fresh schema (migrated, with the effects table) and a fresh broker prefix. */
export async function sandbox(label: string, maxConnections = 10): Promise<Sandbox> {
  const schema = freshName(`faults_${label}`);
  const prefix = freshName(`faults_${label}`);
  let store: Store;
  try {
    store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections });
  } catch (error: unknown) {
    throw serviceMissing('PostgreSQL', TEST_DATABASE_URL, error);
  }
  await migrate(store);
  await store.exec(EFFECTS_DDL);
  const subscribers = new Set<string>();
  return {
    schema,
    prefix,
    store,
    subscribers,
    dispose: async () => {
      await store.close().catch(() => undefined);
      // Left-overs are reported, never silent: they would pile up on a shared machine.
      await deleteRabbitTopology(TEST_AMQP_URL, prefix, subscribers).catch((error: unknown) => warn(`could not delete the queues of ${prefix}`, error));
      await dropSchema(schema).catch((error: unknown) => warn(`could not drop schema ${schema}`, error));
    },
  };
}

function warn(what: string, error: unknown): void {
  process.stderr.write(`${what}: ${error instanceof Error ? error.message : String(error)}\n`);
}

/** Resolves after `ms` unless the deadline comes first. */
export function pause(ms: number, deadline: Deadline): Promise<void> {
  return sleep(Math.min(ms, deadline.remainingMs));
}

/** Dead letters of a subscriber. */
export async function countDeadLetters(store: Store, subscriber: string): Promise<number> {
  const { rows } = await store.query<{ n: number }>('select count(*)::int as n from dead_letters where subscriber = $1', [subscriber]);
  return rows[0]?.n ?? 0;
}

/** Seconds since `started` (a `performance.now()` value), one decimal. */
export function secondsSince(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(1);
}
