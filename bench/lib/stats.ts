/** The median of some runs (the mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The p-th percentile by linear interpolation between closest ranks. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

/** A figure as recorded in the results file: every run and their median. */
export interface Figure {
  readonly runs: number[];
  readonly median: number;
  readonly unit: string;
}

export function figure(runs: number[], unit: string): Figure {
  return { runs, median: median(runs), unit };
}
