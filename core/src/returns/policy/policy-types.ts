import type { Money } from '../../customers/money.ts';
import type { ReturnRequestV1, ReturnRequestV1ReturnLine } from '../../generated/schema-types.ts';

type RefundType = NonNullable<ReturnRequestV1['refund']>['type'];
type ReturnReason = ReturnRequestV1ReturnLine['reason'];

/** schema.org returnPolicyCategory: a window of days, no limit, or no returns at all. */
export type ReturnPolicyCategory = 'finite-window' | 'unlimited' | 'not-permitted';

/** A fee kept back from refunds: a percentage of the refunded items, or a fixed amount. */
export interface PolicyFee {
  percent?: number | undefined;
  amount?: Money | undefined;
}

/** A different window (or no returns) for one merchandise category, matched by prefix. */
export interface CategoryRule {
  /** Category path prefix, e.g. `apparel/swimwear` matches `apparel/swimwear/bikinis`. */
  category: string;
  returnPolicyCategory?: ReturnPolicyCategory | undefined;
  merchantReturnDays?: number | undefined;
  restockingFee?: PolicyFee | undefined;
}

/** schema.org returnPolicySeasonalOverride: orders placed in a period get another window. */
export interface SeasonalOverride {
  name: string;
  /** First day of the period (orders placed from), ISO date. */
  startDate: string;
  /** Last day of the period (orders placed until, inclusive), ISO date. */
  endDate: string;
  merchantReturnDays: number;
}

/**
 * A return policy, shaped like schema.org MerchantReturnPolicy: window per category, final-sale
 * exclusions, return methods, fees (restocking, return shipping), refund types. Stored versioned;
 * a new document for the same id is a new version.
 */
export interface ReturnPolicyDocument {
  id: string;
  name: string;
  description?: string | undefined;
  /** Among active policies matching an order, the highest priority applies (default 0). */
  priority?: number | undefined;
  /** Orders the policy is for: shipping countries (ISO 3166 alpha-2) and sales channels (order channel prefixes). */
  appliesTo?: { countries?: string[] | undefined; channels?: string[] | undefined } | undefined;
  returnPolicyCategory: ReturnPolicyCategory;
  /** Days after the window start a return may be requested (finite-window). */
  merchantReturnDays?: number | undefined;
  /** Whether the window starts when the order was placed or when its line shipped (default purchase). */
  windowStart?: 'purchase' | 'shipment' | undefined;
  categories?: CategoryRule[] | undefined;
  /** Whether final-sale lines may be returned (default false: they are excluded). */
  finalSaleReturnable?: boolean | undefined;
  excludedSkus?: string[] | undefined;
  /** schema.org returnMethod: by mail, in store. */
  returnMethods: ('mail' | 'store')[];
  /** Return shipping the customer pays on mail returns they chose to make (customerRemorseReturnFees). */
  returnShippingFee?: Money | undefined;
  /** Restocking fee on returns the customer chose to make. */
  restockingFee?: PolicyFee | undefined;
  /** Reasons that count as an item defect: fees are waived (itemDefectReturnFees FreeReturn). */
  itemDefectReasons?: ReturnReason[] | undefined;
  /** schema.org refundType: the refunds offered, the first being the default. */
  refundTypes: RefundType[];
  /** Days after authorization the goods must arrive, or the authorization lapses (default 30). */
  receiveWithinDays?: number | undefined;
  seasonalOverrides?: SeasonalOverride[] | undefined;
}

/** A stored policy version. */
export interface StoredPolicy {
  document: ReturnPolicyDocument;
  version: number;
  active: boolean;
  createdBy?: string | undefined;
  createdAt: string;
}

/** The policy's verdict on one requested line. */
export interface LineDecision {
  lineId: string;
  quantity: number;
  eligible: boolean;
  /** Rules that decided this line, e.g. window-30-days, category-excluded:food. */
  rulesApplied: string[];
  /** Why the line was refused, for the customer and the agent. */
  reason?: string | undefined;
  /** Last moment the line can be returned. */
  eligibleUntil?: string | undefined;
  restockingFee?: PolicyFee | undefined;
}

/** A policy decision: which rules applied, what is authorized, and the fees. */
export interface PolicyDecision {
  policyId: string;
  policyVersion: number;
  outcome: 'authorized' | 'rejected';
  /** Every rule that applied, over all lines, in order. */
  rulesApplied: string[];
  lines: LineDecision[];
  /** Why the return was refused, when it was. */
  reason?: string | undefined;
  /** Earliest deadline of the authorized lines. */
  eligibleUntil?: string | undefined;
  refundType: RefundType;
  /** Return shipping kept back on remorse mail returns. */
  returnShippingFee?: Money | undefined;
  itemDefectReasons: ReturnReason[];
  receiveWithinDays: number;
  decidedAt: string;
}
