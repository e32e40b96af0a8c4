import type { Config, Rendition } from "../config/schema";

/**
 * The arithmetic behind the adaptive-bitrate ladder: frame rates as
 * fractions, GOP and segment lengths in frames, H.264 levels and segment
 * sizes. It has no cdktf dependency, so the config rules and the channel
 * use the same numbers.
 */

/** One row of the H.264 level limits (ITU-T H.264 Annex A, Table A-1). */
export interface H264Level {
  /** Level as written in the standard, such as "3.1". */
  readonly name: string;
  /** MediaLive's enum value for the level, such as "H264_LEVEL_3_1". */
  readonly mediaLiveLevel: string;
  /** Maximum macroblock processing rate (MaxMBPS), in macroblocks per second. */
  readonly maxMacroblocksPerSecond: number;
  /** Maximum frame size (MaxFS), in macroblocks. */
  readonly maxFrameMacroblocks: number;
  /** Maximum video bitrate of the High profile, in bits per second. */
  readonly maxHighProfileBitrate: number;
}

/**
 * Rows of Table A-1: level, MaxMBPS, MaxFS, and MaxBR in units of 1000
 * bit/s for the Main profile. The High profile allows 1.25 times that
 * bitrate (cpbBrVclFactor 1250 instead of 1000, Table A-2). The values are
 * those of the "Levels" table in the Advanced Video Coding article. Level
 * 1b is left out because MediaLive has no enum value for it.
 */
const LEVEL_ROWS: ReadonlyArray<[string, number, number, number]> = [
  ["1", 1_485, 99, 64],
  ["1.1", 3_000, 396, 192],
  ["1.2", 6_000, 396, 384],
  ["1.3", 11_880, 396, 768],
  ["2", 11_880, 396, 2_000],
  ["2.1", 19_800, 792, 4_000],
  ["2.2", 20_250, 1_620, 4_000],
  ["3", 40_500, 1_620, 10_000],
  ["3.1", 108_000, 3_600, 14_000],
  ["3.2", 216_000, 5_120, 20_000],
  ["4", 245_760, 8_192, 20_000],
  ["4.1", 245_760, 8_192, 50_000],
  ["4.2", 522_240, 8_704, 50_000],
  ["5", 589_824, 22_080, 135_000],
  ["5.1", 983_040, 36_864, 240_000],
  ["5.2", 2_073_600, 36_864, 240_000],
];

export const H264_LEVELS: readonly H264Level[] = LEVEL_ROWS.map(
  ([name, mbps, frameSize, mainKbps]) => ({
    name,
    mediaLiveLevel: `H264_LEVEL_${name.replace(".", "_")}`,
    maxMacroblocksPerSecond: mbps,
    maxFrameMacroblocks: frameSize,
    maxHighProfileBitrate: mainKbps * 1_250,
  }),
);

/** Largest frame a rendition may have for each MediaLive input resolution class, in pixels. */
export const INPUT_RESOLUTION_LIMITS: Readonly<
  Record<Config["media"]["inputResolution"], { width: number; height: number }>
> = {
  SD: { width: 1024, height: 576 },
  HD: { width: 1920, height: 1080 },
  UHD: { width: 3840, height: 2160 },
};

/** Bitrate of each MediaLive maximum-input-bitrate tier, in bits per second. */
export const MAXIMUM_INPUT_BITRATES: Readonly<
  Record<Config["media"]["maximumInputBitrate"], number>
> = {
  MAX_10_MBPS: 10_000_000,
  MAX_20_MBPS: 20_000_000,
  MAX_50_MBPS: 50_000_000,
};

/**
 * API Gateway REST APIs return at most 10 MB per response ("Payload size"
 * in the API Gateway REST API quotas).
 */
export const API_GATEWAY_PAYLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/**
 * Largest accepted estimate of one segment: half the API Gateway limit,
 * because the estimate leaves out MPEG-TS packet overhead and the constant
 * bitrate encoder may overshoot its average within one segment.
 */
export const SEGMENT_SIZE_LIMIT_BYTES = API_GATEWAY_PAYLOAD_LIMIT_BYTES / 2;

/** Longest GOP the ladder uses, in seconds: a key frame at least every 2 s keeps switching and joining quick. */
export const MAX_GOP_SECONDS = 2;

/** Frame rate as MediaLive takes it: numerator over denominator. */
export interface FrameRate {
  readonly numerator: number;
  readonly denominator: number;
}

/** Returns 30 as 30/1 and the NTSC rates 23.976, 29.97 and 59.94 as n/1001. */
export function frameRateFraction(framerate: number): FrameRate {
  if (Number.isInteger(framerate))
    return { numerator: framerate, denominator: 1 };
  return { numerator: Math.round(framerate * 1.001) * 1000, denominator: 1001 };
}

/** Number of frames in one segment; a fraction when the frame rate does not divide evenly. */
export function framesPerSegment(
  segmentLengthSeconds: number,
  rate: FrameRate,
): number {
  return (segmentLengthSeconds * rate.numerator) / rate.denominator;
}

/**
 * Returns the GOP length in frames: the largest divisor of the segment's
 * frame count that is at most MAX_GOP_SECONDS long. Each segment then
 * contains a whole number of closed GOPs and starts on an IDR frame. The
 * frame rate itself always divides the segment's frame count, so the GOP
 * is never shorter than one second.
 */
export function gopFrames(segmentFrames: number, rate: FrameRate): number {
  const longest = Math.floor(
    (MAX_GOP_SECONDS * rate.numerator) / rate.denominator,
  );
  for (let frames = Math.min(longest, segmentFrames); frames > 1; frames -= 1) {
    if (segmentFrames % frames === 0) return frames;
  }
  return 1;
}

/** Number of 16x16 macroblocks in one frame. */
export function frameMacroblocks(width: number, height: number): number {
  return Math.ceil(width / 16) * Math.ceil(height / 16);
}

/**
 * Returns the lowest H.264 level whose frame-size and macroblock-rate limits
 * admit the frame size at the frame rate, or undefined when none does. The
 * channel encodes each rendition at this level, so that the widest range
 * of decoders plays it, and its bitrate must fit the level.
 */
export function levelFor(
  width: number,
  height: number,
  framesPerSecond: number,
): H264Level | undefined {
  const macroblocks = frameMacroblocks(width, height);
  return H264_LEVELS.find(
    (level) =>
      macroblocks <= level.maxFrameMacroblocks &&
      macroblocks * framesPerSecond <= level.maxMacroblocksPerSecond,
  );
}

/** Estimated size of one segment of a rendition, in bytes. */
export function segmentBytes(
  rendition: Rendition,
  segmentLengthSeconds: number,
): number {
  return (
    ((rendition.videoBitrate + rendition.audioBitrate) * segmentLengthSeconds) /
    8
  );
}

/** A rendition with the encoder numbers the channel needs. */
export interface PlannedRendition extends Rendition {
  readonly level: H264Level;
}

/** Every number the channel's encoder settings take from the ladder. */
export interface LadderPlan {
  readonly frameRate: FrameRate;
  readonly segmentLengthSeconds: number;
  readonly segmentFrames: number;
  readonly gopFrames: number;
  readonly renditions: readonly PlannedRendition[];
}

/**
 * Plans the ladder of an already validated configuration. Throws when a
 * rule that the config validation enforces does not hold, which means the
 * caller skipped validation.
 */
export function planLadder(media: Config["media"]): LadderPlan {
  const frameRate = frameRateFraction(media.framerate);
  const segmentFrames = framesPerSegment(media.segmentLengthSeconds, frameRate);
  if (!Number.isInteger(segmentFrames)) {
    throw new Error(
      `planLadder: ${media.segmentLengthSeconds} s at ${media.framerate} fps is not a whole number of frames`,
    );
  }
  const renditions = media.renditions.map((rendition) => {
    const level = levelFor(
      rendition.width,
      rendition.height,
      frameRate.numerator / frameRate.denominator,
    );
    if (!level)
      throw new Error(
        `planLadder: no H.264 level admits rendition ${rendition.name}`,
      );
    return { ...rendition, level };
  });
  return {
    frameRate,
    segmentLengthSeconds: media.segmentLengthSeconds,
    segmentFrames,
    gopFrames: gopFrames(segmentFrames, frameRate),
    renditions,
  };
}
