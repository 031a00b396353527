import type { ActionHandler, ConnectorContext } from '@omnihub/connector-sdk';
import { basicAuth, conversationsOrigin, type TwilioConfig } from './config.ts';
import { bodyOf, deliveryOf, readNotification, type Notification } from './notification.ts';

/**
 * How many of a conversation's newest messages a delivery reads for one it already posted. The hub
 * redelivers within minutes (its retry delays), while a conversation rarely takes 50 messages in
 * that time; 50 is also the API's default page size.
 */
export const REDELIVERY_LOOKBACK = 50;

/** A message of the Conversations API, as much as the action reads. */
interface ConversationMessage {
  sid: string;
  attributes?: string | null;
}

/** What the action writes into the message's `Attributes` (a JSON string). */
function attributesOf(notification: Notification): string {
  const { id, kind, orderId, returnId } = notification;
  return JSON.stringify({ omnihub: { notificationId: id, ...(kind === undefined ? {} : { kind }), ...(orderId === undefined ? {} : { orderId }), ...(returnId === undefined ? {} : { returnId }) } });
}

function notificationIdOf(message: ConversationMessage): string | undefined {
  try {
    const parsed = JSON.parse(message.attributes ?? '{}') as { omnihub?: { notificationId?: unknown } } | null;
    const id = parsed?.omnihub?.notificationId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    // Attributes another sender wrote, not JSON: not a message of ours.
    return undefined;
  }
}

function messagesUrl(ctx: ConnectorContext<TwilioConfig>, conversationSid: string): string {
  return `${conversationsOrigin(ctx.config)}/v1/Conversations/${conversationSid}/Messages`;
}

/** The message this notification already put into the conversation (a redelivery), if any. */
async function postedBefore(ctx: ConnectorContext<TwilioConfig>, notification: Notification): Promise<string | undefined> {
  const { data } = await ctx.http.request<{ messages?: ConversationMessage[] }>({
    method: 'GET',
    url: messagesUrl(ctx, notification.to),
    query: { Order: 'desc', PageSize: REDELIVERY_LOOKBACK },
    headers: { authorization: basicAuth(ctx.config) },
  });
  return data.messages?.find((message) => notificationIdOf(message) === notification.id)?.sid;
}

/**
 * `post-conversation-message` (notification.requested v2): posts the rendered body into the Twilio
 * Conversation the notification is addressed to (channel `sms`, `to` a Conversation SID `CH…`),
 * through the Conversations API (`POST /v1/Conversations/{ConversationSid}/Messages`,
 * form-encoded `Body` and `Attributes` carrying the notification id). Twilio delivers it to the
 * conversation's participants on their own channels, and agents see it in the thread.
 *
 * The API takes no idempotency token, so a delivery first reads the conversation's newest
 * messages and returns the one an earlier delivery of the same notification posted
 * (`alreadyApplied`); the post itself is never resent after a timeout or 5xx.
 */
export const postConversationMessage: ActionHandler<TwilioConfig> = {
  execute: async (input, ctx) => {
    const notification = readNotification('post-conversation-message', input.payload);
    if (deliveryOf(notification, ctx) !== 'conversation') return {};
    const body = bodyOf('post-conversation-message', notification);
    const existing = await postedBefore(ctx, notification);
    if (existing !== undefined) return { vendorIds: [existing], alreadyApplied: true };
    const { data } = await ctx.http.request<ConversationMessage>({
      method: 'POST',
      url: messagesUrl(ctx, notification.to),
      headers: { authorization: basicAuth(ctx.config) },
      form: { Body: body, Attributes: attributesOf(notification) },
      idempotent: false,
    });
    return { vendorIds: [data.sid] };
  },
};
