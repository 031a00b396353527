import { defineEvent } from '../events/define-event.ts';
import type { CustomerContextV1InteractionSummary, CustomerContextV1OpenReturn, InteractionV1, MoneyV1, OrderV1OrderStatus } from '../generated/schema-types.ts';

/** What fits an agent's screen and a Twilio task's attributes. */
export interface CompactContext {
  customerId: string;
  name?: string;
  email?: string;
  phone?: string;
  lifetimeValue?: MoneyV1;
  orderCount: number;
  recentOrders: { orderId: string; placedAt: string; status: OrderV1OrderStatus; total: MoneyV1; summary?: string }[];
  openReturns: CustomerContextV1OpenReturn[];
  lastInteraction?: CustomerContextV1InteractionSummary;
  consent?: { sms?: boolean; email?: boolean; voice?: boolean };
  /** Path of the full context on the hub's API. */
  contextPath: string;
}

/** Payload of `interaction.context-resolved` v1 (schema proposed in core/src/returns/proposed-schemas/). */
export interface InteractionContextResolvedV1 {
  interaction: InteractionV1;
  matched: boolean;
  matchedBy?: 'customer-id' | 'phone' | 'email';
  context?: CompactContext;
  target?: { instanceId: string };
  resolvedAt: string;
}

/** `interaction.context-resolved` v1: the customer of a starting interaction, for the agent's screen. */
export const InteractionContextResolved = defineEvent<InteractionContextResolvedV1>('interaction.context-resolved', 1);
