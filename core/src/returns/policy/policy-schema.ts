import type { JsonSchema } from '../../schema/registry.ts';

const MONEY: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['amount', 'currency'],
  properties: { amount: { type: 'string', pattern: '^\\d+(\\.\\d+)?$' }, currency: { type: 'string', pattern: '^[A-Z]{3}$' } },
};

const FEE: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  maxProperties: 1,
  properties: { percent: { type: 'number', exclusiveMinimum: 0, maximum: 100 }, amount: MONEY },
};

const CATEGORY: JsonSchema = { enum: ['finite-window', 'unlimited', 'not-permitted'] };
const REASONS = ['damaged', 'wrong-item', 'not-as-described', 'size', 'changed-mind', 'other'];
const ISO_DATE = '^\\d{4}-\\d{2}-\\d{2}$';

/** JSON Schema of a return policy document (YAML or JSON), checked before a version is stored. */
export const RETURN_POLICY_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'returnPolicyCategory', 'returnMethods', 'refundTypes'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,99}$' },
    name: { type: 'string', minLength: 1, maxLength: 200 },
    description: { type: 'string', maxLength: 2000 },
    priority: { type: 'integer' },
    appliesTo: {
      type: 'object',
      additionalProperties: false,
      properties: {
        countries: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[A-Z]{2}$' } },
        channels: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
      },
    },
    returnPolicyCategory: CATEGORY,
    merchantReturnDays: { type: 'integer', minimum: 0, maximum: 3650 },
    windowStart: { enum: ['purchase', 'shipment'] },
    categories: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['category'],
        properties: { category: { type: 'string', minLength: 1 }, returnPolicyCategory: CATEGORY, merchantReturnDays: { type: 'integer', minimum: 0, maximum: 3650 }, restockingFee: FEE },
      },
    },
    finalSaleReturnable: { type: 'boolean' },
    excludedSkus: { type: 'array', items: { type: 'string', minLength: 1 } },
    returnMethods: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['mail', 'store'] } },
    returnShippingFee: MONEY,
    restockingFee: FEE,
    itemDefectReasons: { type: 'array', uniqueItems: true, items: { enum: REASONS } },
    refundTypes: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['original-payment', 'store-credit', 'exchange'] } },
    receiveWithinDays: { type: 'integer', minimum: 1, maximum: 3650 },
    seasonalOverrides: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'startDate', 'endDate', 'merchantReturnDays'],
        properties: { name: { type: 'string', minLength: 1 }, startDate: { type: 'string', pattern: ISO_DATE }, endDate: { type: 'string', pattern: ISO_DATE }, merchantReturnDays: { type: 'integer', minimum: 0, maximum: 3650 } },
      },
    },
  },
  if: { properties: { returnPolicyCategory: { const: 'finite-window' } } },
  then: { required: ['merchantReturnDays'], properties: { merchantReturnDays: { type: 'integer' } } },
};
