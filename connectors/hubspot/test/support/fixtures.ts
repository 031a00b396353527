import { readFileSync } from 'node:fs';

/** A fixture file of test/fixtures, without its `_source` label. */
// The caller names the shape it reads: a generic return type is the point.
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters
export function fixture<T = Record<string, unknown>>(name: string): T {
  const { _source: _label, ...body } = JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
  return body as T;
}
