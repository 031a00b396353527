/**
 * The load generator of the customer context benchmark, in its own process so that sending
 * requests does not compete with the server under test for its event loop. It receives one
 * command, runs it, sends back the latencies and exits.
 */
export interface LoadCommand {
  url: string;
  headers: Record<string, string>;
  warmup: number;
  count: number;
  concurrency: number;
}

/** Latencies in ms and the wall time of the measured requests. */
export interface LoadReport {
  latencies: number[];
  seconds: number;
}

async function run(url: string, headers: Record<string, string>, count: number, concurrency: number): Promise<LoadReport> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const loop = async (): Promise<void> => {
    while (next < count) {
      next += 1;
      const sent = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      latencies.push(performance.now() - sent);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

process.once('message', (message: unknown) => {
  const command = message as LoadCommand;
  run(command.url, command.headers, command.warmup, command.concurrency)
    .then(() => run(command.url, command.headers, command.count, command.concurrency))
    .then((report) => process.send?.(report, () => process.exit(0)))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
});
process.send?.({ ready: true });
