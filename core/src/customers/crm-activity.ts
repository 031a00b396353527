import { defineEvent } from '../events/define-event.ts';
import type { CustomerV1ExternalId, InteractionV1 } from '../generated/schema-types.ts';

/** Payload of `crm.activity.requested` v1 (schema proposed in core/src/returns/proposed-schemas/). */
export interface CrmActivityRequestedV1 {
  /** Upsert key of the CRM record, e.g. `return:RMA-1` or `interaction:int-1`. */
  activityId: string;
  kind: 'ticket' | 'note' | 'call' | 'message';
  customer: { customerId?: string; email?: string; phone?: string; externalIds?: CustomerV1ExternalId[] };
  subject: string;
  body: string;
  status?: 'open' | 'waiting' | 'closed';
  occurredAt: string;
  related?: { orderId?: string; returnId?: string; interactionId?: string };
  interaction?: InteractionV1;
}

/** `crm.activity.requested` v1: record a ticket, note, call or message in the CRM (upsert by activityId). */
export const CrmActivityRequested = defineEvent<CrmActivityRequestedV1>('crm.activity.requested', 1);

/** Schema limits of the free texts. */
export const CRM_LIMITS = { subject: 500, body: 10_000 } as const;

/** Cuts a text to a schema limit, marking the cut. */
export function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
