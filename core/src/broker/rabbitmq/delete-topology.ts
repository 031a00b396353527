import { connect } from 'amqplib';
import { DELAY_BUCKETS_MS } from './delay-buckets.ts';
import { topologyNames } from './topology.ts';

/**
 * Deletes everything a transport with `prefix` may have declared for `subscribers`: their queues,
 * every delay queue, the hub's default RPC queue under that prefix, and the events exchange. For
 * tests (fresh prefixes) and for tearing down a whole prefix by hand. Deleting a queue that does not
 * exist is not an error.
 */
export async function deleteRabbitTopology(url: string, prefix: string, subscribers: Iterable<string>): Promise<void> {
  const names = topologyNames(prefix);
  const model = await connect(url, { clientProperties: { connection_name: `omnihub cleanup ${prefix}` } });
  model.on('error', () => undefined);
  try {
    const channel = await model.createChannel();
    channel.on('error', () => undefined);
    for (const subscriber of subscribers) {
      await channel.deleteQueue(names.queue(subscriber));
      for (const bucketMs of DELAY_BUCKETS_MS) await channel.deleteQueue(names.delayQueue(subscriber, bucketMs));
    }
    await channel.deleteQueue(names.rpcQueue);
    await channel.deleteExchange(names.exchange);
  } finally {
    await model.close().catch(() => undefined);
  }
}
