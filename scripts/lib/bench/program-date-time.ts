/** One segment of a media playlist, with the wall-clock time of its first frame. */
export interface SegmentTiming {
  /** Media sequence number. */
  readonly sequence: number;
  readonly uri: string;
  /** `#EXTINF` duration, in seconds. */
  readonly durationSeconds: number;
  /** `EXT-X-PROGRAM-DATE-TIME` of the segment, in milliseconds since the epoch; undefined when the playlist has none. */
  readonly programDateTimeMs: number | undefined;
}

/**
 * Parses an `EXT-X-PROGRAM-DATE-TIME` value into milliseconds since the
 * epoch. ffmpeg 5.1 writes the offset without a colon (`+0000`), which
 * ISO 8601 allows but `Date.parse` does not read, so a colon is added.
 */
export function parseProgramDateTime(value: string): number {
  const normalized = value.trim().replace(/([+-]\d{2})(\d{2})$/, "$1:$2");
  const milliseconds = Date.parse(normalized);
  if (!Number.isFinite(milliseconds))
    throw new Error(`invalid EXT-X-PROGRAM-DATE-TIME "${value}"`);
  return milliseconds;
}

/**
 * Reads the segments of a media playlist. A segment without its own
 * `EXT-X-PROGRAM-DATE-TIME` follows the previous one by that segment's
 * duration, as the HLS specification (RFC 8216, 4.3.2.6) defines.
 */
export function parseMediaPlaylist(text: string): SegmentTiming[] {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines[0] !== "#EXTM3U")
    throw new Error("not an HLS playlist: the first line is not #EXTM3U");
  let sequence = 0;
  let duration: number | undefined;
  let pendingDateMs: number | undefined;
  const segments: SegmentTiming[] = [];

  for (const line of lines) {
    if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
      sequence = Number(line.slice("#EXT-X-MEDIA-SEQUENCE:".length));
    } else if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
      pendingDateMs = parseProgramDateTime(
        line.slice("#EXT-X-PROGRAM-DATE-TIME:".length),
      );
    } else if (line.startsWith("#EXTINF:")) {
      duration = Number.parseFloat(line.slice("#EXTINF:".length));
    } else if (line !== "" && !line.startsWith("#")) {
      if (duration === undefined || !Number.isFinite(duration))
        throw new Error(`segment ${line} has no valid #EXTINF`);
      const previous = segments[segments.length - 1];
      const derivedMs =
        previous?.programDateTimeMs === undefined
          ? undefined
          : previous.programDateTimeMs + previous.durationSeconds * 1000;
      segments.push({
        sequence,
        uri: line,
        durationSeconds: duration,
        programDateTimeMs: pendingDateMs ?? derivedMs,
      });
      sequence += 1;
      duration = undefined;
      pendingDateMs = undefined;
    }
  }
  return segments;
}

/**
 * Every segment seen in successive reads of one live media playlist, by
 * sequence number. A live playlist lists only the latest segments, so
 * reading it more often than once per segment length keeps all of them.
 */
export class SegmentHistory {
  private readonly segments = new Map<number, SegmentTiming>();

  /** Adds the segments of one playlist read; a sequence number seen before keeps its first timing. */
  record(segments: readonly SegmentTiming[]): void {
    for (const segment of segments) {
      if (!this.segments.has(segment.sequence))
        this.segments.set(segment.sequence, segment);
    }
  }

  get(sequence: number): SegmentTiming | undefined {
    return this.segments.get(sequence);
  }

  get size(): number {
    return this.segments.size;
  }

  /** The lowest sequence number recorded, or undefined when empty. */
  get firstSequence(): number | undefined {
    return this.segments.size === 0
      ? undefined
      : Math.min(...this.segments.keys());
  }
}

/**
 * Returns the program date time, in milliseconds since the epoch, of the
 * frame at `mediaTimeSeconds` after the first frame of segment
 * `firstSequence`: the date of the segment containing it, plus the frame's
 * offset into that segment. Segment starts are the sums of the `#EXTINF`
 * durations before them. Throws when a segment up to the frame is missing
 * from the history or has no program date time.
 */
export function frameProgramDateTimeMs(
  history: SegmentHistory,
  firstSequence: number,
  mediaTimeSeconds: number,
): number {
  if (!(Number.isFinite(mediaTimeSeconds) && mediaTimeSeconds >= 0)) {
    throw new RangeError(
      `mediaTimeSeconds must be a number of at least 0; received ${mediaTimeSeconds}`,
    );
  }
  let segmentStartSeconds = 0;
  for (let sequence = firstSequence; ; sequence += 1) {
    const segment = history.get(sequence);
    if (segment === undefined) {
      throw new Error(
        `segment ${sequence} is missing from the playlist history, so the frame at ${mediaTimeSeconds} s has no date`,
      );
    }
    if (mediaTimeSeconds < segmentStartSeconds + segment.durationSeconds) {
      if (segment.programDateTimeMs === undefined) {
        throw new Error(`segment ${sequence} has no EXT-X-PROGRAM-DATE-TIME`);
      }
      return (
        segment.programDateTimeMs +
        (mediaTimeSeconds - segmentStartSeconds) * 1000
      );
    }
    segmentStartSeconds += segment.durationSeconds;
  }
}

/**
 * Returns how far a shown frame is behind real time, in seconds: the
 * viewer's clock when it was shown minus the frame's program date time.
 * It includes encoding, segmenting, delivery and the player's buffer.
 */
export function liveLatencySeconds(
  shownAtMs: number,
  frameProgramDateTime: number,
): number {
  return (shownAtMs - frameProgramDateTime) / 1000;
}
