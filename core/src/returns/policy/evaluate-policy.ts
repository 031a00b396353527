import type { CustomerOrder, CustomerOrderLine } from '../../customers/order-view.ts';
import type { RefundType, ReturnReason } from '../return-types.ts';
import type { CategoryRule, LineDecision, PolicyDecision, PolicyFee, ReturnPolicyDocument, StoredPolicy } from './policy-types.ts';

/** Reasons that are the retailer's fault when a policy names none: no fees on them. */
export const DEFAULT_ITEM_DEFECT_REASONS: readonly ReturnReason[] = ['damaged', 'wrong-item', 'not-as-described'];

/** Days to hand the goods in after authorization, when the policy does not say. */
export const DEFAULT_RECEIVE_WITHIN_DAYS = 30;

const DAY_MS = 86_400_000;

/** What the policy is asked about. */
export interface PolicyQuestion {
  order: CustomerOrder;
  method: 'mail' | 'store';
  lines: readonly { lineId: string; quantity: number; reason: ReturnReason }[];
  refundType?: RefundType | undefined;
  now: Date;
}

function categoryRule(policy: ReturnPolicyDocument, category: string | undefined): CategoryRule | undefined {
  if (category === undefined) return undefined;
  const matching = (policy.categories ?? []).filter((rule) => category === rule.category || category.startsWith(`${rule.category}/`));
  return matching.sort((a, b) => b.category.length - a.category.length)[0];
}

function feeLabel(fee: PolicyFee): string {
  return fee.percent !== undefined ? `${fee.percent}%` : `${fee.amount?.amount ?? '0'} ${fee.amount?.currency ?? ''}`.trim();
}

function day(iso: string): string {
  return iso.slice(0, 10);
}

/** The window of one line: days and where the days come from. */
function windowDays(policy: ReturnPolicyDocument, rule: CategoryRule | undefined, placedAt: string): { days: number | undefined; source: string } {
  const placed = day(placedAt);
  const season = (policy.seasonalOverrides ?? []).find((o) => placed >= o.startDate && placed <= o.endDate);
  if (season !== undefined) return { days: season.merchantReturnDays, source: `seasonal:${season.name}` };
  if (rule?.merchantReturnDays !== undefined) return { days: rule.merchantReturnDays, source: `category-window:${rule.category}` };
  return { days: policy.merchantReturnDays, source: 'window' };
}

function decideLine(policy: ReturnPolicyDocument, order: CustomerOrder, line: CustomerOrderLine, requested: PolicyQuestion['lines'][number], now: Date, defects: readonly ReturnReason[]): LineDecision {
  const base = { lineId: line.lineId, quantity: requested.quantity };
  const refuse = (rule: string, reason: string, rules: string[] = []): LineDecision => ({ ...base, eligible: false, rulesApplied: [...rules, rule], reason });
  if (line.status === 'cancelled') return refuse('line-cancelled', `line ${line.lineId} was cancelled, not delivered`);
  if ((policy.excludedSkus ?? []).includes(line.sku)) return refuse(`sku-excluded:${line.sku}`, `${line.sku} cannot be returned`);
  if (line.finalSale === true && policy.finalSaleReturnable !== true) return refuse('final-sale', `${line.sku} was sold as final sale`);
  const rule = categoryRule(policy, line.category);
  const rules = rule === undefined ? [] : [`category:${rule.category}`];
  const category = rule?.returnPolicyCategory ?? policy.returnPolicyCategory;
  if (category === 'not-permitted') return refuse(rule === undefined ? 'returns-not-permitted' : `category-excluded:${rule.category}`, `${line.category ?? line.sku} cannot be returned`, rules);
  const fee = defects.includes(requested.reason) ? undefined : (rule?.restockingFee ?? policy.restockingFee);
  const feeRules = fee === undefined ? (defects.includes(requested.reason) ? [`fees-waived:${requested.reason}`] : []) : [`restocking-fee:${feeLabel(fee)}`];
  if (category === 'unlimited') return { ...base, eligible: true, rulesApplied: [...rules, 'unlimited-window', ...feeRules], ...(fee === undefined ? {} : { restockingFee: fee }) };
  const { days, source } = windowDays(policy, rule, order.placedAt);
  if (days === undefined) return refuse('window-undefined', 'the policy names no return window', rules);
  const start = policy.windowStart === 'shipment' && line.shippedAt !== undefined ? line.shippedAt : order.placedAt;
  const deadline = new Date(Date.parse(start) + days * DAY_MS).toISOString();
  const windowRule = source === 'window' ? `window-${days}-days` : `${source}:${days}-days`;
  if (now.getTime() > Date.parse(deadline)) return refuse(`window-ended:${day(deadline)}`, `the return window of ${days} days ended on ${day(deadline)}`, [...rules, windowRule]);
  return { ...base, eligible: true, rulesApplied: [...rules, windowRule, ...feeRules], eligibleUntil: deadline, ...(fee === undefined ? {} : { restockingFee: fee }) };
}

/**
 * Evaluates a return request against one policy version. Each requested line is eligible or not,
 * with the rules that decided it; the return is authorized when the method and refund type are
 * offered and at least one line is eligible (the others are left out of it). Fees apply to lines
 * the customer chose to return (not item defects).
 */
export function evaluatePolicy(stored: StoredPolicy, question: PolicyQuestion): PolicyDecision {
  const policy = stored.document;
  const defects = policy.itemDefectReasons ?? DEFAULT_ITEM_DEFECT_REASONS;
  const refundType = question.refundType ?? policy.refundTypes[0] ?? 'original-payment';
  const common = {
    policyId: policy.id,
    policyVersion: stored.version,
    refundType,
    itemDefectReasons: [...defects],
    receiveWithinDays: policy.receiveWithinDays ?? DEFAULT_RECEIVE_WITHIN_DAYS,
    decidedAt: question.now.toISOString(),
  };
  const byId = new Map(question.order.lines.map((line) => [line.lineId, line]));
  const lines = question.lines.map((requested) => {
    const line = byId.get(requested.lineId);
    if (line === undefined) return { lineId: requested.lineId, quantity: requested.quantity, eligible: false, rulesApplied: ['line-unknown'], reason: `order ${question.order.orderId} has no line ${requested.lineId}` };
    return decideLine(policy, question.order, line, requested, question.now, defects);
  });
  const rulesApplied = [...new Set(lines.flatMap((line) => line.rulesApplied))];
  const whole: { rule: string; reason: string }[] = [];
  if (!policy.returnMethods.includes(question.method)) whole.push({ rule: `method-not-offered:${question.method}`, reason: `the policy "${policy.name}" does not offer returns by ${question.method}` });
  if (!policy.refundTypes.includes(refundType)) whole.push({ rule: `refund-type-not-offered:${refundType}`, reason: `the policy "${policy.name}" does not offer ${refundType} refunds` });
  const eligible = lines.filter((line) => line.eligible);
  if (whole.length > 0 || eligible.length === 0) {
    const reason = whole[0]?.reason ?? lines.find((line) => line.reason !== undefined)?.reason ?? 'no line can be returned';
    return { ...common, outcome: 'rejected', rulesApplied: [...whole.map((w) => w.rule), ...rulesApplied], lines, reason };
  }
  const chargesShipping = question.method === 'mail' && policy.returnShippingFee !== undefined && eligible.some((line) => !defects.includes(question.lines.find((l) => l.lineId === line.lineId)?.reason ?? 'other'));
  const deadlines = eligible.flatMap((line) => (line.eligibleUntil === undefined ? [] : [line.eligibleUntil])).sort();
  return {
    ...common,
    outcome: 'authorized',
    rulesApplied: [...rulesApplied, ...(chargesShipping ? ['return-shipping-fee'] : [])],
    lines,
    ...(deadlines[0] === undefined ? {} : { eligibleUntil: deadlines[0] }),
    ...(chargesShipping && policy.returnShippingFee !== undefined ? { returnShippingFee: policy.returnShippingFee } : {}),
  };
}
