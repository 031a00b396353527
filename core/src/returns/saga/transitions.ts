import type { RefundV1 } from '../../generated/schema-types.ts';
import { announceReceipt } from '../steps/announce-receipt.ts';
import { approveOverride } from '../steps/approve-override.ts';
import { authorize, type AuthorizeInput } from '../steps/authorize.ts';
import { closeReturn } from '../steps/close-return.ts';
import { inspect } from '../steps/inspect.ts';
import { issueLabel } from '../steps/issue-label.ts';
import { parkManualRefund, type ParkInput } from '../steps/park-manual-refund.ts';
import { receive, type ReceiveInput } from '../steps/receive.ts';
import { recordManualRefund } from '../steps/record-manual-refund.ts';
import { recordRequest } from '../steps/record-request.ts';
import { rejectReturn } from '../steps/reject-return.ts';
import { reopenInspection } from '../steps/reopen-inspection.ts';
import { requestRefund } from '../steps/request-refund.ts';
import { restock } from '../steps/restock.ts';
import { reverseRestock } from '../steps/reverse-restock.ts';
import { revokeAuthorization } from '../steps/revoke-authorization.ts';
import { settleRefund } from '../steps/settle-refund.ts';
import { unreceive } from '../steps/unreceive.ts';
import { voidLabel } from '../steps/void-label.ts';
import type { ReturnLabel, ReturnRecord } from '../return-types.ts';
import { recordReturnAudit } from './audit.ts';
import { updateCrmTicket } from './crm-ticket.ts';
import { runStep, type StepContext } from './step.ts';

/*
 * The saga's transitions. Each runs in one transaction, triggered by one input (an API call, an
 * event, the scheduler); its steps run in order and share that transaction, so a step that fails
 * leaves nothing of the transition behind. Effects of earlier transitions are undone by the
 * compensating transitions below (void a receipt, revoke an authorization), and a refund that
 * fails parks the return for a manual refund with an ops alert.
 */

/** request → authorize (policy decision): a new return. */
export async function intake(context: StepContext, record: ReturnRecord, input: { announce: boolean; authorize: AuthorizeInput }): Promise<ReturnRecord> {
  const recorded = await runStep(context, recordRequest, record, { announce: input.announce });
  return runStep(context, authorize, recorded, input.authorize);
}

/** An agent authorizes a rejected return despite the policy. */
export function approve(context: StepContext, record: ReturnRecord, input: { by: string; reason: string }): Promise<ReturnRecord> {
  return runStep(context, approveOverride, record, input);
}

/** An agent refuses a return: its label is voided first (compensation), then it is rejected. */
export async function reject(context: StepContext, record: ReturnRecord, input: { by: string; reason: string }): Promise<ReturnRecord> {
  const voided = await runStep(context, voidLabel, record, { reason: input.reason });
  return runStep(context, rejectReturn, voided, input);
}

/** A label for a mail return. */
export function label(context: StepContext, record: ReturnRecord, input: Omit<ReturnLabel, 'issuedAt' | 'voidedAt'>): Promise<ReturnRecord> {
  return runStep(context, issueLabel, record, input);
}

/** receive → restock → inspect (when complete) → announce → request refund → close (nothing to refund). */
export async function receipt(context: StepContext, record: ReturnRecord, input: ReceiveInput): Promise<ReturnRecord> {
  let current = await runStep(context, receive, record, input);
  current = await runStep(context, restock, current, { receiptId: input.receiptId });
  current = await runStep(context, inspect, current, {});
  current = await runStep(context, announceReceipt, current, { receiptId: input.receiptId, locationId: input.locationId });
  if (current.status === 'inspected') {
    current = await runStep(context, requestRefund, current, { retry: false });
    current = await runStep(context, closeReturn, current, {});
  }
  return current;
}

/** The payment system answered: refunded and closed, still pending, or parked for a manual refund. */
export async function refundAnswered(context: StepContext, record: ReturnRecord, refund: RefundV1): Promise<ReturnRecord> {
  const settled = await runStep(context, settleRefund, record, { refund });
  return runStep(context, closeReturn, settled, {});
}

/** A refund without an answer in time, or impossible to route: parked for a manual refund. */
export function park(context: StepContext, record: ReturnRecord, input: ParkInput): Promise<ReturnRecord> {
  return runStep(context, parkManualRefund, record, input);
}

/** Ops retry a parked refund through the payment system (audited). */
export async function retryRefund(context: StepContext, record: ReturnRecord, input: { by: string }): Promise<ReturnRecord> {
  await recordReturnAudit(context.tx, { actor: input.by, action: 'return-refund-retry', returnId: record.id, details: { attempt: (record.refund?.attempt ?? 0) + 1 } });
  return runStep(context, requestRefund, record, { retry: true });
}

/** Ops record a refund made by hand; the return is refunded and closed. */
export async function manualRefund(context: StepContext, record: ReturnRecord, input: { by: string; reference: string; note?: string | undefined }): Promise<ReturnRecord> {
  const refunded = await runStep(context, recordManualRefund, record, input);
  return runStep(context, closeReturn, refunded, {});
}

/**
 * Compensates a receipt recorded by mistake: reopens the inspection (before the refund was
 * requested), reverses its stock movements, and voids it (audited).
 */
export async function voidReceipt(context: StepContext, record: ReturnRecord, input: { receiptId: string; reason: string; by: string }): Promise<ReturnRecord> {
  let current = await runStep(context, reopenInspection, record, { reason: input.reason });
  current = await runStep(context, reverseRestock, current, input);
  current = await runStep(context, unreceive, current, input);
  await recordReturnAudit(context.tx, { actor: input.by, action: 'return-void-receipt', returnId: record.id, reason: input.reason, details: { receiptId: input.receiptId } });
  await updateCrmTicket(context, current, `Receipt ${input.receiptId} voided: ${input.reason}.`);
  return current;
}

/** Compensates the authorization of a return whose goods never came: void the label, revoke, close. */
export async function lapse(context: StepContext, record: ReturnRecord, input: { reason: string }): Promise<ReturnRecord> {
  const voided = await runStep(context, voidLabel, record, input);
  return runStep(context, revokeAuthorization, voided, input);
}
