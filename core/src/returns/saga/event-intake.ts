import { PermanentFailure, TransientFailure } from '@omnihub/connector-sdk';
import { getCustomerOrder } from '../../customers/order-view.ts';
import { instanceOfSource } from '../../customers/outbox-emitter.ts';
import type { CloudEvent } from '../../envelope/cloud-event.ts';
import { HubError } from '../../errors/hub-error.ts';
import type { ReturnRequestedV1 } from '../../generated/schema-types.ts';
import { activePolicies } from '../policy/policy-store.ts';
import { selectPolicy } from '../policy/select-policy.ts';
import type { ReturnRecord, ReturnStatus } from '../return-types.ts';
import { authorize } from '../steps/authorize.ts';
import { recordAtSource } from '../steps/record-at-source.ts';
import { recordRequest } from '../steps/record-request.ts';
import { buildReturn, checkRequestedLines } from './build-return.ts';
import { loadReturn, unitsInOtherReturns } from './return-repository.ts';
import { runStep, type StepContext } from './step.ts';

/** Statuses at which the hub takes over a reported return and drives it on. */
const HUB_DRIVES: readonly ReturnStatus[] = ['requested', 'authorized', 'label-issued', 'in-transit'];

/**
 * A return reported by a connector (a Shopify return request, a Square in-store return) or by
 * another hub: recorded with how it started (channel, actor, store, the reporting instance).
 * Requested returns are decided by the policy; returns the source authorized are taken as
 * authorized (the decision is recorded for the record); returns the source already processed are
 * recorded as reported. A return seen before (the hub's own announcement included) is ignored.
 * The order must be known: until its order.created arrives the delivery is retried.
 */
export async function intakeReportedReturn(context: StepContext, event: CloudEvent<ReturnRequestedV1>): Promise<ReturnRecord | undefined> {
  const reported = event.data.returnRequest;
  if ((await loadReturn(context.tx, reported.id)) !== undefined) return undefined;
  const order = await getCustomerOrder(context.tx, reported.orderId);
  if (order === undefined) throw new TransientFailure(`order ${reported.orderId} of return ${reported.id} is not known yet`, { code: 'returns.order-unknown' });
  const lines = reported.lines.map((line) => ({ lineId: line.lineId, quantity: line.quantity, reason: line.reason, ...(line.note === undefined ? {} : { note: line.note }) }));
  const hubDrives = HUB_DRIVES.includes(reported.status);
  // A till return the store processed already, for an order sold in store: the units sold count.
  const soldInStore = !hubDrives && reported.initiatedBy.channel === 'store' && /^store(:|$)/.test(order.channel);
  try {
    checkRequestedLines(order, lines, await unitsInOtherReturns(context.tx, order.orderId, reported.id), '/data/returnRequest/lines', { soldInStore });
  } catch (error: unknown) {
    if (error instanceof HubError) throw new PermanentFailure(error.message, { code: 'returns.lines-invalid' });
    throw error;
  }
  const policy = selectPolicy(await activePolicies(context.tx), order);
  if (policy === undefined) throw new PermanentFailure(`no active return policy applies to order ${order.orderId}; load one, then replay this dead letter`, { code: 'returns.no-policy' });
  const instance = instanceOfSource(event.source);
  const origin = {
    channel: reported.initiatedBy.channel,
    ...(reported.initiatedBy.actorId === undefined ? {} : { actorId: reported.initiatedBy.actorId }),
    ...(reported.initiatedBy.locationId === undefined ? {} : { locationId: reported.initiatedBy.locationId }),
    source: event.source,
    ...(instance === undefined ? {} : { instanceId: instance.instanceId }),
    managedBy: hubDrives ? ('hub' as const) : ('source' as const),
  };
  const now = context.now;
  const record = buildReturn({ id: reported.id, order, customerId: reported.customerId, method: reported.method, origin, lines, now });
  const question = { order, method: reported.method, lines, refundType: reported.refund?.type, now };
  const recorded = await runStep(context, recordRequest, record, { announce: false });
  if (!hubDrives) return runStep(context, recordAtSource, recorded, { policy, question, reported });
  return runStep(context, authorize, recorded, { policy, question, decidedAtSource: reported.status !== 'requested' });
}
