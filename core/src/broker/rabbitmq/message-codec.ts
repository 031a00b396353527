import type { ConsumeMessage, Options } from 'amqplib';
import type { InboundMessage, TransportMessage } from '../transport.ts';

/**
 * Carries a message's event routing key when it travels through the default exchange (straight to
 * a queue, or back from a delay queue), where the AMQP routing key is the queue name instead.
 */
export const ROUTING_KEY_HEADER = 'x-omnihub-routing-key';

// Headers RabbitMQ adds (dead-lettering, quorum redelivery count) and our own routing header:
// not part of the message the publisher sent, so consumers never see them.
const TRANSPORT_HEADERS = new Set([
  ROUTING_KEY_HEADER,
  'x-death',
  'x-first-death-exchange',
  'x-first-death-queue',
  'x-first-death-reason',
  'x-last-death-exchange',
  'x-last-death-queue',
  'x-last-death-reason',
  'x-delivery-count',
]);

/**
 * AMQP properties of a message: persistent (delivery mode 2), JSON, with its id and headers.
 * `routedAs` is set when the message goes through the default exchange (see {@link ROUTING_KEY_HEADER}).
 */
export function publishOptions(
  message: TransportMessage,
  headers: Record<string, string | number> = message.headers,
  routedAs?: string,
): Options.Publish {
  return {
    persistent: true,
    messageId: message.messageId,
    contentType: 'application/json',
    headers: routedAs === undefined ? { ...headers } : { ...headers, [ROUTING_KEY_HEADER]: routedAs },
  };
}

/** Turns an AMQP delivery back into the message that was published. */
export function toInboundMessage(delivery: ConsumeMessage): InboundMessage {
  const raw: Record<string, unknown> = delivery.properties.headers ?? {};
  const headers: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (TRANSPORT_HEADERS.has(name)) continue;
    // omnihub only sends strings and numbers; other AMQP field types cannot be expressed in the contract.
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) headers[name] = value;
  }
  const routedAs = raw[ROUTING_KEY_HEADER];
  const messageId: unknown = delivery.properties.messageId;
  return {
    messageId: typeof messageId === 'string' ? messageId : '',
    routingKey: typeof routedAs === 'string' ? routedAs : delivery.fields.routingKey,
    headers,
    body: delivery.content,
    redelivered: delivery.fields.redelivered,
  };
}
