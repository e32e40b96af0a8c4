/**
 * A point where the media timeline and the encoder's wall clock are known
 * together: the start of the playing segment and its
 * `EXT-X-PROGRAM-DATE-TIME`.
 */
export interface ProgramDateAnchor {
  /** Wall-clock time of the segment start, in milliseconds since the epoch. */
  readonly programDateTimeMs: number;
  /** Position of the segment start on the media timeline, in seconds. */
  readonly mediaTimeSeconds: number;
}

/** Returns the wall-clock time, in milliseconds, of the frame at `currentTime`. */
export function programDateAtMs(
  anchor: ProgramDateAnchor,
  currentTimeSeconds: number,
): number {
  return (
    anchor.programDateTimeMs +
    (currentTimeSeconds - anchor.mediaTimeSeconds) * 1000
  );
}

/**
 * Returns how far the shown frame is behind real time, in seconds: the
 * viewer's clock minus the program date time of the frame. Unlike hls.js's
 * `latency` (distance to the playlist's edge), this includes encoding,
 * segmenting and upload time. Returns undefined without a valid anchor.
 *
 * NOTE: the result also contains any difference between the encoder's and
 * the viewer's clocks, and can be negative when the viewer's clock is behind.
 */
export function liveLatencySeconds(
  anchor: ProgramDateAnchor | undefined,
  currentTimeSeconds: number,
  nowMs: number,
): number | undefined {
  if (anchor === undefined) return undefined;
  const values = [
    anchor.programDateTimeMs,
    anchor.mediaTimeSeconds,
    currentTimeSeconds,
    nowMs,
  ];
  if (!values.every(Number.isFinite)) return undefined;
  return (nowMs - programDateAtMs(anchor, currentTimeSeconds)) / 1000;
}

/** Returns whether playback is far enough from the live edge to offer "go to live". */
export function isBehindLive(
  edgeDistanceSeconds: number,
  thresholdSeconds: number,
): boolean {
  return edgeDistanceSeconds > thresholdSeconds;
}

/** Formats a latency for the control bar, such as "5.7 s", or "–" when unknown. */
export function formatLatency(seconds: number | undefined): string {
  if (seconds === undefined) return "–";
  // Adding 0 turns -0 into 0, so a value just below zero does not read "-0.0 s".
  const tenths = Math.round(seconds * 10) + 0;
  return `${(tenths / 10).toFixed(1)} s`;
}
