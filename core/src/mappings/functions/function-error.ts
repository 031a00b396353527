/**
 * An error raised by a mapping function (`$money`, `$toIso`...): names the function and the
 * offending value, which the engine then looks for in the input to report where it came from.
 */
export class MappingFunctionError extends Error {
  /** Stable code, e.g. `mapping.money.amount`. */
  readonly code: string;
  /** The value the function refused. */
  readonly value: unknown;

  constructor(code: string, message: string, value: unknown) {
    super(message);
    this.name = 'MappingFunctionError';
    this.code = code;
    this.value = value;
  }
}

/** `value` quoted for a message: strings in double quotes, anything else as JSON. */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined ? typeof value : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
