import { clip, CRM_LIMITS, CrmActivityRequested } from '../../customers/crm-activity.ts';
import { getCustomerProfile } from '../../customers/profiles.ts';
import type { ReturnRecord } from '../return-types.ts';
import type { StepContext } from './step.ts';

const TICKET_STATUS: Partial<Record<ReturnRecord['status'], 'open' | 'waiting' | 'closed'>> = { 'manual-refund': 'waiting', rejected: 'closed', closed: 'closed' };

function describe(record: ReturnRecord, event: string): string {
  const lines = record.lines.map((line) => `${line.quantity} × ${line.sku} (${line.reason}${line.authorized ? '' : ', not authorized'})`).join('; ');
  const decision = record.decision === undefined ? '' : ` Policy ${record.decision.policyId} v${record.decision.policyVersion}: ${record.decision.outcome} (${record.decision.rulesApplied.join(', ')}).`;
  const override = record.override === undefined ? '' : ` Overridden by ${record.override.by}: ${record.override.reason}.`;
  const refund = record.refund === undefined ? '' : ` Refund ${record.refund.amount.amount} ${record.refund.amount.currency}: ${record.refund.status}.`;
  return `${event} Status ${record.status}, ${record.method} return started via ${record.origin.channel}. Lines: ${lines}.${decision}${override}${refund}`;
}

/**
 * Upserts the return's CRM ticket (`return:<id>`): created when the return is decided, updated at
 * every later step with its status and what happened, closed with the return.
 */
export async function updateCrmTicket(context: StepContext, record: ReturnRecord, event: string): Promise<void> {
  const profile = record.customerId === undefined ? undefined : await getCustomerProfile(context.tx, record.customerId);
  await context.emit(CrmActivityRequested, {
    activityId: `return:${record.id}`,
    kind: 'ticket',
    customer: {
      ...(record.customerId === undefined ? {} : { customerId: record.customerId }),
      ...(profile?.email === undefined ? {} : { email: profile.email }),
      ...(profile?.phone === undefined ? {} : { phone: profile.phone }),
      ...(profile?.externalIds === undefined ? {} : { externalIds: profile.externalIds }),
    },
    subject: clip(`Return ${record.id} for order ${record.orderId}`, CRM_LIMITS.subject),
    body: clip(describe(record, event), CRM_LIMITS.body),
    status: TICKET_STATUS[record.status] ?? 'open',
    occurredAt: context.now.toISOString(),
    related: { orderId: record.orderId, returnId: record.id },
  });
}
