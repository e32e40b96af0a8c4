import type { HlsConfig, ILogger, LoaderContext } from "hls.js";
import type { LiveTuning } from "./live-tuning";
import type { Logger } from "./logger";

/**
 * Builds the hls.js configuration from the live tuning. `requestHeaders` is
 * called for every playlist and segment request, so a token set after the
 * player started is sent from the next request on. `workerUrl` is the
 * absolute URL of the transmuxer worker; without it hls.js transmuxes on
 * the main thread.
 */
export function hlsConfigFor(
  tuning: LiveTuning,
  requestHeaders: () => Record<string, string>,
  logger: Logger,
  workerUrl: string | undefined,
): Partial<HlsConfig> {
  return {
    debug: logger.enabled ? hlsLogger(logger) : false,
    enableWorker: workerUrl !== undefined,
    workerPath: workerUrl,
    // MediaLive writes whole segments only; without parts, low-latency mode has nothing to do.
    lowLatencyMode: false,
    liveSyncDurationCount: tuning.liveSyncSegments,
    startLevel: tuning.startLevel,
    // Skip renditions larger than the player; a manual choice still overrides this.
    capLevelToPlayerSize: true,
    backBufferLength: tuning.backBufferSeconds,
    fragLoadPolicy: {
      default: {
        maxTimeToFirstByteMs: tuning.segmentTimeToFirstByteMs,
        maxLoadTimeMs: tuning.segmentMaxLoadTimeMs,
        // Retry counts and delays are the hls.js 1.6 defaults.
        timeoutRetry: { maxNumRetry: 4, retryDelayMs: 0, maxRetryDelayMs: 0 },
        errorRetry: {
          maxNumRetry: 6,
          retryDelayMs: 1000,
          maxRetryDelayMs: 8000,
        },
      },
    },
    xhrSetup: (xhr: XMLHttpRequest, url: string) => {
      // hls.js calls this before opening the request, and headers can only be set on an open one.
      if (xhr.readyState === XMLHttpRequest.UNSENT) xhr.open("GET", url, true);
      for (const [name, value] of Object.entries(requestHeaders())) {
        xhr.setRequestHeader(name, value);
      }
    },
    fetchSetup: (context: LoaderContext, init: RequestInit) => {
      const headers = new Headers(init.headers);
      for (const [name, value] of Object.entries(requestHeaders()))
        headers.set(name, value);
      return new Request(context.url, { ...init, headers });
    },
  };
}

/** Routes hls.js's own log lines through the player's logger. */
function hlsLogger(logger: Logger): ILogger {
  const debug = (...args: unknown[]) => logger.debug("[hls.js]", ...args);
  return {
    trace: debug,
    debug,
    log: debug,
    info: (...args: unknown[]) => logger.info("[hls.js]", ...args),
    warn: (...args: unknown[]) => logger.warn("[hls.js]", ...args),
    error: (...args: unknown[]) => logger.error("[hls.js]", ...args),
  };
}
