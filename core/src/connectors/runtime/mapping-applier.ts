import { InvalidMessageFailure, isHandlerFailure } from '@omnihub/connector-sdk';

/**
 * What the connector runtime needs of the mapping engine (the hub's `MappingCatalog` fits it):
 * run a mapping by id, its newest version unless one is pinned, with an instance's override
 * expression replacing the mapping's own (`overrides` is keyed by mapping id); evaluate an override
 * of a capability that has no mapping of its own; and name the version used, for dead letters.
 */
export interface MappingApplier {
  /** Runs mapping `id` on `input`. Throws when the mapping is unknown, fails, or its result breaks the target schema. */
  apply(id: string, input: unknown, options?: { version?: string | undefined; overrides?: Readonly<Record<string, string>> | undefined }): unknown;
  /** Evaluates a standalone expression on `input`. Throws when it fails. */
  evaluate(expression: string, input: unknown): unknown;
  /** The version `apply` uses for `id` (e.g. `1.2.0`), if known. */
  versionOf?(id: string): string | undefined;
}

/** Which mapping turned a payload, for dead letters and logs. */
export interface MappingUsed {
  /**
   * `id@version`; `override of id@version` (the instance's expression in its place); `override`
   * (an expression for a capability without a mapping); `none` (the payload passed through).
   */
  label: string;
}

/** The outcome of a mapping step. */
export interface Mapped {
  output: unknown;
  used: MappingUsed;
}

/**
 * Maps a payload for one capability of an instance: the instance's override expression when it
 * has one, else the capability's mapping, else the payload unchanged.
 */
export async function mapPayload(mappings: MappingApplier, capability: { name: string; mapping?: string | undefined }, overrides: Record<string, string>, input: unknown): Promise<Mapped> {
  const override = overrides[capability.name];
  try {
    if (capability.mapping !== undefined) {
      const label = mappingLabel(mappings, capability.mapping);
      if (override === undefined) return { output: await mappings.apply(capability.mapping, input), used: { label } };
      // The override replaces the mapping's expression; the mapping's target schema still applies.
      return { output: await mappings.apply(capability.mapping, input, { overrides: { [capability.mapping]: override } }), used: { label: `override of ${label}` } };
    }
    if (override !== undefined) return { output: await mappings.evaluate(override, input), used: { label: 'override' } };
  } catch (error: unknown) {
    throw asFailure(error, mappingInUse(mappings, capability, overrides));
  }
  return { output: input, used: { label: 'none' } };
}

/**
 * A mapping failure as a failure the hub acts on. The mapping engine's own failures keep their
 * kind (`invalid`: dead-letter the message; `configuration`: a missing mapping or a broken override
 * pauses the instance); anything else is an `invalid` `mapping.failed`. Expression evaluators may
 * throw plain objects such as `{ code, message, position }`: their message is kept.
 */
function asFailure(error: unknown, label: string): unknown {
  if (isHandlerFailure(error)) return error;
  let message: string;
  if (error instanceof Error) message = error.message;
  else if (error !== null && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string') {
    const { message: text, code, position } = error as { message: string; code?: unknown; position?: unknown };
    message = `${typeof code === 'string' ? `${code}: ` : ''}${text}${typeof position === 'number' ? ` (at position ${position})` : ''}`;
  } else message = String(error);
  return new InvalidMessageFailure(`mapping ${label} failed: ${message}`, { code: 'mapping.failed', cause: error });
}

/** `id@version` of the mapping a capability uses, or the id alone when the version is unknown. */
export function mappingLabel(mappings: MappingApplier, id: string): string {
  const version = mappings.versionOf?.(id);
  return version === undefined ? id : `${id}@${version}`;
}

/** The label of the mapping a capability of an instance uses, without running it. */
export function mappingInUse(mappings: MappingApplier, capability: { name: string; mapping?: string | undefined }, overrides: Record<string, string>): string {
  const overridden = overrides[capability.name] !== undefined;
  if (capability.mapping === undefined) return overridden ? 'override' : 'none';
  const label = mappingLabel(mappings, capability.mapping);
  return overridden ? `override of ${label}` : label;
}
