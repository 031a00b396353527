/**
 * `npm run cluster:local`: a scaled-out hub on this machine. Starts one API process
 * (`OMNIHUB_ROLE=api`) and two worker processes (`OMNIHUB_ROLE=worker`) against the local
 * RabbitMQ and PostgreSQL, in a fresh schema and under a fresh broker prefix; posts a bounded
 * number of `order.created` events through the API (`POST /v1/events`); and shows how the workers
 * shared them:
 *
 * - the order-routing flow (`flow.order-routing`), a real subscriber of every worker: handled and
 *   duplicate deliveries per process, read from each process's `/metrics`;
 * - `cluster.effects`, a subscriber these workers add: one row per event in `cluster_effects`
 *   tagged with the worker's id, in the handler's transaction, deliberately without a unique key,
 *   so a double effect would show.
 *
 * Prints a summary and exits 0 when every event was handled once by each subscriber, both workers
 * took part and nothing was duplicated; 1 otherwise. Everything it created is removed at exit.
 *
 *   npm run cluster:local                 200 events
 *   npm run cluster:local -- --events 1000
 *
 * Services: OMNIHUB_TEST_DATABASE_URL and OMNIHUB_TEST_AMQP_URL (defaults: 127.0.0.1). The
 * processes log errors only (`OMNIHUB_LOG_LEVEL=info` shows more).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createLogger, deleteRabbitTopology, Events, loadConfig, migrate, openPostgresStore, SCHEMAS_DIR, type Store } from '@omnihub/core';
import { dropSchema, freshName, TEST_AMQP_URL, TEST_DATABASE_URL } from '@omnihub/core/testing';

const SELF = fileURLToPath(import.meta.url);
const DEMO_SUBSCRIBER = 'cluster.effects';
const ORDER_FLOW = 'flow.order-routing';
const WORKERS = ['worker-1', 'worker-2'] as const;
/** Requests in flight at once against the API. */
const POST_CONCURRENCY = 8;
/** Every wait ends by then: a hang is a failure. */
const TIME_LIMIT_MS = 120_000;

/** What a process tells the coordinator once it serves. */
interface Ready {
  ready: true;
  url: string;
  subscribers: string[];
}

// ---------------------------------------------------------------------------------------------
// One hub process (started by the coordinator below with `--process <role> <id>`).

async function runProcess(role: string, id: string, schema: string, prefix: string): Promise<void> {
  const config = loadConfig({ ...process.env, OMNIHUB_ROLE: role, OMNIHUB_PORT: '0' });
  const logger = createLogger({ level: config.logLevel, name: id });
  const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 10 });
  // Imported here: the coordinator itself never loads the facade.
  const { startHub } = await import('@omnihub/openapi');
  const hub = await startHub(config, { store, brokerPrefix: prefix, logger });
  if (role === 'worker') {
    await hub.broker.bus.subscribe({
      name: DEMO_SUBSCRIBER,
      events: [Events.OrderCreated],
      handle: async (event, { tx }) => {
        await tx.query('insert into cluster_effects (event_id, worker) values ($1, $2)', [event.id, id]);
      },
    });
  }
  process.on('message', (message: unknown) => {
    if (message !== 'stop') return;
    hub
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  });
  process.send?.({ ready: true, url: hub.url, subscribers: hub.broker.bus.subscribers() } satisfies Ready);
}

// ---------------------------------------------------------------------------------------------
// The coordinator.

interface Member {
  id: string;
  role: 'api' | 'worker';
  child: ChildProcess;
  url: string;
  subscribers: string[];
}

function start(role: 'api' | 'worker', id: string, schema: string, prefix: string, env: NodeJS.ProcessEnv): Promise<Member> {
  const child = fork(SELF, ['--process', role, id, schema, prefix], {
    execArgv: ['--conditions=omnihub-source'],
    env: { ...process.env, ...env, OMNIHUB_AMQP_URL: TEST_AMQP_URL, OMNIHUB_LOG_LEVEL: process.env['OMNIHUB_LOG_LEVEL'] ?? 'error' },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${id} did not start within ${TIME_LIMIT_MS / 1000} s`)), TIME_LIMIT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${id} exited (${String(code)}) before it was ready; see its log lines above`));
    });
    child.once('message', (message: Ready) => {
      clearTimeout(timer);
      resolve({ id, role, child, url: message.url, subscribers: message.subscribers });
    });
  });
}

async function stop(member: Member): Promise<void> {
  if (member.child.exitCode !== null || member.child.signalCode !== null) return;
  const exited = once(member.child, 'exit');
  member.child.send('stop');
  const timer = setTimeout(() => member.child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Posts `count` order.created events through the API, `POST_CONCURRENCY` at a time. */
async function post(api: Member, key: string, count: number): Promise<void> {
  const template = JSON.parse(readFileSync(`${SCHEMAS_DIR}/order.created/fixtures/v1/valid/full.json`, 'utf8')) as { order: { id: string } };
  let next = 0;
  const one = async (): Promise<void> => {
    while (next < count) {
      const index = next;
      next += 1;
      const id = randomUUID();
      const data = structuredClone(template);
      data.order.id = `CL-${String(index).padStart(5, '0')}-${id.slice(0, 8)}`;
      const response = await fetch(`${api.url}/v1/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': id },
        body: JSON.stringify({ specversion: '1.0', id, source: '/cluster-local', type: 'order.created', subject: data.order.id, data }),
      });
      if (response.status !== 202) throw new Error(`POST /v1/events answered ${response.status}: ${await response.text()}`);
    }
  };
  await Promise.all(Array.from({ length: POST_CONCURRENCY }, one));
}

/** `omnihub_events_consumed_total` of one subscriber in one process, by outcome. */
async function consumed(member: Member, subscriber: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${member.url}/metrics`)).text();
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('omnihub_events_consumed_total{') || !line.includes(`subscriber="${subscriber}"`)) continue;
    const outcome = /outcome="([^"]+)"/.exec(line)?.[1];
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (outcome !== undefined) counts.set(outcome, (counts.get(outcome) ?? 0) + value);
  }
  return counts;
}

async function until(predicate: () => Promise<boolean>, what: string, deadline: number): Promise<void> {
  while (!(await predicate())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

async function coordinate(count: number): Promise<boolean> {
  const schema = freshName('cluster');
  const prefix = freshName('cluster');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omnihub-cluster-'));
  const adminKey = `ohk_${randomBytes(5).toString('hex')}_${randomBytes(24).toString('base64url')}`;
  const members: Member[] = [];
  let store: Store | undefined;
  const deadline = performance.now() + TIME_LIMIT_MS;
  const cleanup = async (): Promise<void> => {
    for (const member of [...members].reverse()) await stop(member).catch(() => undefined);
    const subscribers = new Set([DEMO_SUBSCRIBER, ...members.flatMap((m) => m.subscribers)]);
    // Every subscriber that ever started has a state row, also those started after a process was ready.
    const started = await store?.query<{ subscriber: string }>('select subscriber from subscriber_state').catch(() => undefined);
    for (const row of started?.rows ?? []) subscribers.add(row.subscriber);
    await store?.close().catch(() => undefined);
    await deleteRabbitTopology(TEST_AMQP_URL, prefix, subscribers).catch((error: unknown) => console.error(`could not delete the broker topology ${prefix}: ${String(error)}`));
    await dropSchema(schema).catch((error: unknown) => console.error(`could not drop schema ${schema}: ${String(error)}`));
    rmSync(dataDir, { recursive: true, force: true });
  };
  const interrupted = (): void => {
    console.error('interrupted: cleaning up');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    // Migrated once here, so the processes start together without queueing on the migration lock.
    store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 2 });
    await migrate(store);
    await store.exec('create table cluster_effects (event_id text not null, worker text not null, at timestamptz not null default now())');
    const env = { OMNIHUB_ADMIN_KEY: adminKey, OMNIHUB_DATA_DIR: dataDir };
    console.log(`starting 1 API and ${WORKERS.length} worker processes (schema ${schema}, broker prefix ${prefix})...`);
    members.push(...(await Promise.all([start('api', 'api', schema, prefix, env), ...WORKERS.map((id) => start('worker', id, schema, prefix, env))])));
    const api = members.find((m) => m.role === 'api');
    if (api === undefined) throw new Error('no API process');
    const workers = members.filter((m) => m.role === 'worker');
    const started = performance.now();
    console.log(`posting ${count} order.created events to ${api.url}/v1/events...`);
    await post(api, adminKey, count);
    const posted = performance.now();
    const effects = async (): Promise<{ total: number; distinct: number }> => {
      const { rows } = await (store as Store).query<{ total: number; distinct: number }>('select count(*)::int as total, count(distinct event_id)::int as distinct from cluster_effects');
      return rows[0] ?? { total: 0, distinct: 0 };
    };
    const flowHandled = async (): Promise<number> => {
      const { rows } = await (store as Store).query<{ n: number }>('select count(*)::int as n from inbox where subscriber = $1', [ORDER_FLOW]);
      return rows[0]?.n ?? 0;
    };
    const flowRuns = workers.some((w) => w.subscribers.includes(ORDER_FLOW));
    await until(async () => (await effects()).distinct >= count && (!flowRuns || (await flowHandled()) >= count), `${count} events handled`, deadline);
    const done = performance.now();
    // Late redeliveries would show as second effects now.
    await sleep(1_000);

    const { rows: perWorker } = await store.query<{ worker: string; total: number; distinct: number }>(
      'select worker, count(*)::int as total, count(distinct event_id)::int as distinct from cluster_effects group by worker order by worker',
    );
    const counted = await effects();
    const metrics = await Promise.all(members.map(async (m) => ({ member: m, demo: await consumed(m, DEMO_SUBSCRIBER), flow: await consumed(m, ORDER_FLOW) })));
    const rows = metrics.map(({ member, demo, flow }) => [
      `${member.id} (${member.role})`,
      String(perWorker.find((r) => r.worker === member.id)?.total ?? 0),
      String(demo.get('duplicate') ?? 0),
      member.subscribers.includes(ORDER_FLOW) ? String(flow.get('handled') ?? 0) : '-',
      member.subscribers.includes(ORDER_FLOW) ? String(flow.get('duplicate') ?? 0) : '-',
      member.subscribers.includes(ORDER_FLOW) ? String([...flow].filter(([outcome]) => outcome !== 'handled' && outcome !== 'duplicate').reduce((sum, [, n]) => sum + n, 0)) : '-',
    ]);
    console.log('');
    console.log(table(['PROCESS', `${DEMO_SUBSCRIBER} EFFECTS`, 'REDELIVERED', `${ORDER_FLOW} HANDLED`, 'REDELIVERED', 'RETRIED/DEAD'], rows));
    const flowTotal = metrics.reduce((sum, m) => sum + (m.flow.get('handled') ?? 0), 0);
    const inbox = flowRuns ? await flowHandled() : 0;
    const failures: string[] = [];
    if (counted.distinct !== count) failures.push(`${count - counted.distinct} of ${count} events have no ${DEMO_SUBSCRIBER} effect`);
    if (counted.total !== counted.distinct) failures.push(`${counted.total - counted.distinct} ${DEMO_SUBSCRIBER} effects duplicated`);
    for (const worker of workers) {
      if ((perWorker.find((r) => r.worker === worker.id)?.total ?? 0) === 0) failures.push(`${worker.id} handled nothing: the work did not spread`);
    }
    if (flowRuns && (flowTotal !== count || inbox !== count)) failures.push(`${ORDER_FLOW} handled ${flowTotal} deliveries (inbox ${inbox}) for ${count} events`);
    console.log('');
    console.log(
      `${count} events posted in ${((posted - started) / 1000).toFixed(1)} s, all handled ${((done - started) / 1000).toFixed(1)} s after the first post; ` +
        `${DEMO_SUBSCRIBER}: ${counted.distinct} distinct events, ${counted.total} effects (${counted.total - counted.distinct} duplicated); ` +
        (flowRuns ? `${ORDER_FLOW}: ${flowTotal} handled across processes, ${inbox} in its inbox.` : `${ORDER_FLOW} does not run in these workers.`),
    );
    for (const failure of failures) console.log(`FAIL: ${failure}`);
    console.log(failures.length === 0 ? `PASS: ${workers.length} workers shared the work with no duplicated effects` : 'FAIL');
    return failures.length === 0;
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await cleanup();
  }
}

const argv = process.argv.slice(2);
if (argv[0] === '--process') {
  const [, role = 'worker', id = 'worker', schema = '', prefix = ''] = argv;
  await runProcess(role, id, schema, prefix);
} else {
  const at = argv.indexOf('--events');
  const count = at === -1 ? 200 : Number(argv[at + 1]);
  if (!Number.isInteger(count) || count < 1 || count > 100_000) {
    console.error('--events must be an integer from 1 to 100000');
    process.exit(2);
  }
  try {
    process.exit((await coordinate(count)) ? 0 : 1);
  } catch (error: unknown) {
    console.error(`cluster:local failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
