import { InvalidMessageFailure, type ConnectorContext } from '@omnihub/connector-sdk';

/** The fields of a canonical notification v2 the Twilio actions read. */
export interface Notification {
  id: string;
  channel: string;
  to: string;
  body?: string;
  instanceId?: string;
  kind?: string;
  orderId?: string;
  returnId?: string;
}

/**
 * A Twilio Conversation's SID (`CH` and 32 hex digits). A notification on channel `sms` whose
 * address is one is posted into that conversation; any other address gets an SMS.
 */
export const CONVERSATION_SID = /^CH[0-9a-fA-F]{32}$/;

/** Which Twilio API delivers a notification of this instance, or none (another channel or instance). */
export type Delivery = 'message' | 'conversation' | undefined;

/**
 * The notification of a notification.requested v2 payload, failing for anything else (dead-lettered,
 * never retried).
 */
export function readNotification(action: string, payload: unknown): Notification {
  const notification = (payload as { notification?: Partial<Notification> } | null)?.notification;
  if (notification === undefined || notification === null || typeof notification.to !== 'string' || typeof notification.id !== 'string') {
    throw new InvalidMessageFailure(`${action}: the payload is not a notification.requested v2`, { code: 'twilio.payload' });
  }
  return notification as Notification;
}

/**
 * How this instance delivers `notification`: SMS notifications addressed to it (or to no instance)
 * go out as a message through the Messages API, or into the conversation their address names; any
 * other channel or instance is not this instance's to send.
 */
export function deliveryOf(notification: Notification, ctx: ConnectorContext<unknown>): Delivery {
  if (notification.channel !== 'sms') return undefined;
  if (notification.instanceId !== undefined && notification.instanceId !== ctx.instanceId) return undefined;
  return CONVERSATION_SID.test(notification.to) ? 'conversation' : 'message';
}

/** The rendered text, which the connector sends as is; a notification without one is refused. */
export function bodyOf(action: string, notification: Notification): string {
  if (notification.body === undefined || notification.body === '') throw new InvalidMessageFailure(`${action}: notification ${notification.id} has no rendered body`, { code: 'twilio.payload' });
  return notification.body;
}
