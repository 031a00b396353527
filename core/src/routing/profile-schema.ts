import Ajv2020Module from 'ajv/dist/2020.js';
import { HubError } from '../errors/hub-error.ts';
import { toFieldErrors } from '../schema/field-errors.ts';
import type { ProfileRef, RoutingProfileDefinition } from './profile-types.ts';

const Ajv2020 = Ajv2020Module.default;

const LOCATION_TYPES = ['store', 'warehouse', 'distribution-center', 'dark-store', 'drop-ship'];
const weight = { type: 'number', exclusiveMinimum: 0, maximum: 1000 };
const typeList = { type: 'array', items: { enum: LOCATION_TYPES }, uniqueItems: true, maxItems: 5 };
const idText = { type: 'string', minLength: 1, maxLength: 200 };

/** Profile id: lower-case words with dashes or dots, so `id@version` reads unambiguously. */
export const PROFILE_ID_PATTERN = '^[a-z0-9][a-z0-9._-]{0,99}$';

/** JSON Schema (2020-12) of a routing profile definition; the OpenAPI contract mirrors it. */
export const PROFILE_DEFINITION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['priority', 'criteria', 'split'],
  properties: {
    description: { type: 'string', minLength: 1, maxLength: 1000 },
    priority: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    conditions: {
      type: 'object',
      additionalProperties: false,
      required: ['match', 'rules'],
      properties: {
        match: { enum: ['all', 'any'] },
        rules: {
          type: 'array',
          maxItems: 50,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['path', 'operator'],
            properties: {
              path: { type: 'string', pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$', maxLength: 200 },
              operator: { enum: ['eq', 'ne', 'in', 'not-in', 'exists', 'not-exists', 'gt', 'gte', 'lt', 'lte', 'starts-with'] },
              value: {
                anyOf: [
                  { type: 'string', maxLength: 2000 },
                  { type: 'number' },
                  { type: 'boolean' },
                  { type: 'array', maxItems: 200, items: { anyOf: [{ type: 'string', maxLength: 2000 }, { type: 'number' }] } },
                ],
              },
            },
          },
        },
      },
    },
    candidates: {
      type: 'object',
      additionalProperties: false,
      properties: {
        groups: { type: 'array', items: idText, uniqueItems: true, maxItems: 100 },
        types: typeList,
        excludeLocationIds: { type: 'array', items: idText, uniqueItems: true, maxItems: 1000 },
      },
    },
    criteria: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: ['distance', 'stock', 'location-type', 'store-protection', 'daily-capacity', 'priority', 'shipping-cost'] } },
        allOf: [
          { if: { properties: { type: { const: 'distance' } } }, then: { additionalProperties: false, properties: { type: true, weight, maxKm: { type: 'number', exclusiveMinimum: 0 } } } },
          { if: { properties: { type: { const: 'stock' } } }, then: { additionalProperties: false, properties: { type: true, weight, requireAll: { type: 'boolean' } } } },
          {
            if: { properties: { type: { const: 'location-type' } } },
            then: { additionalProperties: false, required: ['preference'], properties: { type: true, weight, preference: typeList, exclude: typeList } },
          },
          {
            if: { properties: { type: { const: 'store-protection' } } },
            then: {
              additionalProperties: false,
              required: ['minAvailable'],
              properties: { type: true, weight, minAvailable: { type: 'integer', minimum: 0, maximum: 1_000_000 }, locationTypes: typeList },
            },
          },
          { if: { properties: { type: { const: 'daily-capacity' } } }, then: { additionalProperties: false, properties: { type: true, weight } } },
          {
            if: { properties: { type: { const: 'priority' } } },
            then: { additionalProperties: false, required: ['ranking'], properties: { type: true, weight, ranking: { type: 'array', items: idText, minItems: 1, maxItems: 1000, uniqueItems: true } } },
          },
          {
            if: { properties: { type: { const: 'shipping-cost' } } },
            then: {
              additionalProperties: false,
              required: ['currency', 'rates'],
              properties: {
                type: true,
                weight,
                currency: { type: 'string', pattern: '^[A-Z]{3}$' },
                unpriced: { enum: ['exclude', 'worst'] },
                rates: {
                  type: 'array',
                  minItems: 1,
                  maxItems: 10_000,
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    required: ['cost'],
                    properties: {
                      cost: { type: 'string', pattern: '^\\d{1,12}(\\.\\d{1,4})?$' },
                      from: {
                        type: 'object',
                        additionalProperties: false,
                        properties: { locationId: idText, type: { enum: LOCATION_TYPES }, group: idText },
                      },
                      to: {
                        type: 'object',
                        additionalProperties: false,
                        properties: { country: { type: 'string', pattern: '^[A-Z]{2}$' }, region: { type: 'string', minLength: 1, maxLength: 100 } },
                      },
                    },
                  },
                },
              },
            },
          },
        ],
      },
    },
    split: {
      type: 'object',
      additionalProperties: false,
      required: ['maxShipments'],
      properties: {
        maxShipments: { type: 'integer', minimum: 1, maximum: 20 },
        allowLineSplit: { type: 'boolean' },
        allowPartial: { type: 'boolean' },
        maxCombinations: { type: 'integer', minimum: 1, maximum: 1_000_000 },
      },
    },
    pickup: { type: 'object', additionalProperties: false, properties: { alternatives: { type: 'integer', minimum: 0, maximum: 20 } } },
    acceptanceMinutes: { type: 'integer', minimum: 1, maximum: 10_080 },
    explain: { type: 'object', additionalProperties: false, properties: { detailedCandidates: { type: 'integer', minimum: 0, maximum: 1000 } } },
  },
} as const;

const validate = new Ajv2020({ strict: false, allErrors: true }).compile(PROFILE_DEFINITION_SCHEMA);

/**
 * Checks a profile definition, throwing a `validation-failed` error whose paths start at
 * `pathPrefix`. Beyond the schema: each criterion type appears at most once.
 */
export function assertProfileDefinition(value: unknown, pathPrefix = ''): asserts value is RoutingProfileDefinition {
  if (!validate(value)) {
    throw new HubError('validation-failed', { detail: 'the routing profile definition is invalid', errors: toFieldErrors(validate.errors, pathPrefix) });
  }
  const seen = new Set<string>();
  (value as RoutingProfileDefinition).criteria.forEach((criterion, index) => {
    if (seen.has(criterion.type)) {
      throw new HubError('validation-failed', {
        detail: `criterion ${criterion.type} appears twice`,
        errors: [{ path: `${pathPrefix}/criteria/${index}/type`, message: `criterion ${criterion.type} appears more than once`, keyword: 'uniqueCriterion' }],
      });
    }
    seen.add(criterion.type);
  });
}

const PROFILE_REF = /^([a-z0-9][a-z0-9._-]{0,99})@([1-9]\d{0,8})$/;

/** Parses `id@version`; undefined when the text is not one. */
export function parseProfileRef(text: string): ProfileRef | undefined {
  const match = PROFILE_REF.exec(text);
  if (match === null) return undefined;
  return { id: match[1] ?? '', version: Number(match[2]) };
}

/** `id@version`. */
export function formatProfileRef(ref: ProfileRef): string {
  return `${ref.id}@${ref.version}`;
}
