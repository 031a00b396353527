import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { acceptEvent, createEvent, Events, openBroker, type Broker } from '@omnihub/core';
import { orderCreatedData } from '../../core/test/fixtures/order-data.ts';
import { countDeadLetters, countEffects, pause, sandbox, schemas, silent, TEST_AMQP_URL, TEST_DATABASE_URL, type Deadline, type Scenario, type ScenarioResult } from './support.ts';

const MESSAGES = { short: 400, full: 1_500 } as const;
const SUBSCRIBER = 'faults.sigkill';
/**
 * Each handler pauses this long, so a batch (up to the prefetch of 20) keeps its transaction open
 * for a few hundred ms: the kill lands in one, and the stream outlasts the restart.
 */
const HANDLER_PAUSE_MS = 20;
const WORKER = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

interface Worker {
  id: string;
  child: ChildProcess;
  /** Handlers started so far (reruns included). */
  started: () => number;
  ready: Promise<void>;
}

function startWorker(id: string, schema: string, prefix: string): Worker {
  const child = spawn(process.execPath, ['--conditions=omnihub-source', WORKER, TEST_DATABASE_URL, schema, TEST_AMQP_URL, prefix, SUBSCRIBER, id, String(HANDLER_PAUSE_MS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let started = 0;
  const ready = new Promise<void>((resolve, reject) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const parsed = JSON.parse(line) as { ready?: boolean; started?: number };
      if (parsed.ready === true) resolve();
      if (parsed.started !== undefined) started = parsed.started;
    });
    child.once('exit', (code, signal) => reject(new Error(`worker ${id} exited (${String(signal ?? code)}) before it was ready`)));
  });
  ready.catch(() => undefined);
  return { id, child, started: () => started, ready };
}

async function stop(worker: Worker, signal: NodeJS.Signals): Promise<void> {
  const { child } = worker;
  if (child.exitCode !== null || child.signalCode !== null) return;
  // 'close' comes after the last stdout line was read, so `started` is final.
  const closed = once(child, 'close');
  child.kill(signal);
  await closed;
}

async function effectsBy(box: Awaited<ReturnType<typeof sandbox>>): Promise<Map<string, number>> {
  const { rows } = await box.store.query<{ worker: string; n: number }>('select worker, count(*)::int as n from fault_effects group by worker order by worker');
  return new Map(rows.map((row) => [row.worker, row.n]));
}

async function run(size: 'short' | 'full', deadline: Deadline): Promise<ScenarioResult> {
  const messages = MESSAGES[size];
  const box = await sandbox('sigkill');
  box.subscribers.add(SUBSCRIBER);
  const workers: Worker[] = [];
  let api: Broker | undefined;
  try {
    workers.push(startWorker('w1', box.schema, box.prefix), startWorker('w2', box.schema, box.prefix));
    await Promise.all(workers.map((w) => w.ready));
    api = await openBroker({ store: box.store, registry: await schemas(), logger: silent, amqpUrl: TEST_AMQP_URL, prefix: box.prefix, relayPollMs: 50 });
    for (let start = 0; start < messages; start += 50) {
      await box.store.transaction(async (tx) => {
        for (let i = start; i < Math.min(messages, start + 50); i += 1) {
          const event = createEvent(Events.OrderCreated, orderCreatedData(`kill-${i}`), { source: '/faults', id: `kill-${i}` });
          await acceptEvent(tx, { ...event, dataschema: Events.OrderCreated.dataschema });
        }
      });
      api.relay.notify();
    }
    await deadline.until(async () => (await countEffects(box.store)).distinct >= messages / 4, 'a quarter of the effects before the kill');
    const victim = workers[0];
    if (victim === undefined) throw new Error('no worker');
    await stop(victim, 'SIGKILL');
    const startedByVictim = victim.started();
    const committedByVictim = (await effectsBy(box)).get(victim.id) ?? 0;
    const restarted = startWorker('w1-restarted', box.schema, box.prefix);
    workers.push(restarted);
    await restarted.ready;
    let complete = true;
    await deadline.until(async () => (await countEffects(box.store)).distinct === messages, `all ${messages} effects`).catch(() => (complete = false));
    if (complete) await pause(1_000, deadline);
    const counted = await countEffects(box.store);
    const perWorker = [...(await effectsBy(box))].map(([id, n]) => `${id} ${n}`).join(', ');
    const inFlight = startedByVictim - committedByVictim;
    const deadLettered = await countDeadLetters(box.store, SUBSCRIBER);
    return {
      in: messages,
      handled: counted.distinct,
      deadLettered,
      lost: messages - counted.distinct - deadLettered,
      duplicated: counted.total - counted.distinct,
      detail: `SIGKILL of w1 after it committed ${committedByVictim} with ${inFlight} handler runs in uncommitted batches; effects by worker: ${perWorker}`,
      checks: [{ ok: inFlight > 0, failure: 'the kill did not land in an open batch (no handler run of w1 was rolled back)' }],
    };
  } finally {
    for (const worker of workers) await stop(worker, 'SIGTERM').catch(() => undefined);
    await api?.close().catch(() => undefined);
    await box.dispose();
  }
}

/** A worker process killed with SIGKILL while a batch transaction is open, then started again. */
export const workerKill: Scenario = {
  name: 'worker-sigkill',
  proves: 'a worker killed with SIGKILL mid-batch: its open transaction rolls back, its unacked deliveries go to the other worker and the restarted one, each effect lands once',
  run,
};
