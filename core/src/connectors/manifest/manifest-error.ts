import type { FieldError } from '../../errors/hub-error.ts';

/**
 * A connector package whose manifest breaks a rule. The message names the package and each
 * broken rule by JSON pointer: `manifest of @acme/omnihub-shop: /capabilities/actions/0/consumes/1 must match type@version`.
 */
export class ManifestError extends Error {
  /** The package (name, or folder when it has no name) the manifest belongs to. */
  readonly packageName: string;
  readonly errors: FieldError[];

  constructor(packageName: string, errors: FieldError[]) {
    super(`manifest of ${packageName}: ${errors.map((e) => `${e.path === '' ? '(root)' : e.path} ${e.message}`).join('; ')}`);
    this.name = 'ManifestError';
    this.packageName = packageName;
    this.errors = errors;
  }
}
