import { parseConfig } from "../../stacks/config/load";
import type { Rendition } from "../../stacks/config/schema";
import {
  frameRateFraction,
  gopFrames,
  levelFor,
  planLadder,
} from "../../stacks/media/ladder";
import { problemsOf } from "../support/config-problems";

/** Returns a valid 720p rendition with the given fields replaced. */
function rendition(overrides: Partial<Rendition> = {}): Rendition {
  return {
    name: "720p",
    width: 1280,
    height: 720,
    videoBitrate: 3_000_000,
    audioBitrate: 128_000,
    ...overrides,
  };
}

const sevenRenditions = [1, 2, 3, 4, 5, 6, 7].map((index) =>
  rendition({ name: `r${index}` }),
);

describe("media rules", () => {
  test.each<[string, unknown, string]>([
    [
      "empty ladder",
      { media: { renditions: [] } },
      'media.renditions: received []; must list at least 1 rendition. Fix: add a rendition such as { "name": "720p", "width": 1280, "height": 720, "videoBitrate": 3000000, "audioBitrate": 128000 }',
    ],
    [
      "seven renditions",
      { media: { renditions: sevenRenditions } },
      'media.renditions: received [{"name":"r1","width":1280,"height":720,"videoBitrate":3000000,"audioBitrate"...; must list at most 6 renditions, because each one is a full encode in the channel. Fix: remove renditions until at most 6 remain',
    ],
    [
      "duplicate rendition name",
      {
        media: {
          renditions: [rendition(), rendition({ videoBitrate: 2_000_000 })],
        },
      },
      'media.renditions[1].name: received "720p"; duplicates media.renditions[0].name, but each name becomes an HLS name modifier, so two renditions would write the same files. Fix: give every rendition a distinct name',
    ],
    [
      "odd width",
      { media: { renditions: [rendition({ width: 1279 })] } },
      "media.renditions[0].width: received 1279; must be even, because H.264 4:2:0 video has half-resolution chroma. Fix: set width to an even number such as 1280",
    ],
    [
      "odd height",
      { media: { renditions: [rendition({ height: 721 })] } },
      "media.renditions[0].height: received 721; must be even, because H.264 4:2:0 video has half-resolution chroma. Fix: set height to an even number such as 720",
    ],
    [
      "rendition above HD input",
      {
        media: {
          renditions: [rendition({ name: "1440p", width: 2560, height: 1440 })],
        },
      },
      'media.renditions[0]: received "2560x1440"; is larger than the HD input class allows (at most 1920x1080), so the channel would upscale. Fix: lower the rendition\'s width and height, or set media.inputResolution to the class the encoder sends',
    ],
    [
      "rendition above SD input",
      { media: { inputResolution: "SD", renditions: [rendition()] } },
      'media.renditions[0]: received "1280x720"; is larger than the SD input class allows (at most 1024x576), so the channel would upscale. Fix: lower the rendition\'s width and height, or set media.inputResolution to the class the encoder sends',
    ],
    [
      "bitrate above H.264 level",
      {
        media: {
          maximumInputBitrate: "MAX_20_MBPS",
          renditions: [
            rendition({
              name: "480p",
              width: 854,
              height: 480,
              videoBitrate: 18_000_000,
            }),
          ],
        },
      },
      "media.renditions[0].videoBitrate: received 18000000; exceeds 17500000 bit/s, the High-profile maximum of H.264 level 3.1, which the channel uses for 854x480 at 30 fps. Fix: lower videoBitrate to at most 17500000",
    ],
    [
      "bitrate at input maximum",
      {
        media: {
          renditions: [
            rendition({
              name: "1080p",
              width: 1920,
              height: 1080,
              videoBitrate: 10_000_000,
            }),
          ],
        },
      },
      "media.renditions[0].videoBitrate: received 10000000; must be below the 10000000 bit/s input maximum (media.maximumInputBitrate MAX_10_MBPS), because a rendition cannot carry more than the source. Fix: lower videoBitrate below 10000000, or raise media.maximumInputBitrate",
    ],
    [
      "video bitrate too low",
      { media: { renditions: [rendition({ videoBitrate: 50_000 })] } },
      "media.renditions[0].videoBitrate: received 50000; must be at least 100000 bit/s. Fix: set videoBitrate in bits per second, for example 3000000 for 3 Mbit/s",
    ],
    [
      "audio bitrate too low",
      { media: { renditions: [rendition({ audioBitrate: 16_000 })] } },
      "media.renditions[0].audioBitrate: received 16000; must be at least 32000 bit/s for AAC-LC stereo. Fix: set audioBitrate to 32000-320000, for example 128000",
    ],
    [
      "audio bitrate too high",
      { media: { renditions: [rendition({ audioBitrate: 384_000 })] } },
      "media.renditions[0].audioBitrate: received 384000; must be at most 320000 bit/s for AAC-LC stereo. Fix: set audioBitrate to 32000-320000, for example 128000",
    ],
    [
      "NTSC frame rate",
      { media: { framerate: 29.97 } },
      "media.framerate: received 29.97; gives 59.94 frames per 2 s segment, but every segment must hold a whole number of frames so that it starts on an IDR frame. Fix: set media.framerate to a whole number such as 30, to which MediaLive converts the source",
    ],
    [
      "zero frame rate",
      { media: { framerate: 0 } },
      "media.framerate: received 0; must be a whole number of frames per second from 1 to 60, or one of 23.976, 29.97, 59.94. Fix: set media.framerate, for example 30",
    ],
    [
      "fractional frame rate",
      { media: { framerate: 12.5 } },
      "media.framerate: received 12.5; must be a whole number of frames per second from 1 to 60, or one of 23.976, 29.97, 59.94. Fix: set media.framerate, for example 30",
    ],
    [
      "frame rate from source",
      { media: { framerate: "source" } },
      'media.framerate: received "source"; must be a number of frames per second. Fix: set media.framerate, for example 30',
    ],
    [
      "zero segment length",
      { media: { segmentLengthSeconds: 0 } },
      "media.segmentLengthSeconds: received 0; must be at least 1 second. Fix: set media.segmentLengthSeconds to 1-10, for example 2",
    ],
    [
      "segment length over 10",
      { media: { segmentLengthSeconds: 11 } },
      "media.segmentLengthSeconds: received 11; must be at most 10 seconds, or live latency and segment size grow too large. Fix: set media.segmentLengthSeconds to 1-10, for example 2",
    ],
    [
      "fractional segment length",
      { media: { segmentLengthSeconds: 2.5 } },
      "media.segmentLengthSeconds: received 2.5; must be a whole number of seconds, the unit of MediaLive's HLS segment length. Fix: set media.segmentLengthSeconds to 1-10, for example 2",
    ],
    [
      "segment too large for API Gateway",
      {
        media: {
          segmentLengthSeconds: 10,
          maximumInputBitrate: "MAX_50_MBPS",
          renditions: [
            rendition({
              name: "1080p",
              width: 1920,
              height: 1080,
              videoBitrate: 20_000_000,
            }),
          ],
        },
      },
      'media.segmentLengthSeconds: received 10; makes segments of "1080p" about 24.0 MB (20128000 bit/s x 10 s), above the 5.0 MB allowed, half of API Gateway\'s 10 MB response limit. Fix: set media.segmentLengthSeconds to at most 2, or lower the bitrates of "1080p"',
    ],
    [
      "STANDARD in one zone",
      {
        network: { availabilityZones: 1 },
        media: { channelClass: "STANDARD" },
      },
      "network.availabilityZones: received 1; is too few for a STANDARD channel, which runs two pipelines in two availability zones. Fix: set network.availabilityZones to 2 or more",
    ],
    [
      "SINGLE_PIPELINE in one zone",
      { network: { availabilityZones: 1 } },
      "network.availabilityZones: received 1; is too few for the MediaLive RTMP input, which needs subnets in two availability zones even for a SINGLE_PIPELINE channel. Fix: set network.availabilityZones to 2 or more",
    ],
    [
      "unknown channel class",
      { media: { channelClass: "DUAL" } },
      'media.channelClass: received "DUAL"; must be "SINGLE_PIPELINE" or "STANDARD". Fix: set media.channelClass to one of them',
    ],
    [
      "public canned ACL",
      { media: { s3CannedAcl: "public-read" } },
      'media.s3CannedAcl: received "public-read"; must be "BUCKET_OWNER_FULL_CONTROL", the only ACL a bucket that enforces owner ownership accepts. Fix: set it to that value or remove media.s3CannedAcl',
    ],
    [
      "zero throttle rate",
      { api: { throttleRateLimit: 0 } },
      "api.throttleRateLimit: received 0; must be from 1 to 10000 requests per second, because API Gateway's default account throttle stops requests above 10000 per second. Fix: set api.throttleRateLimit to 1-10000, for example 500",
    ],
    [
      "fractional burst limit",
      { api: { throttleBurstLimit: 1.5 } },
      "api.throttleBurstLimit: received 1.5; must be a whole number of requests. Fix: set api.throttleBurstLimit, for example 1000",
    ],
  ])("rejects %s", (_title, raw, message) => {
    expect(problemsOf(raw)).toEqual([message]);
  });

  test("defaults pass every rule", () => {
    const config = parseConfig({});
    expect(config.media.channelClass).toBe("SINGLE_PIPELINE");
    expect(config.media.segmentLengthSeconds).toBe(2);
    expect(config.media.framerate).toBe(30);
    expect(config.media.renditions.map((each) => each.name)).toEqual([
      "1080p",
      "720p",
      "480p",
    ]);
    expect(config.media.startChannel).toBe(false);
    expect(config.media.logLevel).toBe("ERROR");
    expect(config.api).toEqual({
      stageName: "watch",
      throttleRateLimit: 500,
      throttleBurstLimit: 1000,
      manageAccountLoggingRole: true,
    });
  });

  test("rules report every problem at once", () => {
    const problems = problemsOf({
      network: { availabilityZones: 1 },
      media: { framerate: 29.97, renditions: [rendition(), rendition()] },
    });
    expect(problems.map((line) => line.slice(0, line.indexOf(":")))).toEqual([
      "network.availabilityZones",
      "media.framerate",
      "media.renditions[1].name",
    ]);
  });
});

describe("ladder arithmetic", () => {
  test.each<[number, number, number]>([
    [1, 30, 30],
    [2, 30, 60],
    [3, 30, 45],
    [5, 30, 50],
    [6, 25, 50],
    [7, 30, 42],
    [10, 60, 120],
  ])("GOP divides a %i s segment at %i fps", (seconds, framerate, expected) => {
    const rate = frameRateFraction(framerate);
    const segmentFrames = seconds * framerate;
    const gop = gopFrames(segmentFrames, rate);
    expect(gop).toBe(expected);
    expect(segmentFrames % gop).toBe(0);
    expect(gop).toBeLessThanOrEqual(2 * framerate);
  });

  test.each<[number, number, number, string]>([
    [1920, 1080, 30, "4"],
    [1920, 1080, 60, "4.2"],
    [1280, 720, 30, "3.1"],
    [1280, 720, 60, "3.2"],
    [854, 480, 30, "3.1"],
    [640, 360, 30, "3"],
    [3840, 2160, 30, "5.1"],
  ])("level of %ix%i at %i fps is %s", (width, height, framerate, level) => {
    expect(levelFor(width, height, framerate)?.name).toBe(level);
  });

  test("NTSC rates become n/1001", () => {
    expect(frameRateFraction(29.97)).toEqual({
      numerator: 30_000,
      denominator: 1001,
    });
    expect(frameRateFraction(59.94)).toEqual({
      numerator: 60_000,
      denominator: 1001,
    });
    expect(frameRateFraction(23.976)).toEqual({
      numerator: 24_000,
      denominator: 1001,
    });
  });

  test("plan throws on unvalidated timing", () => {
    const config = parseConfig({});
    expect(() => planLadder({ ...config.media, framerate: 29.97 })).toThrow(
      "is not a whole number of frames",
    );
  });
});
