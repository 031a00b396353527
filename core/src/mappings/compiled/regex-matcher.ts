import { EvaluationBailout } from './semantics.ts';

/** One match of a regular expression, in the structure JSONata's string functions expect. */
export interface RegexMatch {
  match: string;
  start: number;
  end: number;
  groups: string[];
  next: () => RegexMatch | undefined;
}

/** A compiled regular expression literal: finds the first match at or after `fromIndex`. */
export type RegexMatcher = (text: string, fromIndex?: number) => RegexMatch | undefined;

const matchers = new WeakSet<RegexMatcher>();

/** True when `value` was made by {@link regexMatcher}. */
export function isRegexMatcher(value: unknown): value is RegexMatcher {
  return typeof value === 'function' && matchers.has(value as RegexMatcher);
}

/** The matcher of a regex literal such as `/^\d{8}$/`, with JSONata's match objects. */
export function regexMatcher(pattern: RegExp): RegexMatcher {
  const regex = new RegExp(pattern);
  const matcher: RegexMatcher = (text, fromIndex = 0) => {
    regex.lastIndex = fromIndex;
    const found = regex.exec(text);
    if (found === null) return undefined;
    return {
      match: found[0],
      start: found.index,
      end: found.index + found[0].length,
      groups: found.slice(1).map((group) => group),
      next: () => {
        if (regex.lastIndex >= text.length) return undefined;
        const following = matcher(text, regex.lastIndex);
        if (following !== undefined && following.match === '') throw new EvaluationBailout('the regular expression matches an empty string (D1004)');
        return following;
      },
    };
  };
  matchers.add(matcher);
  return matcher;
}
