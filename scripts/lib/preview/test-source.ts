import type { Config } from "../../../stacks/config/schema";
import {
  frameRateFraction,
  framesPerSegment,
  gopFrames,
} from "../../../stacks/media/ladder";
import { rtmpPushUrl } from "./ingest";
import {
  superviseProcess,
  type Log,
  type SupervisedProcess,
} from "./supervised-process";

/**
 * Returns ffmpeg's arguments for the test source. It reads a moving test
 * pattern (the size of the largest rendition, at the configured frame rate)
 * and a 1 kHz tone that beeps once a second in real time. It pushes them as
 * H.264 and AAC in FLV to the push URL, as an encoder such as OBS does.
 */
export function testSourceArguments(
  config: Config,
  rtmpPort: number,
): string[] {
  const { renditions } = config.media;
  const largest = renditions.reduce((best, r) =>
    r.width * r.height > best.width * best.height ? r : best,
  );
  const rate = frameRateFraction(config.media.framerate);
  const gop = gopFrames(
    framesPerSegment(config.media.segmentLengthSeconds, rate),
    rate,
  );
  // Twice the top rendition's bitrate, so that the transcode loses little to a second encode.
  const videoBitrate = String(2 * largest.videoBitrate);
  return [
    "-hide_banner",
    "-nostdin",
    "-nostats",
    "-loglevel",
    "warning",
    "-re",
    "-f",
    "lavfi",
    "-i",
    `testsrc2=size=${largest.width}x${largest.height}:rate=${rate.numerator}/${rate.denominator}`,
    "-re",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=1000:beep_factor=4:sample_rate=48000",
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-tune",
    "zerolatency",
    "-pix_fmt",
    "yuv420p",
    "-b:v",
    videoBitrate,
    "-maxrate",
    videoBitrate,
    "-bufsize",
    videoBitrate,
    "-g",
    String(gop),
    "-c:a",
    "aac",
    "-b:a",
    "128000",
    "-ac",
    "2",
    "-ar",
    "48000",
    "-f",
    "flv",
    rtmpPushUrl(config.media, rtmpPort),
  ];
}

export interface TestSourceOptions {
  readonly config: Config;
  readonly rtmpPort: number;
  readonly log: Log;
  /** @default false */
  readonly verbose?: boolean;
  /** @default "ffmpeg" from PATH */
  readonly ffmpegPath?: string;
}

/**
 * Starts the test source one second after the call, so that the ingest
 * listens by then, and restarts it after every exit, as an encoder
 * reconnects: a push the ingest refused is retried with backoff.
 */
export function startTestSource(options: TestSourceOptions): SupervisedProcess {
  return superviseProcess({
    name: "test source",
    command: options.ffmpegPath ?? "ffmpeg",
    args: () => testSourceArguments(options.config, options.rtmpPort),
    log: options.log,
    restart: { initialDelayMs: 1_000, restartDelayMs: 1_000 },
    onOutputLine: options.verbose
      ? (line) => options.log(`test source: ${line}`)
      : undefined,
  });
}
