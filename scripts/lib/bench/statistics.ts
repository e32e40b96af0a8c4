/** Median and range of the samples of one measurement. */
export interface Summary {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Number of samples. */
  readonly count: number;
}

/** Returns the median: the middle sample, or the mean of the two middle samples for an even count. */
export function median(samples: readonly number[]): number {
  if (samples.length === 0)
    throw new RangeError("median needs at least one sample");
  if (!samples.every(Number.isFinite))
    throw new RangeError(
      `median needs finite samples; received ${samples.join(", ")}`,
    );
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Summarizes samples as median, min and max; undefined when there are none. */
export function summarize(samples: readonly number[]): Summary | undefined {
  if (samples.length === 0) return undefined;
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    count: samples.length,
  };
}

/** Returns `value / reference`, or undefined when either is missing or the reference is 0. */
export function ratio(
  value: number | undefined,
  reference: number | undefined,
): number | undefined {
  if (value === undefined || reference === undefined || reference === 0)
    return undefined;
  return value / reference;
}

/**
 * Returns the order of the alternatives for one run: the list rotated by
 * the run index, so over as many runs as there are alternatives each one
 * is measured once in every position and none always runs first.
 */
export function runOrder<T>(alternatives: readonly T[], runIndex: number): T[] {
  if (alternatives.length === 0) return [];
  const shift =
    ((runIndex % alternatives.length) + alternatives.length) %
    alternatives.length;
  return [...alternatives.slice(shift), ...alternatives.slice(0, shift)];
}
