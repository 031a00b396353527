import { HandlerFailure, type FailureKind } from '@omnihub/connector-sdk';
import type { FieldError } from '../errors/hub-error.ts';

/**
 * Failure codes of the mapping engine, and the failure kind each has (what the broker does):
 *
 * | code | kind | meaning |
 * |---|---|---|
 * | `mapping.failed` | invalid | the expression raised an error on this input (dead-lettered) |
 * | `mapping.invalid-output` | invalid | the result breaks the target schema (dead-lettered) |
 * | `mapping.invalid-expression` | configuration | an override does not compile (the instance pauses) |
 * | `mapping.not-found` | configuration | no mapping, or no version in the range (the instance pauses) |
 */
export const MAPPING_FAILURES = {
  'mapping.failed': 'invalid',
  'mapping.invalid-output': 'invalid',
  'mapping.invalid-expression': 'configuration',
  'mapping.not-found': 'configuration',
} as const satisfies Record<string, FailureKind>;

/** One of the mapping engine's failure codes. */
export type MappingFailureCode = keyof typeof MAPPING_FAILURES;

/** Where in the expression text an error is: 1-based line and column, and the 0-based offset. */
export interface ExpressionLocation {
  position: number;
  line: number;
  column: number;
}

/** What a {@link MappingError} knows beside its message. */
export interface MappingErrorDetails {
  /** `id@version` of the mapping (the chain step, for chains). */
  mapping: string;
  /** The failure in a few words, without where it happened (the message has both). */
  summary: string;
  /** Where in the expression the error arose, when known. */
  location?: ExpressionLocation | undefined;
  /** The expression token at that place (a function or operator name), when known. */
  token?: string | undefined;
  /** JSON pointer into the input of the value that caused the error, where it could be found. */
  inputPath?: string | undefined;
  /** For `mapping.invalid-output`: the broken rules, by JSON pointer into the output. */
  errors?: FieldError[] | undefined;
  /** The evaluator's own code (`T2001`, `D3030`, `mapping.money.amount`...), when there is one. */
  reason?: string | undefined;
  /** The chain the failing mapping ran in (`id@version`), when it is a chain step. */
  chain?: string | undefined;
  cause?: unknown;
}

/**
 * An error of the mapping engine. It is a connector-SDK {@link HandlerFailure}, so the broker
 * classifies it by its kind: `invalid` ones (a message the mapping cannot turn into a valid
 * result) are dead-lettered at once with the mapping's id and version in the message,
 * `configuration` ones (a broken override, a missing mapping) pause the instance.
 *
 * @example
 * try { await catalog.apply('shopify.order-to-canonical', order); }
 * catch (error) { if (isMappingError(error)) console.log(error.mapping, error.location, error.inputPath); }
 */
export class MappingError extends HandlerFailure {
  declare readonly code: MappingFailureCode;
  readonly mapping: string;
  readonly summary: string;
  readonly location: ExpressionLocation | undefined;
  readonly token: string | undefined;
  readonly inputPath: string | undefined;
  readonly errors: FieldError[];
  readonly reason: string | undefined;
  readonly chain: string | undefined;

  constructor(code: MappingFailureCode, message: string, details: MappingErrorDetails) {
    super(MAPPING_FAILURES[code], message, { code, cause: details.cause });
    this.name = 'MappingError';
    this.mapping = details.mapping;
    this.summary = details.summary;
    this.location = details.location;
    this.token = details.token;
    this.inputPath = details.inputPath;
    this.errors = details.errors ?? [];
    this.reason = details.reason;
    this.chain = details.chain;
  }
}

/** True when `value` is a {@link MappingError}. */
export function isMappingError(value: unknown): value is MappingError {
  return value instanceof MappingError;
}
