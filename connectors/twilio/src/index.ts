/**
 * @omnihub/connector-twilio 1.0.0: Twilio Messaging, Conversations and TaskRouter (Flex).
 */
import { defineConnector } from '@omnihub/connector-sdk';
import { sendSms, updateTaskContext } from './actions.ts';
import { postConversationMessage } from './conversation-message.ts';
import { apiOrigin, basicAuth, type TwilioConfig } from './config.ts';
import { manifest } from './manifest.ts';
import { incomingSms, messageStatus, taskRouterEvents } from './webhooks.ts';

export type { TwilioConfig } from './config.ts';
export { twilioSignature, verifyTwilioSignature, formParams, SIGNATURE_HEADER } from './signature.ts';
export { manifest } from './manifest.ts';
export { CONVERSATION_SID } from './notification.ts';

/** The Twilio connector. */
const connector = defineConnector<TwilioConfig>({
  manifest,
  webhooks: { 'taskrouter-events': taskRouterEvents, 'incoming-sms': incomingSms, 'message-status': messageStatus },
  actions: { 'send-sms': sendSms, 'post-conversation-message': postConversationMessage, 'update-task-context': updateTaskContext },
  // Reading the account proves the SID and the auth token.
  testConnection: async (ctx) => {
    await ctx.http.request({ method: 'GET', url: `${apiOrigin(ctx.config)}/2010-04-01/Accounts/${ctx.config.accountSid}.json`, headers: { authorization: basicAuth(ctx.config) } });
  },
});

export default connector;
