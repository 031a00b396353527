import { ConfigurationFailure, type ActionHandler } from '@omnihub/connector-sdk';
import { apiOrigin, basicAuth, type TwilioConfig } from './config.ts';
import { bodyOf, deliveryOf, readNotification } from './notification.ts';

/**
 * `send-sms` (notification.requested v2): sends the rendered body through the Messages API
 * (form-encoded `To`, `From` or `MessagingServiceSid`, `Body`, `StatusCallback` carrying the
 * notification id). Only SMS notifications for this instance addressed to a phone number are its
 * own: one addressed to a Conversation SID is `post-conversation-message`'s, and other channels or
 * instances are left alone. Twilio's Messages API takes no idempotency key, so the request is never
 * resent after a timeout or 5xx (a 429 is: Twilio did not act on it).
 */
export const sendSms: ActionHandler<TwilioConfig> = {
  execute: async (input, ctx) => {
    const notification = readNotification('send-sms', input.payload);
    if (deliveryOf(notification, ctx) !== 'message') return {};
    const body = bodyOf('send-sms', notification);
    const { config } = ctx;
    if (config.from === undefined && config.messagingServiceSid === undefined) throw new ConfigurationFailure('send-sms needs from or messagingServiceSid in the instance config');
    const callback = config.statusCallbackUrl === undefined ? undefined : new URL(config.statusCallbackUrl);
    callback?.searchParams.set('notificationId', notification.id);
    const { data } = await ctx.http.request<{ sid: string }>({
      method: 'POST',
      url: `${apiOrigin(config)}/2010-04-01/Accounts/${config.accountSid}/Messages.json`,
      headers: { authorization: basicAuth(config) },
      form: {
        To: notification.to,
        Body: body,
        ...(config.messagingServiceSid === undefined ? { From: config.from } : { MessagingServiceSid: config.messagingServiceSid }),
        ...(callback === undefined ? {} : { StatusCallback: callback.toString() }),
      },
      idempotent: false,
    });
    return { vendorIds: [data.sid] };
  },
};
