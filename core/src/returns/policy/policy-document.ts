import Ajv2020Module from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { HubError } from '../../errors/hub-error.ts';
import { describeFieldErrors, toFieldErrors } from '../../schema/field-errors.ts';
import { RETURN_POLICY_SCHEMA } from './policy-schema.ts';
import type { ReturnPolicyDocument } from './policy-types.ts';

const Ajv2020 = Ajv2020Module.default;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(RETURN_POLICY_SCHEMA);

/**
 * Checks a return policy document and returns it typed; throws `validation-failed` naming every
 * broken rule by JSON pointer. Category windows and fees are checked against each other too.
 */
export function parsePolicy(value: unknown): ReturnPolicyDocument {
  if (!validate(value)) {
    const errors = toFieldErrors(validate.errors);
    throw new HubError('validation-failed', { detail: `the return policy is invalid: ${describeFieldErrors(errors)}`, errors });
  }
  const document = value as ReturnPolicyDocument;
  const currencies = new Set([document.returnShippingFee?.currency, document.restockingFee?.amount?.currency].filter((c) => c !== undefined));
  if (currencies.size > 1) {
    throw new HubError('validation-failed', { detail: 'the return policy mixes currencies in its fees', errors: [{ path: '/returnShippingFee/currency', message: 'must be the currency of the other fees', keyword: 'currency' }] });
  }
  for (const [index, override] of (document.seasonalOverrides ?? []).entries()) {
    if (override.endDate < override.startDate) {
      throw new HubError('validation-failed', { detail: `seasonal override "${override.name}" ends before it starts`, errors: [{ path: `/seasonalOverrides/${index}/endDate`, message: 'must not be before startDate', keyword: 'order' }] });
    }
  }
  return document;
}

/** Reads a policy from YAML (or JSON, which is YAML) text, then checks it like {@link parsePolicy}. */
export function parsePolicyYaml(text: string): ReturnPolicyDocument {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error: unknown) {
    throw new HubError('validation-failed', { detail: `the return policy is not valid YAML: ${error instanceof Error ? error.message : String(error)}` });
  }
  return parsePolicy(value);
}
