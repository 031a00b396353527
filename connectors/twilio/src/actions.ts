import { ConfigurationFailure, InvalidMessageFailure, type ActionHandler, type ConnectorContext } from '@omnihub/connector-sdk';
import { apiOrigin, basicAuth, taskRouterOrigin, type TwilioConfig } from './config.ts';
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

interface ContextResolved {
  interaction: { id: string; channel: string; contact?: { phone?: string; email?: string }; externalIds?: { system: string; id: string }[] };
  matched: boolean;
  context?: Record<string, unknown>;
  target?: { instanceId: string };
}

async function taskRequest(ctx: ConnectorContext<TwilioConfig>, path: string, form: Record<string, string>): Promise<{ sid: string }> {
  const workspace = ctx.config.workspaceSid;
  if (workspace === undefined) throw new ConfigurationFailure('update-task-context needs workspaceSid in the instance config');
  const { data } = await ctx.http.request<{ sid: string }>({
    method: 'POST',
    url: `${taskRouterOrigin(ctx.config)}/v1/Workspaces/${workspace}/Tasks${path}`,
    headers: { authorization: basicAuth(ctx.config) },
    form,
    // Setting the same attributes again is the same state.
    idempotent: path !== '',
  });
  return data;
}

/**
 * `update-task-context` (interaction.context-resolved v1): writes the compact customer context
 * into the attributes Flex shows the agent. The TaskRouter task of the interaction (a `WT…` id
 * among its external ids) is updated with its attributes merged; an interaction without a task
 * (an incoming SMS) gets a new task in the configured workflow.
 */
export const updateTaskContext: ActionHandler<TwilioConfig> = {
  execute: async (input, ctx) => {
    const resolved = input.payload as ContextResolved | null;
    if (resolved?.interaction === undefined) throw new InvalidMessageFailure('update-task-context: the payload is not an interaction.context-resolved v1', { code: 'twilio.payload' });
    if (resolved.target !== undefined && resolved.target.instanceId !== ctx.instanceId) return {};
    const customer = resolved.matched ? { omnihub: { customer: resolved.context ?? null, interactionId: resolved.interaction.id } } : { omnihub: { customer: null, interactionId: resolved.interaction.id } };
    const taskSid = resolved.interaction.externalIds?.find((id) => id.system === 'twilio' && id.id.startsWith('WT'))?.id;
    if (taskSid !== undefined) {
      const { data } = await ctx.http.request<{ attributes?: string }>({ method: 'GET', url: `${taskRouterOrigin(ctx.config)}/v1/Workspaces/${ctx.config.workspaceSid ?? ''}/Tasks/${taskSid}`, headers: { authorization: basicAuth(ctx.config) } });
      const attributes = { ...(JSON.parse(data.attributes ?? '{}') as Record<string, unknown>), ...customer };
      await taskRequest(ctx, `/${taskSid}`, { Attributes: JSON.stringify(attributes) });
      return { vendorIds: [taskSid] };
    }
    if (ctx.config.workflowSid === undefined) throw new ConfigurationFailure('update-task-context needs workflowSid to create tasks for interactions without one');
    // A redelivery finds the task it created by the interaction id in its attributes.
    const existing = await ctx.http.request<{ tasks?: { sid: string }[] }>({
      method: 'GET',
      url: `${taskRouterOrigin(ctx.config)}/v1/Workspaces/${ctx.config.workspaceSid ?? ''}/Tasks`,
      query: { EvaluateTaskAttributes: `omnihub.interactionId == ${JSON.stringify(resolved.interaction.id)}`, PageSize: 1 },
      headers: { authorization: basicAuth(ctx.config) },
    });
    const found = existing.data.tasks?.[0]?.sid;
    if (found !== undefined) return { vendorIds: [found], alreadyApplied: true };
    const attributes = { type: resolved.interaction.channel, from: resolved.interaction.contact?.phone ?? resolved.interaction.contact?.email, ...customer };
    const task = await taskRequest(ctx, '', { WorkflowSid: ctx.config.workflowSid, Attributes: JSON.stringify(attributes), TaskChannel: resolved.interaction.channel === 'voice' ? 'voice' : 'sms' });
    return { vendorIds: [task.sid] };
  },
};
