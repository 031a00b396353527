/** API key scopes, from narrowest to widest. */
export const SCOPES = ['read', 'write', 'ops', 'admin'] as const;

/** One API key scope. */
export type Scope = (typeof SCOPES)[number];

/** True when `value` names a scope. */
export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/**
 * Whether a key holding `granted` may call an operation needing `required`.
 * `admin` grants everything; `write` and `ops` imply `read`.
 */
export function scopeAllows(granted: readonly Scope[], required: Scope): boolean {
  if (granted.includes('admin') || granted.includes(required)) return true;
  return required === 'read' && (granted.includes('write') || granted.includes('ops'));
}
