import type { Channel, ChannelModel } from 'amqplib';

/**
 * Runs `fn` on a short-lived channel. For passive checks and declarations that may fail: the
 * broker closes the channel of a failed declare (404, 406), so they must not share the publisher's
 * or a consumer's channel.
 */
export async function withTemporaryChannel<T>(model: ChannelModel, fn: (channel: Channel) => Promise<T>): Promise<T> {
  const channel = await model.createChannel();
  // A failed declare emits 'error' on the channel; the rejected promise below reports it.
  channel.on('error', () => undefined);
  try {
    return await fn(channel);
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/** True for the broker's 404 NOT_FOUND (e.g. a passive check of a queue that does not exist). */
export function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 404;
}
