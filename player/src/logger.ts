/** Logging for the player: silent unless the page was opened with `?debug=1`. */
export interface Logger {
  readonly enabled: boolean;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** The console methods the logger writes to. */
export type LogSink = Pick<Console, "debug" | "info" | "warn" | "error">;

/** Query parameter that turns logging on. */
export const DEBUG_PARAMETER = "debug";

/** Returns whether the page's query string (`location.search`) contains `debug=1`. */
export function isDebugEnabled(search: string): boolean {
  return new URLSearchParams(search).get(DEBUG_PARAMETER) === "1";
}

const ignore = (): void => undefined;

/**
 * Creates a logger that prefixes every line with `[player]`, or one whose
 * methods do nothing when `enabled` is false.
 */
export function createLogger(
  enabled: boolean,
  sink: LogSink = console,
): Logger {
  if (!enabled) {
    return {
      enabled,
      debug: ignore,
      info: ignore,
      warn: ignore,
      error: ignore,
    };
  }
  const prefix = "[player]";
  return {
    enabled,
    debug: (...args) => sink.debug(prefix, ...args),
    info: (...args) => sink.info(prefix, ...args),
    warn: (...args) => sink.warn(prefix, ...args),
    error: (...args) => sink.error(prefix, ...args),
  };
}
