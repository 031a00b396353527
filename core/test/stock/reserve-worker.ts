/**
 * A hub worker process for the concurrency test: opens the PostgreSQL schema it is given and,
 * on `go`, makes its share of one-unit reservations all at once (each in its own transaction,
 * over a pool of connections), then reports how many succeeded.
 *
 * argv: <database url> <schema> <sku> <location> <count> <worker name>
 */
import { openPostgresStore } from '@omnihub/core';
import { reserve } from '../../src/stock/index.ts';

const [url = '', schema = '', sku = '', locationId = '', countArg = '0', worker = 'w'] = process.argv.slice(2);
const store = await openPostgresStore({ url, schema, maxConnections: 10 });

process.on('message', (message: { go?: boolean }) => {
  if (message.go !== true) return;
  const run = async (): Promise<void> => {
    const outcomes = await Promise.all(
      Array.from({ length: Number(countArg) }, (_, i) =>
        store.transaction((tx) => reserve(tx, { orderId: `${worker}-order-${i}`, lineId: 'ln-1', sku, locationId, quantity: 1 })).then(
          (result) => (result.ok ? 'reserved' : result.reason),
          (error: unknown) => `error: ${error instanceof Error ? error.message : String(error)}`,
        ),
      ),
    );
    await store.close();
    process.send?.({ outcomes }, () => process.disconnect());
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.send?.({ ready: true });
