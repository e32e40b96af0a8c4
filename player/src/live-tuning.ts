import type { BackoffOptions } from "./backoff";

/** Playback settings derived from the stream's segment length. */
export interface LiveTuning {
  /** Segment length the tuning was derived from, in seconds. */
  readonly segmentLengthSeconds: number;
  /** Segments between the playback position and the live edge at start (hls.js `liveSyncDurationCount`). */
  readonly liveSyncSegments: number;
  /** Distance to the live edge that the player aims for, in seconds. */
  readonly targetEdgeDistanceSeconds: number;
  /** Distance to the live edge above which the viewer counts as behind live, in seconds. */
  readonly behindLiveThresholdSeconds: number;
  /** Rendition index to start on; hls.js sorts renditions by bitrate, so 0 is the lowest. */
  readonly startLevel: number;
  /** Seconds of already played media kept in the buffer. */
  readonly backBufferSeconds: number;
  /** Time allowed for a segment response to start, in milliseconds. */
  readonly segmentTimeToFirstByteMs: number;
  /** Time allowed for a whole segment to load, in milliseconds. */
  readonly segmentMaxLoadTimeMs: number;
  /** Backoff of the waiting screen's checks for the master playlist. */
  readonly waitingPoll: BackoffOptions;
  /** Backoff of reconnect attempts after a fatal network error. */
  readonly networkRetry: BackoffOptions;
}

/**
 * Two segments behind the edge: measured on a 2 s segment stream from
 * MediaLive, this gave about 5.7 s glass-to-glass latency without stalls,
 * against 7-9 s with the hls.js default of 3. One segment stalled.
 */
export const LIVE_SYNC_SEGMENTS = 2;

/**
 * Derives the live tuning from the segment length in seconds. Every delay
 * scales with it, because a new segment (and a new playlist version)
 * appears once per segment length.
 */
export function liveTuning(segmentLengthSeconds: number): LiveTuning {
  if (!(Number.isFinite(segmentLengthSeconds) && segmentLengthSeconds > 0)) {
    throw new RangeError(
      `segmentLengthSeconds must be a number above 0; received ${segmentLengthSeconds}`,
    );
  }
  const segmentMs = segmentLengthSeconds * 1000;
  const targetEdgeDistanceSeconds = LIVE_SYNC_SEGMENTS * segmentLengthSeconds;
  return {
    segmentLengthSeconds,
    liveSyncSegments: LIVE_SYNC_SEGMENTS,
    targetEdgeDistanceSeconds,
    // The distance to the edge grows by one segment between playlist
    // refreshes, so the threshold leaves two segments of room above the target.
    behindLiveThresholdSeconds:
      targetEdgeDistanceSeconds + 2 * segmentLengthSeconds,
    // The lowest rendition loads fastest; the bitrate estimate then lets ABR climb.
    startLevel: 0,
    // Enough for a short pause, and bounded so hours of live media do not pile up in memory.
    backBufferSeconds: 30,
    // A segment that needs more than a few segment lengths cannot keep up with
    // live; failing sooner lets hls.js retry or switch to a lower rendition.
    segmentTimeToFirstByteMs: Math.max(5000, 2 * segmentMs),
    segmentMaxLoadTimeMs: Math.max(10000, 4 * segmentMs),
    // The first playlist appears one segment length after the channel starts,
    // so checking more often than that finds nothing new.
    waitingPoll: {
      initialDelayMs: segmentMs,
      maxDelayMs: 5 * segmentMs,
      factor: 1.5,
    },
    networkRetry: {
      initialDelayMs: 1000,
      maxDelayMs: Math.max(5000, 5 * segmentMs),
      factor: 2,
    },
  };
}
