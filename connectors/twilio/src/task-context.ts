import { ConfigurationFailure, InvalidMessageFailure, type ActionHandler, type ConnectorContext } from '@omnihub/connector-sdk';
import { basicAuth, taskRouterOrigin, type TwilioConfig } from './config.ts';

/** The parts of an `interaction.context-resolved` v1 event the task context action reads. */
export interface ContextResolved {
  interaction: { id: string; channel: string; contact?: { phone?: string; email?: string }; externalIds?: { system: string; id: string }[] };
  matched: boolean;
  context?: Record<string, unknown>;
  target?: { instanceId: string };
}

/** What goes under `omnihub` in the task attributes, from the resolved interaction. */
export type TaskContextAttributes = (resolved: ContextResolved) => Record<string, unknown>;

/** 1.0.0's attributes: the context of a matched caller only, `customer: null` for everyone else. */
export const matchedCustomer: TaskContextAttributes = (resolved) => ({
  customer: resolved.matched ? (resolved.context ?? null) : null,
  interactionId: resolved.interaction.id,
});

/** The URL of the configured workspace's tasks (`path` after it); a configuration failure without a workspace. */
function tasksUrl(config: TwilioConfig, path: string): string {
  if (config.workspaceSid === undefined) throw new ConfigurationFailure('update-task-context needs workspaceSid in the instance config');
  return `${taskRouterOrigin(config)}/v1/Workspaces/${config.workspaceSid}/Tasks${path}`;
}

async function taskRequest(ctx: ConnectorContext<TwilioConfig>, path: string, form: Record<string, string>): Promise<{ sid: string }> {
  const { data } = await ctx.http.request<{ sid: string }>({
    method: 'POST',
    url: tasksUrl(ctx.config, path),
    headers: { authorization: basicAuth(ctx.config) },
    form,
    // Setting the same attributes again is the same state.
    idempotent: path !== '',
  });
  return data;
}

/**
 * `update-task-context` (interaction.context-resolved v1): writes what `attributes` makes of the
 * resolved interaction under `omnihub` in the attributes Flex shows the agent. The TaskRouter task
 * of the interaction (a `WT…` id among its external ids) is updated with its attributes merged; an
 * interaction without a task (an incoming SMS) gets a new task in the configured workflow.
 */
export function taskContextAction(attributes: TaskContextAttributes): ActionHandler<TwilioConfig> {
  return {
    execute: async (input, ctx) => {
      const resolved = input.payload as ContextResolved | null;
      if (resolved?.interaction === undefined) throw new InvalidMessageFailure('update-task-context: the payload is not an interaction.context-resolved v1', { code: 'twilio.payload' });
      if (resolved.target !== undefined && resolved.target.instanceId !== ctx.instanceId) return {};
      const customer = { omnihub: attributes(resolved) };
      const taskSid = resolved.interaction.externalIds?.find((id) => id.system === 'twilio' && id.id.startsWith('WT'))?.id;
      if (taskSid !== undefined) {
        const { data } = await ctx.http.request<{ attributes?: string }>({ method: 'GET', url: tasksUrl(ctx.config, `/${taskSid}`), headers: { authorization: basicAuth(ctx.config) } });
        const merged = { ...(JSON.parse(data.attributes ?? '{}') as Record<string, unknown>), ...customer };
        await taskRequest(ctx, `/${taskSid}`, { Attributes: JSON.stringify(merged) });
        return { vendorIds: [taskSid] };
      }
      if (ctx.config.workflowSid === undefined) throw new ConfigurationFailure('update-task-context needs workflowSid to create tasks for interactions without one');
      // A redelivery finds the task it created by the interaction id in its attributes.
      const existing = await ctx.http.request<{ tasks?: { sid: string }[] }>({
        method: 'GET',
        url: tasksUrl(ctx.config, ''),
        query: { EvaluateTaskAttributes: `omnihub.interactionId == ${JSON.stringify(resolved.interaction.id)}`, PageSize: 1 },
        headers: { authorization: basicAuth(ctx.config) },
      });
      const found = existing.data.tasks?.[0]?.sid;
      if (found !== undefined) return { vendorIds: [found], alreadyApplied: true };
      const created = { type: resolved.interaction.channel, from: resolved.interaction.contact?.phone ?? resolved.interaction.contact?.email, ...customer };
      const task = await taskRequest(ctx, '', { WorkflowSid: ctx.config.workflowSid, Attributes: JSON.stringify(created), TaskChannel: resolved.interaction.channel === 'voice' ? 'voice' : 'sms' });
      return { vendorIds: [task.sid] };
    },
  };
}

/** 1.0.0's `update-task-context`: the customer context of matched callers (see {@link matchedCustomer}). */
export const updateTaskContext = taskContextAction(matchedCustomer);
