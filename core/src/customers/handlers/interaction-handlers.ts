import type { InteractionEndedV1, InteractionStartedV1 } from '../../generated/schema-types.ts';
import { compactContext } from '../compact-context.ts';
import { InteractionContextResolved } from '../context-events.ts';
import { buildOrdersOnlyContext, GUEST_ID_PREFIX, type CustomerContext } from '../context-builder.ts';
import { contactPoint, contextOfContactOrders, readContext, refreshContexts } from '../context-store.ts';
import { clip, CRM_LIMITS, CrmActivityRequested } from '../crm-activity.ts';
import { resolveCustomer } from '../identities.ts';
import { recordInteraction, type Interaction } from '../interactions.ts';
import { instanceOfSource } from '../outbox-emitter.ts';
import { getCustomerProfile } from '../profiles.ts';
import type { ProjectionHandler } from './handler-types.ts';

/** The interaction with its customer filled in, when one is known. */
async function resolved(tx: Parameters<ProjectionHandler<unknown>>[1]['tx'], interaction: Interaction): Promise<{ interaction: Interaction; matchedBy?: 'customer-id' | 'phone' | 'email' }> {
  const match = await resolveCustomer(tx, { customerId: interaction.customerId, phone: interaction.contact?.phone, email: interaction.contact?.email });
  if (match === undefined) return { interaction };
  return { interaction: { ...interaction, customerId: match.customerId }, matchedBy: match.matchedBy };
}

/**
 * The context of a caller no customer profile was found for (neither by the customer id the
 * contact came with nor by its phone or email, so no stored context either), from their orders:
 * those naming that customer id, else those placed with its phone (or email), as a guest's or as
 * that of the customer they name. A guest's carries the path of their context on the API (the
 * lookup by phone or email); the others are found by their customer id, the compact default.
 */
async function callerContext(tx: Parameters<ProjectionHandler<unknown>>[1]['tx'], interaction: Interaction, now: Date): Promise<{ context: CustomerContext; path?: string | undefined } | undefined> {
  if (interaction.customerId !== undefined) {
    const context = await buildOrdersOnlyContext(tx, interaction.customerId, now);
    return context === undefined ? undefined : { context };
  }
  const { phone, email } = interaction.contact ?? {};
  const key = phone !== undefined ? { phone } : email !== undefined ? { email } : undefined;
  const point = key === undefined ? undefined : contactPoint(key);
  if (key === undefined || point === undefined) return undefined;
  const context = await contextOfContactOrders(tx, point, now);
  if (context === undefined) return undefined;
  if (!context.customer.id.startsWith(GUEST_ID_PREFIX)) return { context };
  const query = 'phone' in key ? `phone=${encodeURIComponent(key.phone)}` : `email=${encodeURIComponent(key.email)}`;
  return { context, path: `/v1/customers/context?${query}` };
}

/**
 * interaction.started (a TaskRouter task was created, an SMS came in): resolves the customer and
 * hands a compact context to the contact-center connector that reported it, which writes it into
 * the task's attributes for the agent's screen.
 */
export const onInteractionStarted: ProjectionHandler<InteractionStartedV1> = async (event, { tx, emit, now }) => {
  const { interaction, matchedBy } = await resolved(tx, event.data.interaction);
  const stored = await recordInteraction(tx, interaction, 'started');
  const customerId = stored.customerId;
  const target = instanceOfSource(event.source);
  await refreshContexts(tx, [customerId], now);
  const known = customerId === undefined ? undefined : await readContext(tx, customerId);
  // No customer found: the orders placed with the caller's phone or email may still tell who it is.
  const found = known !== undefined ? { context: known } : await callerContext(tx, stored, now);
  const compact = found === undefined ? undefined : compactContext({ ...found.context, recentInteractions: found.context.recentInteractions.filter((item) => item.id !== stored.id) }, found.path);
  await emit(InteractionContextResolved, {
    interaction: stored,
    matched: known !== undefined,
    ...(known === undefined || matchedBy === undefined ? {} : { matchedBy }),
    ...(compact === undefined ? {} : { context: compact }),
    ...(target === undefined ? {} : { target: { instanceId: target.instanceId } }),
    resolvedAt: now.toISOString(),
  });
  return [];
};

const CHANNEL_WORDS = { voice: 'call', sms: 'SMS conversation', chat: 'chat', email: 'email' } as const;

/** interaction.ended: stores the wrap-up and logs the interaction to the CRM as a call or message. */
export const onInteractionEnded: ProjectionHandler<InteractionEndedV1> = async (event, { tx, emit }) => {
  const { interaction } = await resolved(tx, event.data.interaction);
  const stored = await recordInteraction(tx, interaction, 'ended');
  const profile = stored.customerId === undefined ? undefined : await getCustomerProfile(tx, stored.customerId);
  const email = profile?.email ?? stored.contact?.email;
  const phone = profile?.phone ?? stored.contact?.phone;
  const body = [stored.summary ?? `${stored.direction === 'inbound' ? 'Inbound' : 'Outbound'} ${CHANNEL_WORDS[stored.channel]}`, stored.outcome === undefined ? undefined : `Outcome: ${stored.outcome}.`, stored.agentId === undefined ? undefined : `Agent: ${stored.agentId}.`]
    .filter((part) => part !== undefined)
    .join(' ');
  await emit(CrmActivityRequested, {
    activityId: `interaction:${stored.id}`,
    kind: stored.channel === 'voice' ? 'call' : 'message',
    customer: {
      ...(stored.customerId === undefined ? {} : { customerId: stored.customerId }),
      ...(email === undefined ? {} : { email }),
      ...(phone === undefined ? {} : { phone }),
      ...(profile?.externalIds === undefined ? {} : { externalIds: profile.externalIds }),
    },
    subject: clip(`${stored.direction === 'inbound' ? 'Inbound' : 'Outbound'} ${CHANNEL_WORDS[stored.channel]}`, CRM_LIMITS.subject),
    body: clip(body, CRM_LIMITS.body),
    occurredAt: stored.endedAt ?? stored.startedAt,
    related: { interactionId: stored.id, ...(stored.orderId === undefined ? {} : { orderId: stored.orderId }) },
    interaction: stored,
  });
  return [stored.customerId];
};
