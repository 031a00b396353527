import { defineConnector, type ActionHandler, type ConnectorManifest } from '@omnihub/connector-sdk';
import { sendSms } from './actions.ts';
import { apiOrigin, basicAuth, type TwilioConfig } from './config.ts';
import { postConversationMessage } from './conversation-message.ts';
import { incomingSms, messageStatus, taskRouterEvents } from './webhooks.ts';

/**
 * The Twilio connector under `manifest`, its task context written by `updateTaskContext`: the
 * webhooks, the messaging actions and the connection check are the same in every version.
 */
export function twilioConnector(manifest: ConnectorManifest, updateTaskContext: ActionHandler<TwilioConfig>) {
  return defineConnector<TwilioConfig>({
    manifest,
    webhooks: { 'taskrouter-events': taskRouterEvents, 'incoming-sms': incomingSms, 'message-status': messageStatus },
    actions: { 'send-sms': sendSms, 'post-conversation-message': postConversationMessage, 'update-task-context': updateTaskContext },
    // Reading the account proves the SID and the auth token.
    testConnection: async (ctx) => {
      await ctx.http.request({ method: 'GET', url: `${apiOrigin(ctx.config)}/2010-04-01/Accounts/${ctx.config.accountSid}.json`, headers: { authorization: basicAuth(ctx.config) } });
    },
  });
}
