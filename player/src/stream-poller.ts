import { Backoff, type BackoffOptions } from "./backoff";
import type { Timers } from "./timers";

/**
 * Requests the master playlist once and returns the HTTP status; rejects
 * when the request fails without a response.
 */
export type StreamProbe = () => Promise<number>;

/** One check that did not find the stream. */
export interface WaitingCheck {
  /** Number of checks so far, starting at 1. */
  readonly attempt: number;
  /** HTTP status, or undefined when the request failed without a response. */
  readonly status: number | undefined;
  /** Delay before the next check, in milliseconds. */
  readonly nextCheckMs: number;
}

export interface StreamPollerOptions {
  readonly probe: StreamProbe;
  readonly backoff: BackoffOptions;
  readonly timers: Timers;
  /** Called when the playlist request returns a 2xx status. */
  onAvailable(): void;
  /** Called on 401 or 403; polling stops, since waiting will not fix access. */
  onDenied(status: 401 | 403): void;
  /** Called after each check that found no stream (404, another error status, or no response). */
  onWaiting(check: WaitingCheck, error?: unknown): void;
}

/**
 * Checks for the master playlist at once and then with backoff until it is
 * available or access is denied. The master playlist is missing (404)
 * until the channel has written its first segments.
 */
export class StreamPoller {
  private readonly backoff: Backoff;
  private timer: unknown;
  /** Increases on every start and stop, so a late probe result of an earlier run is ignored. */
  private run = 0;
  private active = false;

  constructor(private readonly options: StreamPollerOptions) {
    this.backoff = new Backoff(options.backoff);
  }

  get running(): boolean {
    return this.active;
  }

  /** Starts polling, or restarts it from the first delay when already running. */
  start(): void {
    this.stop();
    this.active = true;
    this.backoff.reset();
    void this.check(this.run);
  }

  stop(): void {
    this.run += 1;
    this.active = false;
    if (this.timer !== undefined) {
      this.options.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private async check(run: number): Promise<void> {
    let status: number | undefined;
    let failure: unknown;
    try {
      status = await this.options.probe();
    } catch (error) {
      failure = error;
    }
    if (run !== this.run) return;

    if (status !== undefined && status >= 200 && status < 300) {
      this.active = false;
      this.options.onAvailable();
      return;
    }
    if (status === 401 || status === 403) {
      this.active = false;
      this.options.onDenied(status);
      return;
    }
    const attempt = this.backoff.attempts + 1;
    const nextCheckMs = this.backoff.nextDelayMs();
    this.timer = this.options.timers.setTimeout(() => {
      this.timer = undefined;
      void this.check(run);
    }, nextCheckMs);
    this.options.onWaiting({ attempt, status, nextCheckMs }, failure);
  }
}
