import {
  framesPerSegment,
  frameRateFraction,
  INPUT_RESOLUTION_LIMITS,
  levelFor,
  MAXIMUM_INPUT_BITRATES,
  segmentBytes,
  SEGMENT_SIZE_LIMIT_BYTES,
} from "../media/ladder";
import type { ConfigProblem } from "./errors";
import { ruleMessage, type Config } from "./schema";

/** Formats bytes as megabytes (1 MB = 1024 x 1024 bytes) with one decimal. */
function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * Checks the rules MediaLive and API Gateway enforce on the channel class
 * and the ladder, which would otherwise fail at apply time or at playback.
 */
export function checkMedia(config: Config): ConfigProblem[] {
  return [
    ...checkZones(config),
    ...checkTiming(config),
    ...checkRenditions(config),
  ];
}

/**
 * Rejects a VPC with fewer than two availability zones. An RTMP input
 * inside a VPC takes two subnets in two zones, as MediaLive's "Request
 * setup on the VPC" for RTMP inputs states and the provider enforces, and
 * a STANDARD channel runs one pipeline in each.
 */
function checkZones(config: Config): ConfigProblem[] {
  const zones = config.network.availabilityZones;
  if (zones >= 2) return [];
  const reason =
    config.media.channelClass === "STANDARD"
      ? "is too few for a STANDARD channel, which runs two pipelines in two availability zones"
      : "is too few for the MediaLive RTMP input, which needs subnets in two availability zones even for a SINGLE_PIPELINE channel";
  return [
    {
      path: "network.availabilityZones",
      value: zones,
      message: ruleMessage(
        reason,
        "set network.availabilityZones to 2 or more",
      ),
    },
  ];
}

/**
 * Rejects a frame rate at which a segment is not a whole number of frames,
 * because every segment must start on an IDR frame.
 */
function checkTiming(config: Config): ConfigProblem[] {
  const { framerate, segmentLengthSeconds } = config.media;
  const frames = framesPerSegment(
    segmentLengthSeconds,
    frameRateFraction(framerate),
  );
  if (Number.isInteger(frames)) return [];
  return [
    {
      path: "media.framerate",
      value: framerate,
      message: ruleMessage(
        `gives ${frames.toFixed(2)} frames per ${segmentLengthSeconds} s segment, but every segment must hold a whole number of frames so that it starts on an IDR frame`,
        `set media.framerate to a whole number such as ${Math.round(framerate)}, to which MediaLive converts the source`,
      ),
    },
  ];
}

function checkRenditions(config: Config): ConfigProblem[] {
  const { media } = config;
  const problems: ConfigProblem[] = [];
  const limit = INPUT_RESOLUTION_LIMITS[media.inputResolution];
  const inputBitrate = MAXIMUM_INPUT_BITRATES[media.maximumInputBitrate];
  const rate = frameRateFraction(media.framerate);
  const framesPerSecond = rate.numerator / rate.denominator;
  const firstIndexByName = new Map<string, number>();

  media.renditions.forEach((rendition, index) => {
    const at = `media.renditions[${index}]`;
    const size = `${rendition.width}x${rendition.height}`;

    const first = firstIndexByName.get(rendition.name);
    if (first !== undefined) {
      problems.push({
        path: `${at}.name`,
        value: rendition.name,
        message: ruleMessage(
          `duplicates media.renditions[${first}].name, but each name becomes an HLS name modifier, so two renditions would write the same files`,
          "give every rendition a distinct name",
        ),
      });
    } else {
      firstIndexByName.set(rendition.name, index);
    }

    if (rendition.width > limit.width || rendition.height > limit.height) {
      problems.push({
        path: at,
        value: size,
        message: ruleMessage(
          `is larger than the ${media.inputResolution} input class allows (at most ${limit.width}x${limit.height}), so the channel would upscale`,
          `lower the rendition's width and height, or set media.inputResolution to the class the encoder sends`,
        ),
      });
    }

    if (rendition.videoBitrate >= inputBitrate) {
      problems.push({
        path: `${at}.videoBitrate`,
        value: rendition.videoBitrate,
        message: ruleMessage(
          `must be below the ${inputBitrate} bit/s input maximum (media.maximumInputBitrate ${media.maximumInputBitrate}), because a rendition cannot carry more than the source`,
          `lower videoBitrate below ${inputBitrate}, or raise media.maximumInputBitrate`,
        ),
      });
    }

    const level = levelFor(rendition.width, rendition.height, framesPerSecond);
    if (!level) {
      problems.push({
        path: at,
        value: size,
        message: ruleMessage(
          `at ${media.framerate} fps exceeds every H.264 level up to 5.2`,
          "lower the resolution or media.framerate",
        ),
      });
    } else if (rendition.videoBitrate > level.maxHighProfileBitrate) {
      problems.push({
        path: `${at}.videoBitrate`,
        value: rendition.videoBitrate,
        message: ruleMessage(
          `exceeds ${level.maxHighProfileBitrate} bit/s, the High-profile maximum of H.264 level ${level.name}, which the channel uses for ${size} at ${media.framerate} fps`,
          `lower videoBitrate to at most ${level.maxHighProfileBitrate}`,
        ),
      });
    }
  });

  problems.push(...checkSegmentSize(config));
  return problems;
}

/** Rejects segments too large for API Gateway, which returns at most 10 MB per response. */
function checkSegmentSize(config: Config): ConfigProblem[] {
  const { renditions, segmentLengthSeconds } = config.media;
  if (renditions.length === 0) return [];
  const largest = renditions.reduce((max, rendition) =>
    segmentBytes(rendition, segmentLengthSeconds) >
    segmentBytes(max, segmentLengthSeconds)
      ? rendition
      : max,
  );
  const bytes = segmentBytes(largest, segmentLengthSeconds);
  if (bytes <= SEGMENT_SIZE_LIMIT_BYTES) return [];
  const bitrate = largest.videoBitrate + largest.audioBitrate;
  const longestSegment = Math.floor((SEGMENT_SIZE_LIMIT_BYTES * 8) / bitrate);
  const fix =
    longestSegment >= 1
      ? `set media.segmentLengthSeconds to at most ${longestSegment}, or lower the bitrates of "${largest.name}"`
      : `lower the bitrates of "${largest.name}"`;
  return [
    {
      path: "media.segmentLengthSeconds",
      value: segmentLengthSeconds,
      message: ruleMessage(
        `makes segments of "${largest.name}" about ${megabytes(bytes)} (${bitrate} bit/s x ${segmentLengthSeconds} s), above the ${megabytes(SEGMENT_SIZE_LIMIT_BYTES)} allowed, half of API Gateway's 10 MB response limit`,
        fix,
      ),
    },
  ];
}
