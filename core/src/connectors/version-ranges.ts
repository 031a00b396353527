import { compareSemVer, parseRange, parseSemVer, satisfies, type SemVer } from '../mappings/semver.ts';

/*
 * String-level helpers over the hub's one semver implementation (shared with the mapping
 * engine), for manifests: versions and npm-style ranges (`^0.1.0`, `>=1 <3`, `1.x`, `a || b`).
 */

function mustParse(text: string): SemVer {
  const parsed = parseSemVer(text);
  if (parsed === undefined) throw new Error(`"${text}" is not a semantic version (major.minor.patch)`);
  return parsed;
}

/** Orders two versions (newer sorts after). Throws on a string that is not a version. */
export function compareVersions(a: string, b: string): number {
  return Math.sign(compareSemVer(mustParse(a), mustParse(b)));
}

/** Whether the version has a prerelease part (`2.0.0-rc.1`). */
export function isPrerelease(version: string): boolean {
  return (parseSemVer(version)?.prerelease.length ?? 0) > 0;
}

/** Whether `range` is a range the hub can read. */
export function isValidRange(range: string): boolean {
  try {
    parseRange(range);
    return true;
  } catch {
    return false;
  }
}

/** Whether `version` lies in `range`. Throws, naming it, on an unreadable version or range. */
export function versionSatisfies(version: string, range: string): boolean {
  return satisfies(mustParse(version), parseRange(range));
}

/** Whether an integer major (a canonical schema version) lies in a range such as `>=1 <3`. */
export function majorSatisfies(major: number, range: string): boolean {
  return versionSatisfies(`${major}.0.0`, range);
}
