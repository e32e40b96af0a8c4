/** Exponential backoff with jitter, for polling and reconnecting. */
export interface BackoffOptions {
  /** Delay before the first retry, in milliseconds. */
  readonly initialDelayMs: number;
  /** Upper bound of every delay, in milliseconds. */
  readonly maxDelayMs: number;
  /** Growth per attempt. @default 2 */
  readonly factor?: number;
  /**
   * Spread of each delay as a fraction of it: 0.2 picks a delay between 80 %
   * and 120 % of the nominal one, so many viewers waiting for the same
   * stream do not poll in step. @default 0.2
   */
  readonly jitterRatio?: number;
  /** Source of random numbers in [0, 1). @default Math.random */
  readonly random?: () => number;
}

/** Checks the options and throws a RangeError naming the invalid one. */
export function validateBackoffOptions(options: BackoffOptions): void {
  const { initialDelayMs, maxDelayMs, factor = 2, jitterRatio = 0.2 } = options;
  if (!(initialDelayMs > 0)) {
    throw new RangeError(
      `initialDelayMs must be above 0; received ${initialDelayMs}`,
    );
  }
  if (!(maxDelayMs >= initialDelayMs)) {
    throw new RangeError(
      `maxDelayMs must be at least initialDelayMs (${initialDelayMs}); received ${maxDelayMs}`,
    );
  }
  if (!(factor >= 1)) {
    throw new RangeError(`factor must be at least 1; received ${factor}`);
  }
  if (!(jitterRatio >= 0 && jitterRatio < 1)) {
    throw new RangeError(
      `jitterRatio must be at least 0 and below 1; received ${jitterRatio}`,
    );
  }
}

/**
 * Returns the delay before retry number `attempt` (0 for the first retry):
 * `initialDelayMs × factor^attempt`, capped at `maxDelayMs`, spread by the
 * jitter, and never above `maxDelayMs`.
 */
export function backoffDelayMs(
  attempt: number,
  options: BackoffOptions,
): number {
  validateBackoffOptions(options);
  const {
    initialDelayMs,
    maxDelayMs,
    factor = 2,
    jitterRatio = 0.2,
    random = Math.random,
  } = options;
  const nominal = Math.min(
    maxDelayMs,
    initialDelayMs * factor ** Math.max(0, attempt),
  );
  const spread = 1 - jitterRatio + 2 * jitterRatio * random();
  return Math.round(Math.min(maxDelayMs, nominal * spread));
}

/** Counts attempts and returns the next delay; `reset()` after a success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {
    validateBackoffOptions(options);
  }

  /** Number of delays handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  nextDelayMs(): number {
    const delay = backoffDelayMs(this.attempt, this.options);
    this.attempt += 1;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
