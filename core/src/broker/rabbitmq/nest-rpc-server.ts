import { randomUUID } from 'node:crypto';
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import { HubError, isHubError } from '../../errors/hub-error.ts';
import { commandError, unknownCommand, type CommandError } from '../../interop/command-error.ts';
import type { CommandHandler } from '../../interop/command.ts';
import { withCorrelation } from '../../logging/correlation.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { ChannelSlot } from './channel-slot.ts';
import { RecoveringConnection } from './connection.ts';
import { assertValidName } from './topology.ts';

/** Options of {@link startNestRpcServer}. */
export interface NestRpcServerOptions {
  /** `amqp://user:password@host:5672/vhost`; the password never reaches a log line. */
  url: string;
  /** The durable queue callers send to: the `queue` option of their Nest `ClientRMQ`. */
  queue: string;
  /** Command handlers by pattern (see `createHubCommandHandlers`). */
  handlers: Readonly<Record<string, CommandHandler>>;
  logger: Logger;
  /** Commands run at once (default 20). */
  prefetch?: number | undefined;
  /** Reconnect backoff bounds (default 100 ms to 30 s, with jitter). */
  reconnect?: BackoffOptions | undefined;
  /** How long `close()` waits for commands in flight (default 5000 ms). */
  closeGraceMs?: number | undefined;
}

/** A running RPC server. */
export interface NestRpcServer {
  readonly queue: string;
  /** Stops taking commands, waits for those in flight (up to the grace), then disconnects. */
  close(): Promise<void>;
}

/**
 * Arguments of the command queue: a quorum queue (replicated, durable), like every hub queue. A
 * Nest client that asserts the queue must declare the same (`queueOptions: { durable: true,
 * arguments: { 'x-queue-type': 'quorum' } }`) or skip the assertion (`noAssert: true`).
 */
export const RPC_QUEUE_ARGUMENTS = { 'x-queue-type': 'quorum' } as const;

/** A packet of Nest's RabbitMQ transport (its default JSON serializer). */
interface NestPacket {
  pattern: unknown;
  data: unknown;
  /** Present on `send` (a request awaiting a reply), absent on `emit` (an event). */
  id?: unknown;
}

/** What Nest's client reads back: `err` or `response`, and `isDisposed` to end the observable. */
type NestReply = { err: CommandError; isDisposed: true; id: unknown } | { err: null; response: unknown; isDisposed: true; id: unknown };

function asPacket(content: Buffer): NestPacket | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content.toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || !('pattern' in parsed)) return undefined;
  return parsed as NestPacket;
}

/** Nest sends object patterns as JSON; the hub's commands all have string patterns. */
function patternText(pattern: unknown): string {
  return typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
}

/**
 * Serves hub commands to NestJS services using `@nestjs/microservices` with `Transport.RMQ`: it
 * consumes the durable queue `queue` (manual acks, reconnecting by itself), decodes Nest's JSON
 * packets `{ pattern, data, id }`, runs the handler of the pattern and answers on the message's
 * `replyTo` with its `correlationId`, in Nest's reply format `{ err, response, isDisposed: true,
 * id }`. Errors go back as `err` (`{ status: 'error', code, message, errors? }`); an unknown pattern
 * is `not-found`, an invalid payload `validation-failed`. A packet without `id` (Nest's `emit`) runs
 * the same handler without a reply. The message is acknowledged once its reply is sent: a server
 * that dies mid-command has the command redelivered, so handlers are idempotent.
 *
 * @example
 * const server = await startNestRpcServer({ url: 'amqp://localhost', queue: 'omnihub.rpc', handlers: createHubCommandHandlers({ store, registry }), logger });
 * // in the Nest service: client.send('inventory.availability.get', { sku: 'TSH-ORG-NVY-M' })
 */
export async function startNestRpcServer(options: NestRpcServerOptions): Promise<NestRpcServer> {
  const { queue, handlers } = options;
  assertValidName('subscriber', queue);
  const prefetch = options.prefetch ?? 20;
  const logger = options.logger.child({ rpcQueue: queue });
  const backoff = options.reconnect ?? DEFAULT_BACKOFF;
  const patterns = Object.keys(handlers).sort();
  const connection = new RecoveringConnection({ url: options.url, name: `omnihub rpc ${queue}`, backoff, logger });
  await connection.open();
  const inFlight = new Set<Promise<void>>();
  const tags = new WeakMap<Channel, string>();

  const run = async (packet: NestPacket, correlationId: string | undefined): Promise<NestReply> => {
    const pattern = patternText(packet.pattern);
    const started = performance.now();
    try {
      const handler = Object.hasOwn(handlers, pattern) ? handlers[pattern] : undefined;
      if (handler === undefined) throw unknownCommand(pattern, patterns);
      const response = await withCorrelation({ correlationId: correlationId ?? randomUUID() }, () => handler(packet.data, { correlationId }));
      logger.debug({ pattern, ms: Math.round(performance.now() - started) }, 'command answered');
      return { err: null, response: response ?? null, isDisposed: true, id: packet.id };
    } catch (error: unknown) {
      if (isHubError(error)) logger.info({ pattern, code: error.code, err: error.message }, 'command refused');
      else logger.error({ pattern, err: error }, 'command failed');
      return { err: commandError(error), isDisposed: true, id: packet.id };
    }
  };

  const handle = async (channel: Channel, delivery: ConsumeMessage): Promise<void> => {
    const { replyTo, correlationId } = delivery.properties as { replyTo?: string; correlationId?: string };
    const packet = asPacket(delivery.content);
    let reply: NestReply | undefined;
    if (packet === undefined) {
      logger.warn({ replyTo, correlationId }, 'message is not a Nest packet ({ pattern, data, id }); refused');
      const error = new HubError('bad-request', { detail: 'the message is not a JSON Nest packet { pattern, data, id }' });
      reply = { err: commandError(error), isDisposed: true, id: undefined };
    } else {
      const answer = await run(packet, correlationId);
      // Nest's `emit` sends no id and awaits no reply.
      if (packet.id !== undefined) reply = answer;
    }
    if (!slot.owns(channel)) return; // the broker redelivers it on the next channel
    try {
      if (reply !== undefined && typeof replyTo === 'string' && replyTo !== '') {
        channel.sendToQueue(replyTo, Buffer.from(JSON.stringify(reply)), { contentType: 'application/json', ...(correlationId === undefined ? {} : { correlationId }) });
      } else if (reply !== undefined) {
        logger.warn({ pattern: packet === undefined ? undefined : patternText(packet.pattern) }, 'request without replyTo; its reply is dropped');
      }
      channel.ack(delivery);
    } catch (error: unknown) {
      // The channel is closing: the broker puts the message back and it runs again.
      logger.debug({ err: error }, 'reply or ack dropped with its channel');
    }
  };

  const slot = new ChannelSlot<Channel>(
    connection,
    {
      label: `rpc ${queue}`,
      create: (model) => model.createChannel(),
      setup: async (channel) => {
        await channel.assertQueue(queue, { durable: true, arguments: RPC_QUEUE_ARGUMENTS });
        await channel.prefetch(prefetch);
        const { consumerTag } = await channel.consume(queue, (delivery) => {
          if (delivery === null) {
            logger.warn('RabbitMQ cancelled the RPC consumer; resubscribing');
            slot.reopen(channel);
            return;
          }
          const task = handle(channel, delivery).finally(() => inFlight.delete(task));
          inFlight.add(task);
        });
        tags.set(channel, consumerTag);
      },
    },
    backoff,
    logger,
  );
  try {
    await slot.start();
  } catch (error: unknown) {
    await connection.close();
    throw error;
  }
  logger.info({ patterns }, 'RPC server consuming');

  return {
    queue,
    close: async () => {
      const graceMs = options.closeGraceMs ?? 5_000;
      await slot.stop(async (channel) => {
        const tag = tags.get(channel);
        if (tag !== undefined) await channel.cancel(tag).catch(() => undefined);
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...inFlight]), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
        clearTimeout(timer);
      });
      await connection.close();
    },
  };
}
