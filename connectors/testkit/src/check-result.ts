/**
 * The checks of the conformance kit, in the order they run. Each name is stable: waivers, reports
 * and the CLI refer to checks by it.
 *
 * | check | what it proves |
 * |---|---|
 * | `manifest` | the manifest is well formed and matches the implementation |
 * | `config-refused` | the config schema accepts the run's config and refuses broken ones |
 * | `webhook-signature` | every webhook accepts a correctly signed request, refuses forged ones |
 * | `webhook-freshness` | every webhook refuses a correctly signed but stale request |
 * | `action-idempotency` | the same event delivered twice gives one vendor effect |
 * | `http-classification` | vendor 429 / 5xx / 4xx / 401 become the right failure kinds |
 * | `secrets-not-logged` | no secret appears in any log line or error of the whole run |
 * | `mapping-fixtures` | every mapping the connector names passes its fixture pairs |
 *
 * @example
 * for (const check of CHECK_NAMES) console.log(check);
 */
export const CHECK_NAMES = [
  'manifest',
  'config-refused',
  'webhook-signature',
  'webhook-freshness',
  'action-idempotency',
  'http-classification',
  'secrets-not-logged',
  'mapping-fixtures',
] as const;

/** One check of the kit. */
export type CheckName = (typeof CHECK_NAMES)[number];

/** True when `name` is one of {@link CHECK_NAMES}. */
export function isCheckName(name: string): name is CheckName {
  return (CHECK_NAMES as readonly string[]).includes(name);
}

/** How a check ended: `waived` means it did not run, for the reason the connector wrote down. */
export type CheckStatus = 'pass' | 'fail' | 'waived';

/**
 * The outcome of one check. `message` always starts with the check's name.
 *
 * @example
 * { check: 'webhook-signature', status: 'fail', message: 'webhook-signature: webhook "orders" accepted a request whose body was altered after signing', details: [] }
 */
export interface CheckResult {
  check: CheckName;
  status: CheckStatus;
  message: string;
  /** One line per finding (every failing case, not only the first). */
  details: string[];
}

/**
 * The outcome of a whole kit run.
 *
 * @example
 * const report = await runConformance({ connector, conformance });
 * if (!report.passed) process.exitCode = 1;
 */
export interface ConformanceReport {
  connector: { id: string; version: string };
  results: CheckResult[];
  /** True when no check failed (waived checks do not fail a run). */
  passed: boolean;
}

/** Builds a passing result. */
export function pass(check: CheckName, summary: string): CheckResult {
  return { check, status: 'pass', message: `${check}: ${summary}`, details: [] };
}

/** Builds a failing result from its findings (the first one is the summary). */
export function fail(check: CheckName, findings: readonly string[]): CheckResult {
  const [first = 'failed', ...rest] = findings;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more finding${rest.length === 1 ? '' : 's'})`;
  return { check, status: 'fail', message: `${check}: ${first}${more}`, details: rest.length === 0 ? [] : [...findings] };
}

/** A pass when there are no findings, otherwise a failure listing them. */
export function verdict(check: CheckName, findings: readonly string[], summary: string): CheckResult {
  return findings.length === 0 ? pass(check, summary) : fail(check, findings);
}
