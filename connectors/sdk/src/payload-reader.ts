import { InvalidMessageFailure } from './errors.ts';

/**
 * What a {@link PayloadReader} reports a field of the wrong shape with.
 *
 * @example
 * const options: PayloadReaderOptions = { code: 'acme.payload-invalid' };
 */
export interface PayloadReaderOptions {
  /** The failure code, e.g. `shopify.payload-invalid`. */
  code: string;
}

/**
 * Reads an action's vendor payload (the output of its mapping) field by field. A field of the
 * wrong shape throws an {@link InvalidMessageFailure} (the message is dead-lettered, never
 * retried) naming the action and the field's JSON pointer.
 *
 * @example
 * const payload = PayloadReader.of('set-inventory', input.payload, { code: 'acme.payload-invalid' });
 * if (payload === undefined) return {}; // the mapping decided there is nothing to send
 * const sku = payload.string('sku');
 * const lines = payload.objects('lines').map((line) => ({ sku: line.string('sku'), quantity: line.integer('quantity', 1) }));
 * // a line without quantity: "action set-inventory: /lines/0/quantity must be an integer of 1 or more"
 */
export class PayloadReader {
  readonly #action: string;
  readonly #value: Record<string, unknown>;
  readonly #path: string;
  readonly #options: PayloadReaderOptions;

  /** A reader of `value`, found at the JSON pointer `path` of the payload (`''` for the whole payload). */
  constructor(action: string, value: Record<string, unknown>, options: PayloadReaderOptions, path = '') {
    this.#action = action;
    this.#value = value;
    this.#options = options;
    this.#path = path;
  }

  /**
   * The reader of a whole payload, or undefined for a null payload (the mapping decided there is
   * nothing to send for this event).
   */
  static of(action: string, payload: unknown, options: PayloadReaderOptions): PayloadReader | undefined {
    if (payload === null || payload === undefined) return undefined;
    if (typeof payload !== 'object' || Array.isArray(payload)) throw new InvalidMessageFailure(`action ${action}: the payload must be an object or null`, { code: options.code });
    return new PayloadReader(action, payload as Record<string, unknown>, options);
  }

  #fail(key: string, expected: string): never {
    throw new InvalidMessageFailure(`action ${this.#action}: ${this.#path}/${key} must be ${expected}`, { code: this.#options.code });
  }

  #nested(key: string, value: unknown): PayloadReader {
    return new PayloadReader(this.#action, value as Record<string, unknown>, this.#options, `${this.#path}/${key}`);
  }

  /** A required non-empty string. */
  string(key: string): string {
    const value = this.#value[key];
    if (typeof value !== 'string' || value === '') this.#fail(key, 'a non-empty string');
    return value;
  }

  /** An optional string (empty counts as absent). */
  optionalString(key: string): string | undefined {
    const value = this.#value[key];
    if (value === undefined || value === null || value === '') return undefined;
    if (typeof value !== 'string') this.#fail(key, 'a string');
    return value;
  }

  /** A required integer of at least `minimum`. */
  integer(key: string, minimum: number): number {
    const value = this.#value[key];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) this.#fail(key, `an integer of ${minimum} or more`);
    return value;
  }

  /** A required non-negative decimal, given as a number or as text, returned as text (`"3"`, `"2.5"`): exact, as vendors take quantities. */
  decimal(key: string): string {
    const value = this.#value[key];
    const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
    if (typeof text !== 'string' || !/^\d+(\.\d+)?$/.test(text)) this.#fail(key, 'a non-negative decimal');
    return text;
  }

  /** An optional boolean with a default. */
  boolean(key: string, fallback: boolean): boolean {
    return this.optionalBoolean(key) ?? fallback;
  }

  /** An optional boolean. */
  optionalBoolean(key: string): boolean | undefined {
    const value = this.#value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') this.#fail(key, 'true or false');
    return value;
  }

  /** A required string out of `allowed`, or `fallback` when absent. */
  oneOf<T extends string>(key: string, allowed: readonly T[], fallback?: T): T {
    const value = this.#value[key];
    if ((value === undefined || value === null) && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) this.#fail(key, `one of ${allowed.join(', ')}`);
    return value as T;
  }

  /** A required nested object. */
  object(key: string): PayloadReader {
    const found = this.optionalObject(key);
    if (found === undefined) this.#fail(key, 'an object');
    return found;
  }

  /** An optional nested object. */
  optionalObject(key: string): PayloadReader | undefined {
    const value = this.#value[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) this.#fail(key, 'an object');
    return this.#nested(key, value);
  }

  /** A list of objects (required and non-empty unless `optional`). */
  objects(key: string, options: { optional?: boolean } = {}): PayloadReader[] {
    const value = this.#value[key];
    if ((value === undefined || value === null) && options.optional === true) return [];
    if (!Array.isArray(value) || (value.length === 0 && options.optional !== true)) this.#fail(key, 'a non-empty array');
    return value.map((item, index) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) this.#fail(`${key}/${index}`, 'an object');
      return this.#nested(`${key}/${index}`, item);
    });
  }

  /** True when the field is present (not undefined or null). */
  has(key: string): boolean {
    return this.#value[key] !== undefined && this.#value[key] !== null;
  }
}
