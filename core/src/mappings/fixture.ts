import type { MappingFailureCode } from './mapping-error.ts';

/**
 * A fixture of a mapping: `fixtures/<name>.input.json` with the expected
 * `fixtures/<name>.output.json`, or `fixtures/<name>.error.json` when the mapping must refuse the
 * input; an optional `fixtures/<name>.bindings.json` sets variables for the case.
 */
export interface Fixture {
  name: string;
  input: unknown;
  output?: unknown;
  error?: FixtureErrorExpectation;
  bindings?: Record<string, unknown>;
}

/**
 * What a `<name>.error.json` expects of the refusal. `code` must match; `message` must appear in
 * the error message; `inputPath` must equal the reported input path; each of `errors` must be
 * among the reported schema errors (same path, and same keyword when given).
 */
export interface FixtureErrorExpectation {
  code: MappingFailureCode;
  message?: string;
  inputPath?: string;
  errors?: { path: string; keyword?: string }[];
}

/** The JSON Schema of a `<name>.error.json`. */
export const FIXTURE_ERROR_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://schemas.omnihub.dev/mapping-fixture-error.schema.json',
  type: 'object',
  additionalProperties: false,
  required: ['code'],
  properties: {
    code: { enum: ['mapping.failed', 'mapping.invalid-output'] },
    message: { type: 'string', minLength: 1 },
    inputPath: { type: 'string' },
    errors: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path'],
        properties: { path: { type: 'string' }, keyword: { type: 'string' } },
      },
    },
  },
} as const;
