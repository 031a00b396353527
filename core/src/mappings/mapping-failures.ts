import type { FieldError } from '../errors/hub-error.ts';
import { describeFieldErrors } from '../schema/field-errors.ts';
import type { EvaluatorFailure, MappingExpression } from './expression.ts';
import { locateValue, valueAt } from './json-value.ts';
import { MappingError, type ExpressionLocation } from './mapping-error.ts';

/** Where an error is, in words: `line 12, column 5 ($money)`. */
function where(location: ExpressionLocation | undefined, token: string | undefined): string {
  if (location === undefined) return '';
  const shown = token === undefined || token === '' || token.startsWith('(') ? undefined : token;
  const name = shown === undefined ? '' : ` (${/^[A-Za-z_]\w*$/.test(shown) ? `$${shown}` : shown})`;
  return `line ${location.line}, column ${location.column}${name}`;
}

function suffix(parts: (string | undefined)[]): string {
  const present = parts.filter((part): part is string => part !== undefined && part !== '');
  return present.length === 0 ? '' : ` [${present.join('; ')}]`;
}

/** Context shared by the failures of one application. */
export interface FailureContext {
  /** `id@version` of the mapping that failed. */
  mapping: string;
  /** `id@version` of the chain it ran in, if any. */
  chain?: string | undefined;
  expression: MappingExpression | undefined;
  input: unknown;
  /** Names the expression in messages: `override of x@1.0.0` for an override. */
  label: string;
}

/** The expression raised an error on this input. */
export function evaluationFailure(context: FailureContext, failure: EvaluatorFailure): MappingError {
  const location = context.expression?.locate(failure.position, failure.token);
  const inputPath = failure.value === undefined ? undefined : locateValue(context.input, failure.value);
  const message = `${context.label} failed: ${failure.message}${suffix([
    location === undefined ? undefined : `expression ${where(location, failure.token)}`,
    inputPath === undefined ? undefined : `input ${inputPath === '' ? '(root)' : inputPath}`,
    context.chain === undefined ? undefined : `in chain ${context.chain}`,
  ])}`;
  return new MappingError('mapping.failed', message, {
    mapping: context.mapping,
    summary: failure.message,
    chain: context.chain,
    location,
    token: failure.token,
    inputPath,
    reason: failure.code,
    cause: failure.cause,
  });
}

/** The result breaks the target's schema (`target` names it, e.g. `order.created@1`). */
export function invalidOutput(context: FailureContext, target: string, output: unknown, errors: FieldError[]): MappingError {
  let inputPath: string | undefined;
  let location: ExpressionLocation | undefined;
  for (const error of errors) {
    inputPath ??= locateValue(context.input, valueAt(output, error.path));
    const key = error.path.split('/').reverse().find((segment) => segment !== '' && !/^\d+$/.test(segment));
    if (key !== undefined) location ??= context.expression?.locateKey(key.replaceAll('~1', '/').replaceAll('~0', '~'));
  }
  const message = `${context.label} produced an invalid ${target}: ${output === undefined ? 'no result at all' : describeFieldErrors(errors)}${suffix([
    location === undefined ? undefined : `expression ${where(location, undefined)}`,
    inputPath === undefined ? undefined : `input ${inputPath === '' ? '(root)' : inputPath}`,
    context.chain === undefined ? undefined : `in chain ${context.chain}`,
  ])}`;
  const summary = output === undefined ? 'the mapping produced nothing' : `the result is not a valid ${target}: ${describeFieldErrors(errors)}`;
  return new MappingError('mapping.invalid-output', message, { mapping: context.mapping, summary, chain: context.chain, location, inputPath, errors });
}

/** An override (or a mapping being checked) does not parse. */
export function invalidExpression(mapping: string, label: string, failure: EvaluatorFailure, locate: (position: number | undefined, token?: string) => ExpressionLocation | undefined): MappingError {
  const location = locate(failure.position, failure.token);
  return new MappingError('mapping.invalid-expression', `${label} does not compile: ${failure.message}${suffix([location === undefined ? undefined : `expression ${where(location, failure.token)}`])}`, {
    mapping,
    summary: failure.message,
    location,
    token: failure.token,
    reason: failure.code,
    cause: failure.cause,
  });
}

/** No mapping `id`, or no version of it in `range`. */
export function mappingNotFound(id: string, range: string | undefined, known: readonly string[]): MappingError {
  const message =
    known.length === 0
      ? `no mapping ${id}`
      : `no version of mapping ${id} matches ${range ?? 'any version'} (it has ${known.join(', ')})`;
  return new MappingError('mapping.not-found', message, { mapping: range === undefined ? id : `${id}@${range}`, summary: message });
}
