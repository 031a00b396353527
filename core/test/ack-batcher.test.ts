import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import amqp, { type ConsumeMessage } from 'amqplib';
import { AckBatcher } from '../src/broker/rabbitmq/ack-batcher.ts';
import { freshName, serviceMissing, TEST_AMQP_URL } from '../src/testing/services.ts';
import { waitFor } from '../src/testing/wait-for.ts';

/** Runs `use` with a fresh quorum queue holding `bodies`, on its own connection; both go afterwards. */
async function withQueue(bodies: readonly string[], use: (connection: amqp.ChannelModel, queue: string, setup: amqp.Channel) => Promise<void>): Promise<void> {
  let connection: amqp.ChannelModel;
  try {
    connection = await amqp.connect(TEST_AMQP_URL);
  } catch (error: unknown) {
    throw serviceMissing('RabbitMQ', TEST_AMQP_URL, error);
  }
  const queue = freshName('acks');
  const setup = await connection.createChannel();
  try {
    await setup.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    for (const body of bodies) setup.sendToQueue(queue, Buffer.from(body), { persistent: true });
    await use(connection, queue, setup);
  } finally {
    await setup.deleteQueue(queue);
    await connection.close();
  }
}

/** Consumes `queue` on a fresh channel until `count` deliveries arrived. */
async function take(connection: amqp.ChannelModel, queue: string, count: number): Promise<{ channel: amqp.Channel; deliveries: ConsumeMessage[] }> {
  const channel = await connection.createChannel();
  await channel.prefetch(count);
  const deliveries: ConsumeMessage[] = [];
  await channel.consume(queue, (delivery) => {
    if (delivery !== null) deliveries.push(delivery);
  });
  await waitFor(() => deliveries.length === count, { message: `${count} deliveries` });
  return { channel, deliveries };
}

describe('ack batcher', () => {
  it('acks a settled run with one frame and never acks a delivery still being handled', async () => {
    await withQueue(['0', '1', '2', '3', '4', '5', '6', '7'], async (connection, queue, setup) => {
      const first = await take(connection, queue, 8);
      const batcher = new AckBatcher(first.channel);
      for (const delivery of first.deliveries) batcher.delivered(delivery);
      // Deliveries 0-2 and 4-7 settle; 3 is still being handled. Settled out of order on purpose.
      for (const index of [6, 1, 0, 2, 7, 5, 4]) batcher.ack(first.deliveries[index] ?? assert.fail('delivery'));
      await new Promise((resolve) => setImmediate(resolve));
      await first.channel.close();
      // Only the unsettled delivery comes back.
      const second = await take(connection, queue, 1);
      assert.equal(second.deliveries[0]?.content.toString(), '3');
      const again = new AckBatcher(second.channel);
      again.delivered(second.deliveries[0] ?? assert.fail('delivery'));
      again.ack(second.deliveries[0] ?? assert.fail('delivery'));
      again.flush();
      await second.channel.close();
      const { messageCount } = await setup.checkQueue(queue);
      assert.equal(messageCount, 0, 'every delivery was acked exactly once');
    });
  });

  it('drops queued acks quietly when the channel closed first', async () => {
    await withQueue(['x'], async (connection, queue) => {
      const { channel, deliveries } = await take(connection, queue, 1);
      const batcher = new AckBatcher(channel);
      batcher.delivered(deliveries[0] ?? assert.fail('delivery'));
      await channel.close();
      batcher.ack(deliveries[0] ?? assert.fail('delivery'));
      assert.doesNotThrow(() => batcher.flush());
      const redelivered = await take(connection, queue, 1);
      assert.equal(redelivered.deliveries[0]?.fields.redelivered, true);
      await redelivered.channel.close();
    });
  });
});
