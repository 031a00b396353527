/** Percentile (0..100) of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** One measured figure beside its same-run baseline. */
export interface Figure {
  bench: string;
  metric: string;
  unit: string;
  hub: number;
  baseline: number;
  baselineName: string;
  /** hub ÷ baseline (for latencies: hub − baseline is reported as the added cost). */
  ratio: number;
  target?: string;
  pass?: boolean;
}
