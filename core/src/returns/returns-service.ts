import { randomUUID } from 'node:crypto';
import type { Clock } from '@omnihub/connector-sdk';
import { getCustomerOrder } from '../customers/order-view.ts';
import { outboxEmitter } from '../customers/outbox-emitter.ts';
import { HubError } from '../errors/hub-error.ts';
import { currentCorrelation } from '../logging/correlation.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { SqlExecutor, Store } from '../store/store.ts';
import { activePolicies, policyVersions, savePolicy } from './policy/policy-store.ts';
import type { ReturnPolicyDocument, StoredPolicy } from './policy/policy-types.ts';
import { selectPolicy } from './policy/select-policy.ts';
import type { ReceiptLine, RefundType, ReturnChannel, ReturnLabel, ReturnRecord } from './return-types.ts';
import { buildReturn, checkRequestedLines, newReturnId, type RequestedLine } from './saga/build-return.ts';
import { returnDetail, type ReturnDetail } from './saga/detail.ts';
import { appendHistory, listReturns, loadReturn, unitsInOtherReturns, type ReturnFilter } from './saga/return-repository.ts';
import { StatusConflict, StepFailed, type SagaDeps, type StepContext } from './saga/step.ts';
import * as transitions from './saga/transitions.ts';

/** A return as an agent or a backend system requests it. */
export interface NewReturn {
  /** RMA number; generated when absent. Requesting the same id again returns that return. */
  id?: string | undefined;
  orderId: string;
  customerId?: string | undefined;
  method: 'mail' | 'store';
  initiatedBy: { channel: ReturnChannel; actorId?: string | undefined; locationId?: string | undefined };
  lines: RequestedLine[];
  refundType?: RefundType | undefined;
  /** Authorize even where the policy refuses, for this reason (audited). */
  override?: { reason: string } | undefined;
}

/** Dependencies of the {@link ReturnsService}. */
export interface ReturnsServiceDeps {
  store: Store;
  registry: SchemaRegistry;
  saga: SagaDeps;
  clock: Clock;
  /** Called after a transition committed events, to relay them at once. */
  onQueued: () => void;
}

/** CloudEvents source of events the returns saga emits. */
export const RETURNS_SOURCE = '/omnihub/returns';

/**
 * The returns saga as the API and the CLI drive it: request, decide, label, receive, void a
 * receipt, settle refunds by hand, and the versioned policies. Each call is one transition in one
 * transaction; an unexpected step failure is rolled back and recorded in the return's history
 * with an ops alert.
 */
export class ReturnsService {
  readonly #deps: ReturnsServiceDeps;

  constructor(deps: ReturnsServiceDeps) {
    this.#deps = deps;
  }

  #context(tx: SqlExecutor, actor: string): StepContext {
    const correlationId = currentCorrelation()?.correlationId;
    return { tx, emit: outboxEmitter(tx, this.#deps.registry, { source: RETURNS_SOURCE, correlationId }), now: this.#deps.clock.now(), actor, deps: this.#deps.saga };
  }

  /** Runs a transition, maps state conflicts to 409, and records unexpected failures. */
  async #transition(actor: string, work: (tx: SqlExecutor, context: StepContext) => Promise<ReturnRecord>): Promise<ReturnRecord> {
    try {
      const result = await this.#deps.store.transaction((tx) => work(tx, this.#context(tx, actor)));
      this.#deps.onQueued();
      return result;
    } catch (error: unknown) {
      if (error instanceof StatusConflict) throw new HubError('conflict', { detail: error.message });
      if (error instanceof StepFailed) await this.#recordFailure(error, actor);
      throw error;
    }
  }

  /** The failed step in the return's history and an ops alert, after the rollback. */
  async #recordFailure(failure: StepFailed, actor: string): Promise<void> {
    const at = this.#deps.clock.now().toISOString();
    const cause = failure.cause instanceof Error ? failure.cause.message : String(failure.cause);
    await this.#deps.store.transaction(async (tx) => {
      if ((await loadReturn(tx, failure.returnId)) === undefined) return;
      await appendHistory(tx, failure.returnId, { at, step: failure.step, outcome: 'failed', actor, detail: { error: cause, rolledBack: true } });
      await this.#deps.saga.alerts.raise(tx, { flow: 'returns', kind: 'step-failed', subject: `return:${failure.returnId}`, message: failure.message, details: { step: failure.step } });
    });
  }

  async #load(tx: SqlExecutor, id: string): Promise<ReturnRecord> {
    const record = await loadReturn(tx, id, true);
    if (record === undefined) throw new HubError('not-found', { detail: `no return ${id}` });
    return record;
  }

  /**
   * Requests a return for an order and decides it under the applicable policy at once. The same
   * id with the same order and lines returns the existing return (`created: false`); with
   * others, a conflict.
   */
  async create(input: NewReturn, actor: string): Promise<{ record: ReturnRecord; created: boolean }> {
    const now = this.#deps.clock.now();
    const id = input.id ?? newReturnId(now);
    let created = true;
    const record = await this.#transition(actor, async (tx, context) => {
      const existing = await loadReturn(tx, id);
      if (existing !== undefined) {
        const same = existing.orderId === input.orderId && JSON.stringify(existing.lines.map((l) => [l.lineId, l.quantity])) === JSON.stringify(input.lines.map((l) => [l.lineId, l.quantity]));
        if (!same) throw new HubError('conflict', { detail: `return ${id} exists with other lines or another order` });
        created = false;
        return existing;
      }
      const order = await getCustomerOrder(tx, input.orderId);
      if (order === undefined) throw new HubError('validation-failed', { detail: `order ${input.orderId} is unknown to the hub`, errors: [{ path: '/orderId', message: `no order ${input.orderId}`, keyword: 'order' }] });
      checkRequestedLines(order, input.lines, await unitsInOtherReturns(tx, order.orderId, id));
      const policy = selectPolicy(await activePolicies(tx), order);
      if (policy === undefined) throw new HubError('conflict', { detail: `no active return policy applies to order ${order.orderId}; load one (omnihub returns policy apply <file>)` });
      const origin = { ...input.initiatedBy, source: '/omnihub/api', managedBy: 'hub' as const };
      const fresh = buildReturn({ id, order, customerId: input.customerId, method: input.method, origin, lines: input.lines, now });
      return transitions.intake(context, fresh, {
        announce: true,
        authorize: {
          policy,
          question: { order, method: input.method, lines: input.lines, refundType: input.refundType, now },
          ...(input.override === undefined ? {} : { override: { by: input.initiatedBy.actorId ?? actor, reason: input.override.reason } }),
        },
      });
    });
    return { record, created };
  }

  /** A return with its history, receipts and alerts. */
  async get(id: string): Promise<ReturnDetail> {
    const detail = await returnDetail(this.#deps.store, id);
    if (detail === undefined) throw new HubError('not-found', { detail: `no return ${id}` });
    return detail;
  }

  /** One page of returns, newest first. */
  list(filter: ReturnFilter, page: { limit: number; cursor?: string | undefined }): Promise<{ items: ReturnRecord[]; nextCursor?: string }> {
    return listReturns(this.#deps.store, filter, page);
  }

  /** Authorizes a rejected return despite the policy (agent override, audited). */
  approve(id: string, input: { reason: string; by: string }, actor: string): Promise<ReturnRecord> {
    return this.#transition(actor, async (tx, context) => transitions.approve(context, await this.#load(tx, id), input));
  }

  /** Refuses a return before goods came back (audited); a label is voided. */
  reject(id: string, input: { reason: string; by: string }, actor: string): Promise<ReturnRecord> {
    return this.#transition(actor, async (tx, context) => transitions.reject(context, await this.#load(tx, id), input));
  }

  /** Records the label of a mail return. */
  label(id: string, input: Omit<ReturnLabel, 'issuedAt' | 'voidedAt'>, actor: string): Promise<ReturnRecord> {
    return this.#transition(actor, async (tx, context) => transitions.label(context, await this.#load(tx, id), input));
  }

  /**
   * Records goods handed in (partial receipts allowed), restocks, and, once everything is
   * accounted for, requests the refund. A repeated receipt id returns the return unchanged.
   */
  receive(id: string, input: { receiptId?: string | undefined; locationId: string; lines: ReceiptLine[]; complete?: boolean | undefined }, actor: string): Promise<ReturnRecord> {
    return this.#transition(actor, async (tx, context) => {
      const record = await this.#load(tx, id);
      const receiptId = input.receiptId ?? `rcpt-${randomUUID()}`;
      const { rows } = await tx.query<{ lines: ReceiptLine[]; location_id: string }>('select lines, location_id from return_receipts where return_id = $1 and receipt_id = $2', [id, receiptId]);
      const previous = rows[0];
      if (previous !== undefined) {
        if (previous.location_id !== input.locationId) throw new HubError('conflict', { detail: `receipt ${receiptId} of return ${id} was recorded at ${previous.location_id}` });
        return record;
      }
      return transitions.receipt(context, record, { receiptId, locationId: input.locationId, lines: input.lines, complete: input.complete === true });
    });
  }

  /** Voids a receipt recorded by mistake: its restock is reversed (compensation, audited). */
  voidReceipt(id: string, receiptId: string, input: { reason: string; by: string }, actor: string): Promise<ReturnRecord> {
    return this.#transition(actor, async (tx, context) => transitions.voidReceipt(context, await this.#load(tx, id), { receiptId, ...input }));
  }

  /** Settles a return parked for manual refund: retry through the payment system, or record a refund made by hand. */
  refund(id: string, input: { mode: 'retry'; by: string } | { mode: 'manual'; by: string; reference: string; note?: string | undefined }, actor: string): Promise<ReturnRecord> {
    return this.#transition(actor, async (tx, context) => {
      const record = await this.#load(tx, id);
      return input.mode === 'retry' ? transitions.retryRefund(context, record, input) : transitions.manualRefund(context, record, input);
    });
  }

  /** Stores a new version of a return policy and activates it. */
  savePolicy(document: ReturnPolicyDocument, actor: string): Promise<StoredPolicy> {
    return this.#deps.store.transaction((tx) => savePolicy(tx, document, actor));
  }

  /** Every active policy. */
  activePolicies(): Promise<StoredPolicy[]> {
    return activePolicies(this.#deps.store);
  }

  /** One policy's versions, newest first. */
  async policyVersions(policyId: string): Promise<StoredPolicy[]> {
    const versions = await policyVersions(this.#deps.store, policyId);
    if (versions.length === 0) throw new HubError('not-found', { detail: `no return policy ${policyId}` });
    return versions;
  }
}
