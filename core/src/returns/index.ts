/** Returns: the durable saga from request to refund, its versioned policies, and the flow that runs it. */
export { startReturnsFlow, RETURNS_SUBSCRIBER, type ReturnsFlow, type ReturnsFlowDeps, type ReturnsFlowOptions } from './returns-flow.ts';
export { ReturnsService, RETURNS_SOURCE, type NewReturn, type ReturnsServiceDeps } from './returns-service.ts';
export { RefundRequested, type RefundRequestedV1 } from './refund-requested.ts';
export { parsePolicy, parsePolicyYaml } from './policy/policy-document.ts';
export { evaluatePolicy, DEFAULT_ITEM_DEFECT_REASONS, type PolicyQuestion } from './policy/evaluate-policy.ts';
export { selectPolicy } from './policy/select-policy.ts';
export { RETURN_POLICY_SCHEMA } from './policy/policy-schema.ts';
export type { ReturnPolicyDocument, StoredPolicy, PolicyDecision, LineDecision, PolicyFee, CategoryRule, SeasonalOverride, ReturnPolicyCategory } from './policy/policy-types.ts';
export { toReturnRequest } from './saga/canonical.ts';
export { computeRefund, type RefundComputation } from './saga/refund-amount.ts';
export { FlowAlerts, alertsAbout, resolveAlerts, type FlowAlert, type StoredAlert } from './saga/flow-alerts.ts';
export type { ReturnDetail } from './saga/detail.ts';
export type { SweepReport } from './saga/sweeper.ts';
export type { ReturnFilter } from './saga/return-repository.ts';
export type { RefundInstances } from './saga/step.ts';
export {
  DISPOSITIONS,
  accountedUnits,
  receivedUnits,
  type ReturnRecord,
  type ReturnLine,
  type ReturnStatus,
  type ReturnReason,
  type Disposition,
  type RefundType,
  type ReturnChannel,
  type LineDisposition,
  type ReturnOrigin,
  type ReturnOverride,
  type ReturnLabel,
  type ReturnRefund,
  type RefundFee,
  type RefundLine,
  type ReturnReceipt,
  type ReceiptLine,
  type ReceiptMovement,
  type HistoryEntry,
} from './return-types.ts';
