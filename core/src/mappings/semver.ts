/**
 * Semantic versions (semver.org 2.0.0) and the npm-style ranges mapping versions are selected by:
 * exact (`1.2.0`), partial (`1`, `1.2`, `1.x`, `*`), caret (`^1.2.0`), tilde (`~1.2.0`),
 * comparators (`>=1.1.0 <2`), AND by spaces and OR by `||`. A pre-release version is only
 * selected by a range that names a pre-release of the same major.minor.patch.
 */
export interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
  text: string;
}

const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** Parses `1.2.3` or `1.2.3-rc.1`; undefined when it is not a semantic version. */
export function parseSemVer(text: string): SemVer | undefined {
  const match = VERSION.exec(text.trim());
  if (match === null) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] === undefined ? [] : match[4].split('.'),
    text: `${match[1] ?? ''}.${match[2] ?? ''}.${match[3] ?? ''}${match[4] === undefined ? '' : `-${match[4]}`}`,
  };
}

function compareIdentifiers(a: string, b: string): number {
  const numericA = /^\d+$/.test(a);
  const numericB = /^\d+$/.test(b);
  if (numericA && numericB) return Number(a) - Number(b);
  if (numericA) return -1;
  if (numericB) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Negative, zero or positive as `a` sorts before, with or after `b` (semver precedence). */
export function compareSemVer(a: SemVer, b: SemVer): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return core;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return b.prerelease.length - a.prerelease.length;
  for (let index = 0; index < Math.max(a.prerelease.length, b.prerelease.length); index += 1) {
    const left = a.prerelease[index];
    const right = b.prerelease[index];
    if (left === undefined) return -1;
    if (right === undefined) return 1;
    const order = compareIdentifiers(left, right);
    if (order !== 0) return order;
  }
  return 0;
}

interface Comparator {
  operator: '<' | '<=' | '>' | '>=' | '=';
  version: SemVer;
}

type ComparatorSet = Comparator[];

function version(major: number, minor: number, patch: number, prerelease: string[] = []): SemVer {
  return { major, minor, patch, prerelease, text: `${major}.${minor}.${patch}${prerelease.length === 0 ? '' : `-${prerelease.join('.')}`}` };
}

const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z-.]+))?$/;

interface Partial {
  major: number | undefined;
  minor: number | undefined;
  patch: number | undefined;
  prerelease: string[];
}

function parsePartial(text: string, range: string): Partial {
  const match = PARTIAL.exec(text);
  if (match === null) throw new Error(`"${range}" is not a version range (at "${text}")`);
  const part = (value: string | undefined): number | undefined => (value === undefined || /^[xX*]$/.test(value) ? undefined : Number(value));
  const major = part(match[1]);
  const minor = major === undefined ? undefined : part(match[2]);
  const patch = minor === undefined ? undefined : part(match[3]);
  return { major, minor, patch, prerelease: match[4] === undefined || patch === undefined ? [] : match[4].split('.') };
}

/** The comparators of one partial version: `1.2` is `>=1.2.0 <1.3.0-0`. */
function partialComparators(partial: Partial): Comparator[] {
  const { major, minor, patch, prerelease } = partial;
  if (major === undefined) return [];
  if (minor === undefined) return [{ operator: '>=', version: version(major, 0, 0) }, { operator: '<', version: version(major + 1, 0, 0, ['0']) }];
  if (patch === undefined) return [{ operator: '>=', version: version(major, minor, 0) }, { operator: '<', version: version(major, minor + 1, 0, ['0']) }];
  return [{ operator: '=', version: version(major, minor, patch, prerelease) }];
}

function caretComparators(partial: Partial): Comparator[] {
  const { major, minor = 0, patch = 0, prerelease } = partial;
  if (major === undefined) return [];
  const from = version(major, minor, patch, prerelease);
  let to: SemVer;
  if (major > 0 || partial.minor === undefined) to = version(major + 1, 0, 0, ['0']);
  else if (minor > 0 || partial.patch === undefined) to = version(0, minor + 1, 0, ['0']);
  else to = version(0, 0, patch + 1, ['0']);
  return [{ operator: '>=', version: from }, { operator: '<', version: to }];
}

function tildeComparators(partial: Partial): Comparator[] {
  const { major, minor, patch = 0, prerelease } = partial;
  if (major === undefined) return [];
  if (minor === undefined) return partialComparators(partial);
  return [{ operator: '>=', version: version(major, minor, patch, prerelease) }, { operator: '<', version: version(major, minor + 1, 0, ['0']) }];
}

function bound(operator: '<' | '<=' | '>' | '>=', partial: Partial): Comparator[] {
  const { major, minor, patch, prerelease } = partial;
  if (major === undefined) return operator === '<' || operator === '>' ? [{ operator: '<', version: version(0, 0, 0, ['0']) }] : [];
  if (patch !== undefined && minor !== undefined) return [{ operator, version: version(major, minor, patch, prerelease) }];
  const next = minor === undefined ? version(major + 1, 0, 0, ['0']) : version(major, minor + 1, 0, ['0']);
  const base = version(major, minor ?? 0, 0);
  switch (operator) {
    case '>=':
      return [{ operator: '>=', version: base }];
    case '<':
      return [{ operator: '<', version: base }];
    case '>':
      return [{ operator: '>=', version: next }];
    default:
      return [{ operator: '<', version: next }];
  }
}

function parseComparatorSet(text: string, range: string): ComparatorSet {
  const tokens = text.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/).filter((token) => token !== '');
  const set: ComparatorSet = [];
  for (const token of tokens) {
    const match = /^(>=|<=|>|<|=|\^|~)?(.*)$/.exec(token);
    const operator = match?.[1];
    const partial = parsePartial(match?.[2] ?? '', range);
    if (operator === '^') set.push(...caretComparators(partial));
    else if (operator === '~') set.push(...tildeComparators(partial));
    else if (operator === '>=' || operator === '<=' || operator === '>' || operator === '<') set.push(...bound(operator, partial));
    else set.push(...partialComparators(partial));
  }
  return set;
}

/** A parsed range: any of its comparator sets must hold. */
export interface SemVerRange {
  text: string;
  sets: ComparatorSet[];
}

/** Parses a range; throws with a plain message when it is not one. */
export function parseRange(text: string): SemVerRange {
  const trimmed = text.trim();
  const sets = (trimmed === '' ? ['*'] : trimmed.split('||')).map((part) => parseComparatorSet(part, text));
  return { text: trimmed, sets };
}

function holds(comparator: Comparator, subject: SemVer): boolean {
  const order = compareSemVer(subject, comparator.version);
  switch (comparator.operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    default:
      return order === 0;
  }
}

function samePatch(a: SemVer, b: SemVer): boolean {
  return a.major === b.major && a.minor === b.minor && a.patch === b.patch;
}

/** Whether `subject` is selected by `range`. */
export function satisfies(subject: SemVer, range: SemVerRange): boolean {
  return range.sets.some((set) => {
    if (!set.every((comparator) => holds(comparator, subject))) return false;
    if (subject.prerelease.length === 0) return true;
    return set.some((comparator) => comparator.version.prerelease.length > 0 && comparator.version.prerelease[0] !== '0' && samePatch(comparator.version, subject));
  });
}

/** The highest of `versions` selected by `range`, or undefined. */
export function maxSatisfying(versions: readonly SemVer[], range: SemVerRange): SemVer | undefined {
  return versions.filter((candidate) => satisfies(candidate, range)).sort(compareSemVer).at(-1);
}
