import Hls, {
  ErrorTypes,
  Events,
  type ErrorData,
  type ErrorDetails,
  type FragChangedData,
  type Level,
  type LevelSwitchedData,
} from "hls.js";
import { Backoff } from "./backoff";
import { Disposables, listen } from "./disposables";
import { chooseEngine, type PlaybackEngine } from "./engine";
import { hlsConfigFor } from "./hls-config";
import type { ProgramDateAnchor } from "./latency";
import { liveLatencySeconds } from "./latency";
import type { LiveTuning } from "./live-tuning";
import type { Logger } from "./logger";
import type { PlaybackStatus } from "./playback-status";
import { AUTO_LEVEL, type RenditionLevel } from "./rendition-menu";
import { StreamPoller } from "./stream-poller";
import type { Timers } from "./timers";

export interface PlaybackControllerOptions {
  readonly video: HTMLVideoElement;
  /** Absolute URL of the master playlist. */
  readonly manifestUrl: string;
  /** Absolute URL of the hls.js transmuxer worker, if the build ships one. */
  readonly workerUrl: string | undefined;
  readonly tuning: LiveTuning;
  /** Headers for every playlist and segment request (the access token). */
  readonly requestHeaders: () => Record<string, string>;
  readonly logger: Logger;
  readonly timers: Timers;
  readonly fetch: typeof fetch;
  onStatus(status: PlaybackStatus): void;
  onLevels(levels: readonly RenditionLevel[]): void;
  onLevelSwitched(level: number): void;
}

/** MIME type that `canPlayType` recognises for HLS. */
const HLS_MIME_TYPE = "application/vnd.apple.mpegurl";

/** Time allowed for one check of the master playlist, in milliseconds. */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * Media errors further apart than this start a new round of recovery, in
 * milliseconds. Within one round the controller recovers once, then swaps
 * the audio codec and recovers, then gives up.
 */
const MEDIA_RECOVERY_WINDOW_MS = 30_000;

/**
 * Plays the live stream in the video element: waits for the master
 * playlist, drives hls.js (or native HLS where Media Source Extensions are
 * missing), and turns errors into retries, recoveries or a final status.
 */
export class PlaybackController {
  readonly engine: PlaybackEngine;
  private hls: Hls | undefined;
  private readonly poller: StreamPoller;
  private readonly reconnectBackoff: Backoff;
  private readonly listeners = new Disposables();
  private reconnectTimer: unknown;
  /** Aborts the playlist check in flight, so that stopping leaves no request or timer behind. */
  private probeAbort: AbortController | undefined;
  private anchor: ProgramDateAnchor | undefined;
  private manualLevel = AUTO_LEVEL;
  private mediaRecoveries = 0;
  private lastMediaRecoveryMs = Number.NEGATIVE_INFINITY;
  private status: PlaybackStatus = { kind: "starting" };
  private destroyed = false;

  constructor(private readonly options: PlaybackControllerOptions) {
    const { video, tuning, timers } = options;
    this.engine = chooseEngine({
      mediaSource: Hls.isSupported(),
      nativeHls: video.canPlayType(HLS_MIME_TYPE),
    });
    this.reconnectBackoff = new Backoff(tuning.networkRetry);
    this.poller = new StreamPoller({
      probe: () => this.probeManifest(),
      backoff: tuning.waitingPoll,
      timers,
      onAvailable: () => this.attach(),
      onDenied: (httpStatus) => this.deny(httpStatus),
      onWaiting: (check, error) => {
        if (error !== undefined)
          options.logger.warn("master playlist check failed", error);
        if (check.status === 404) {
          this.setStatus({ kind: "waiting", nextCheckMs: check.nextCheckMs });
        } else {
          this.setStatus({
            kind: "reconnecting",
            retryInMs: check.nextCheckMs,
            httpStatus: check.status,
          });
        }
      },
    });
    this.listeners.add(listen(video, "playing", () => this.onPlaying()));
    this.listeners.add(listen(video, "waiting", () => this.onStalled()));
    this.listeners.add(listen(video, "error", () => this.onNativeError()));
  }

  /** Starts looking for the stream, and plays it once found. */
  start(): void {
    if (this.destroyed) return;
    if (this.engine === "unsupported") {
      this.setStatus({ kind: "unsupported" });
      return;
    }
    this.options.logger.info(
      "starting playback with",
      this.engine,
      this.options.manifestUrl,
    );
    this.setStatus({ kind: "starting" });
    this.poller.start();
  }

  /** Drops the current attempt, including a final error, and starts again. */
  restart(): void {
    this.stopEngine();
    this.mediaRecoveries = 0;
    this.reconnectBackoff.reset();
    this.start();
  }

  /** Picks a rendition by hls.js level index, or AUTO_LEVEL for adaptive selection. */
  setLevel(level: number): void {
    this.manualLevel = level;
    if (this.hls === undefined) return;
    // nextLevel switches at the next segment without emptying the buffer,
    // so playback continues while the new rendition loads.
    this.hls.nextLevel = level;
    this.options.logger.info(
      "rendition set to",
      level === AUTO_LEVEL ? "auto" : level,
    );
  }

  /** Rendition the viewer picked, or AUTO_LEVEL. */
  get selectedLevel(): number {
    return this.manualLevel;
  }

  /** Seconds between the shown frame and its program date time, when known. */
  latencySeconds(): number | undefined {
    const { video, timers } = this.options;
    if (this.engine === "native") {
      // Safari exposes the program date time of media time 0 as getStartDate().
      const startDate = (
        video as HTMLVideoElement & { getStartDate?: () => Date }
      ).getStartDate?.();
      const startMs = startDate?.getTime();
      const anchor =
        startMs === undefined || Number.isNaN(startMs)
          ? undefined
          : { programDateTimeMs: startMs, mediaTimeSeconds: 0 };
      return liveLatencySeconds(anchor, video.currentTime, timers.now());
    }
    return liveLatencySeconds(this.anchor, video.currentTime, timers.now());
  }

  /** Seconds between the playback position and the live edge of the playlist, when known. */
  edgeDistanceSeconds(): number | undefined {
    const { video } = this.options;
    if (this.hls !== undefined) {
      // Computed here rather than read from hls.latency, which hls.js only
      // updates on timeupdate events and so freezes while paused.
      const details = this.hls.latestLevelDetails;
      if (details === null || !details.live) return undefined;
      return details.edge + details.age - video.currentTime;
    }
    if (this.engine === "native" && video.seekable.length > 0) {
      return video.seekable.end(video.seekable.length - 1) - video.currentTime;
    }
    return undefined;
  }

  /** Jumps to the live sync position and resumes playback. */
  goToLive(): void {
    const { video, tuning } = this.options;
    let target: number | null = null;
    if (this.hls !== undefined) {
      target = this.hls.liveSyncPosition;
    } else if (this.engine === "native" && video.seekable.length > 0) {
      target =
        video.seekable.end(video.seekable.length - 1) -
        tuning.targetEdgeDistanceSeconds;
    }
    if (target !== null && Number.isFinite(target)) video.currentTime = target;
    this.play();
  }

  /** Stops playback and releases hls.js, timers and listeners. The controller cannot be used again. */
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.stopEngine();
    this.listeners.dispose();
  }

  private setStatus(status: PlaybackStatus): void {
    if (this.destroyed) return;
    this.status = status;
    this.options.onStatus(status);
  }

  private async probeManifest(): Promise<number> {
    const { fetch, manifestUrl, requestHeaders, timers } = this.options;
    const abort = new AbortController();
    this.probeAbort = abort;
    const timer = timers.setTimeout(() => abort.abort(), PROBE_TIMEOUT_MS);
    try {
      const response = await fetch(manifestUrl, {
        cache: "no-store",
        credentials: "same-origin",
        headers: requestHeaders(),
        signal: abort.signal,
      });
      await response.body?.cancel();
      return response.status;
    } finally {
      timers.clearTimeout(timer);
      if (this.probeAbort === abort) this.probeAbort = undefined;
    }
  }

  private attach(): void {
    if (this.destroyed) return;
    this.setStatus({ kind: "loading" });
    if (this.engine === "hls.js") this.attachHls();
    else this.attachNative();
  }

  private attachHls(): void {
    const { video, tuning, requestHeaders, logger, manifestUrl, workerUrl } =
      this.options;
    const hls = new Hls(
      hlsConfigFor(tuning, requestHeaders, logger, workerUrl),
    );
    this.hls = hls;
    this.anchor = undefined;
    hls.on(Events.MANIFEST_PARSED, (_event, data) => {
      this.options.onLevels(renditionLevels(data.levels));
      if (this.manualLevel !== AUTO_LEVEL) hls.nextLevel = this.manualLevel;
      this.play();
    });
    hls.on(Events.LEVELS_UPDATED, (_event, data) =>
      this.options.onLevels(renditionLevels(data.levels)),
    );
    hls.on(Events.LEVEL_SWITCHED, (_event, data: LevelSwitchedData) =>
      this.options.onLevelSwitched(data.level),
    );
    hls.on(Events.FRAG_CHANGED, (_event, data: FragChangedData) => {
      const { programDateTime, start } = data.frag;
      this.anchor =
        programDateTime === null
          ? undefined
          : { programDateTimeMs: programDateTime, mediaTimeSeconds: start };
    });
    hls.on(Events.ERROR, (_event, data) => this.onHlsError(data));
    hls.loadSource(manifestUrl);
    hls.attachMedia(video);
  }

  // NOTE: native HLS cannot add request headers, so an access token set by
  // setAccessTokenProvider is not sent on this path (older Safari on iPhone).
  private attachNative(): void {
    const { video, manifestUrl } = this.options;
    video.src = manifestUrl;
    this.play();
  }

  private play(): void {
    const { video, logger } = this.options;
    video.play().catch((error: unknown) => {
      if (error instanceof DOMException && error.name === "NotAllowedError") {
        logger.warn("autoplay was blocked", error.message);
        this.setStatus({ kind: "autoplay-blocked" });
      } else if (
        !(error instanceof DOMException && error.name === "AbortError")
      ) {
        // AbortError only means a later load or pause replaced this play request.
        logger.warn("play() failed", error);
      }
    });
  }

  private onPlaying(): void {
    this.reconnectBackoff.reset();
    this.setStatus({ kind: "playing" });
  }

  private onStalled(): void {
    if (this.status.kind === "playing") this.setStatus({ kind: "buffering" });
  }

  private onHlsError(data: ErrorData): void {
    const { logger } = this.options;
    const httpStatus = httpStatusOf(data);
    if (httpStatus === 401 || httpStatus === 403) {
      logger.warn(
        "request rejected with HTTP",
        httpStatus,
        data.details,
        data.url,
      );
      this.deny(httpStatus);
      return;
    }
    if (!data.fatal) {
      logger.debug("recoverable hls.js error", data.type, data.details);
      return;
    }
    logger.error("fatal hls.js error", data.type, data.details, data.error);
    if (data.type === ErrorTypes.NETWORK_ERROR) this.reconnect(httpStatus);
    else if (data.type === ErrorTypes.MEDIA_ERROR)
      this.recoverMedia(data.details);
    else this.fail(data.details);
  }

  /**
   * Tears hls.js down and starts over from the playlist check after a
   * backoff delay. The check shows the waiting screen if the playlist is
   * gone (the channel stopped), and attaches again once it is back.
   */
  private reconnect(httpStatus: number | undefined): void {
    this.stopEngine();
    const retryInMs = this.reconnectBackoff.nextDelayMs();
    this.options.logger.info("reconnecting in", retryInMs, "ms");
    this.setStatus({ kind: "reconnecting", retryInMs, httpStatus });
    this.reconnectTimer = this.options.timers.setTimeout(() => {
      this.reconnectTimer = undefined;
      this.poller.start();
    }, retryInMs);
  }

  private recoverMedia(details: ErrorDetails): void {
    const hls = this.hls;
    if (hls === undefined) return;
    const now = this.options.timers.now();
    if (now - this.lastMediaRecoveryMs > MEDIA_RECOVERY_WINDOW_MS)
      this.mediaRecoveries = 0;
    this.lastMediaRecoveryMs = now;
    this.mediaRecoveries += 1;
    this.options.logger.warn(
      "media error",
      details,
      "recovery attempt",
      this.mediaRecoveries,
    );
    if (this.mediaRecoveries === 1) {
      hls.recoverMediaError();
    } else if (this.mediaRecoveries === 2) {
      hls.swapAudioCodec();
      hls.recoverMediaError();
    } else {
      this.fail(details);
    }
  }

  private onNativeError(): void {
    if (this.engine !== "native" || this.hls !== undefined) return;
    const error = this.options.video.error;
    if (error === null || this.status.kind === "failed") return;
    this.options.logger.error(
      "native playback error",
      error.code,
      error.message,
    );
    if (error.code === MediaError.MEDIA_ERR_NETWORK) this.reconnect(undefined);
    else if (error.code !== MediaError.MEDIA_ERR_ABORTED)
      this.fail(`media error ${error.code}`);
  }

  private deny(httpStatus: 401 | 403): void {
    this.stopEngine();
    this.setStatus({ kind: "access-denied", httpStatus });
  }

  private fail(reason: string): void {
    this.stopEngine();
    this.setStatus({ kind: "failed", reason });
  }

  /** Stops polling, pending reconnects and the current engine; keeps the element listeners. */
  private stopEngine(): void {
    this.poller.stop();
    this.probeAbort?.abort();
    if (this.reconnectTimer !== undefined) {
      this.options.timers.clearTimeout(this.reconnectTimer);
      this.reconnectTimer = undefined;
    }
    this.anchor = undefined;
    if (this.hls !== undefined) {
      const hls = this.hls;
      this.hls = undefined;
      hls.destroy();
    }
    const { video } = this.options;
    if (this.engine === "native" && video.hasAttribute("src")) {
      video.removeAttribute("src");
      video.load();
    }
  }
}

function renditionLevels(levels: readonly Level[]): RenditionLevel[] {
  return levels.map((level, index) => ({
    index,
    width: level.width || undefined,
    height: level.height || undefined,
    bitrate: level.bitrate,
  }));
}

/** Returns the HTTP status of a failed request, when the error has one. */
function httpStatusOf(data: ErrorData): number | undefined {
  const code = data.response?.code;
  if (typeof code === "number" && code > 0) return code;
  const details: unknown = data.networkDetails;
  if (details instanceof XMLHttpRequest && details.status > 0)
    return details.status;
  if (details instanceof Response) return details.status;
  return undefined;
}
