import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Config, Rendition } from "../../stacks/config/schema";
import {
  frameRateFraction,
  framesPerSegment,
  gopFrames,
} from "../../stacks/media/ladder";

/**
 * Source of the encoder: a synthetic test pattern and tone, or a live
 * stream at a URL. With `listen`, ffmpeg itself is the RTMP server for an
 * `rtmp://` URL and waits for one publisher (`-listen 1`). With
 * `readTimeoutSeconds`, ffmpeg ends the input when no data arrives for that
 * long once connected (`-rw_timeout`); the wait for a publisher has no limit.
 */
export type HlsEncoderInput =
  | { readonly kind: "test-source" }
  | {
      readonly kind: "url";
      readonly url: string;
      readonly listen?: boolean;
      readonly readTimeoutSeconds?: number;
    };

/** Settings of the local encoder; `hlsEncoderOptions` derives them from a Config. */
export interface HlsEncoderOptions {
  /** Channel folder: receives `index.m3u8`, `index_<rendition>.m3u8` and the segments. Created if missing. */
  readonly outputDir: string;
  /** @default { kind: "test-source" } */
  readonly input?: HlsEncoderInput;
  /**
   * Continue the playlists a previous run left in `outputDir`: keep their
   * segments and numbering, and mark the first new segment with
   * `#EXT-X-DISCONTINUITY`. @default false
   */
  readonly appendToPlaylists?: boolean;
  /** Never write `#EXT-X-ENDLIST`, so players keep waiting for segments after ffmpeg exits. @default false */
  readonly omitEndList?: boolean;
  readonly renditions: readonly Rendition[];
  /** Frames per second; 29.97 and the other NTSC rates are encoded as n/1001. */
  readonly framerate: number;
  readonly segmentLengthSeconds: number;
  /** Segments listed in each variant playlist; older ones are deleted. @default 6 */
  readonly playlistSize?: number;
  /**
   * Seconds after which ffmpeg stops by itself, so that a test runner that
   * dies without calling stop() leaves no encoder behind. `Infinity` runs
   * until the input ends or ffmpeg is stopped. @default 300
   */
  readonly maxDurationSeconds?: number;
  /** x264 preset; "ultrafast" keeps several renditions real-time on two cores. @default "ultrafast" */
  readonly preset?: string;
  /** @default "ffmpeg" from PATH */
  readonly ffmpegPath?: string;
}

export interface HlsEncoder {
  /** Path of the master playlist, `<outputDir>/index.m3u8`. */
  readonly masterPlaylistPath: string;
  /** Process id of ffmpeg. */
  readonly pid: number | undefined;
  /**
   * Resolves once the master playlist and every variant playlist exist and
   * each variant lists at least `segments` segments. Rejects with ffmpeg's
   * last output lines when ffmpeg exits first, or after `timeoutMs`.
   */
  waitForSegments(segments: number, timeoutMs: number): Promise<void>;
  /** Stops ffmpeg (SIGTERM, then SIGKILL after 5 s) and resolves once it has exited. */
  stop(): Promise<void>;
}

/** Master playlist name, as MediaLive writes it for the destination `.../index`. */
export const MASTER_PLAYLIST_NAME = "index.m3u8";

/** Returns the variant playlist name MediaLive uses: `index_<rendition>.m3u8`. */
export function variantPlaylistName(rendition: Rendition): string {
  return `index_${rendition.name}.m3u8`;
}

/** Takes the ladder, frame rate and segment length of a Config. */
export function hlsEncoderOptions(
  config: Config,
  outputDir: string,
  overrides: Partial<HlsEncoderOptions> = {},
): HlsEncoderOptions {
  return {
    outputDir,
    renditions: config.media.renditions,
    framerate: config.media.framerate,
    segmentLengthSeconds: config.media.segmentLengthSeconds,
    ...overrides,
  };
}

/**
 * Returns ffmpeg's arguments: the input (by default a synthetic test
 * pattern and a 1 kHz tone, read in real time), scaled to every rendition
 * and written as live HLS in the layout MediaLive uses. Every rendition gets
 * the same GOP as the MediaLive channel (see `gopFrames`) with scene-cut key
 * frames off, so key frames line up across renditions and each segment
 * starts on one. A URL input is first converted to the configured frame
 * rate, because the GOP is counted in frames.
 */
export function ffmpegArguments(options: HlsEncoderOptions): string[] {
  const { renditions, segmentLengthSeconds, outputDir } = options;
  if (renditions.length === 0)
    throw new Error("the HLS encoder needs at least one rendition");
  const input = options.input ?? { kind: "test-source" };
  const rate = frameRateFraction(options.framerate);
  const rateText = `${rate.numerator}/${rate.denominator}`;
  const gop = gopFrames(framesPerSegment(segmentLengthSeconds, rate), rate);
  const largest = renditions.reduce((best, r) =>
    r.width * r.height > best.width * best.height ? r : best,
  );

  const inputArguments =
    input.kind === "test-source"
      ? [
          "-re",
          "-f",
          "lavfi",
          "-i",
          `testsrc2=size=${largest.width}x${largest.height}:rate=${rateText}`,
          "-re",
          "-f",
          "lavfi",
          "-i",
          "sine=frequency=1000:sample_rate=48000",
        ]
      : [
          ...(input.readTimeoutSeconds === undefined
            ? []
            : ["-rw_timeout", String(input.readTimeoutSeconds * 1_000_000)]),
          ...(input.listen ? ["-listen", "1"] : []),
          "-i",
          input.url,
        ];
  const audioInput = input.kind === "test-source" ? "1:a" : "0:a";
  const frameRateFilter =
    input.kind === "test-source" ? "" : `fps=${rateText},`;

  const splits = renditions.map((_, index) => `[split${index}]`).join("");
  const scales = renditions.map(
    (r, index) => `[split${index}]scale=${r.width}:${r.height}[video${index}]`,
  );
  const filter = [
    `[0:v]${frameRateFilter}format=yuv420p,split=${renditions.length}${splits}`,
    ...scales,
  ].join(";");

  const perRendition = renditions.flatMap((r, index) => [
    "-map",
    `[video${index}]`,
    "-map",
    audioInput,
    `-b:v:${index}`,
    String(r.videoBitrate),
    `-maxrate:v:${index}`,
    String(r.videoBitrate),
    `-bufsize:v:${index}`,
    String(2 * r.videoBitrate),
    `-b:a:${index}`,
    String(r.audioBitrate),
  ]);
  const streamMap = renditions
    .map((r, index) => `v:${index},a:${index},name:${r.name}`)
    .join(" ");

  const hlsFlags = [
    "independent_segments",
    "program_date_time",
    "delete_segments",
    "temp_file",
  ];
  if (options.appendToPlaylists) hlsFlags.push("append_list");
  if (options.omitEndList) hlsFlags.push("omit_endlist");
  const maxDurationSeconds = options.maxDurationSeconds ?? 300;
  const durationLimit = Number.isFinite(maxDurationSeconds)
    ? ["-t", String(maxDurationSeconds)]
    : [];

  return [
    "-hide_banner",
    "-nostdin",
    "-nostats",
    "-loglevel",
    "warning",
    ...inputArguments,
    "-filter_complex",
    filter,
    ...perRendition,
    "-c:v",
    "libx264",
    "-preset",
    options.preset ?? "ultrafast",
    "-profile:v",
    "main",
    "-pix_fmt",
    "yuv420p",
    "-g",
    String(gop),
    "-keyint_min",
    String(gop),
    "-sc_threshold",
    "0",
    "-c:a",
    "aac",
    "-ac",
    "2",
    "-ar",
    "48000",
    ...durationLimit,
    "-f",
    "hls",
    "-hls_time",
    String(segmentLengthSeconds),
    "-hls_list_size",
    String(options.playlistSize ?? 6),
    "-hls_flags",
    hlsFlags.join("+"),
    "-hls_segment_type",
    "mpegts",
    "-start_number",
    "1",
    "-master_pl_name",
    MASTER_PLAYLIST_NAME,
    "-var_stream_map",
    streamMap,
    "-hls_segment_filename",
    join(outputDir, "index_%v_%05d.ts"),
    join(outputDir, "index_%v.m3u8"),
  ];
}

/** Lines of ffmpeg output kept for error messages. */
const OUTPUT_LINES_KEPT = 20;

/**
 * Starts ffmpeg encoding a live HLS stream into `outputDir`. ffmpeg is
 * killed when stop() is called, when the Node process exits, and in any
 * case after `maxDurationSeconds`.
 */
export function startHlsEncoder(options: HlsEncoderOptions): HlsEncoder {
  mkdirSync(options.outputDir, { recursive: true });
  const args = ffmpegArguments(options);
  const child = spawn(options.ffmpegPath ?? "ffmpeg", args, {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const output: string[] = [];
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    output.push(...chunk.split("\n").filter((line) => line.trim() !== ""));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  });

  let exitDescription: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("error", (error) => {
      exitDescription = `ffmpeg could not start: ${error.message}`;
      resolve();
    });
    child.once("exit", (code, signal) => {
      exitDescription = `ffmpeg exited with ${signal ?? `code ${code}`}`;
      resolve();
    });
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const failure = () =>
    new Error(
      `${exitDescription}${output.length > 0 ? `:\n${output.join("\n")}` : ""}`,
    );
  const masterPlaylistPath = join(options.outputDir, MASTER_PLAYLIST_NAME);
  const variantPaths = options.renditions.map((r) =>
    join(options.outputDir, variantPlaylistName(r)),
  );

  return {
    masterPlaylistPath,
    pid: child.pid,
    async waitForSegments(segments, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exitDescription !== undefined) throw failure();
        const ready =
          existsSync(masterPlaylistPath) &&
          variantPaths.every((path) => countSegments(path) >= segments);
        if (ready) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(
        `ffmpeg wrote fewer than ${segments} segments per rendition into ${options.outputDir} within ${timeoutMs} ms` +
          (output.length > 0 ? `; its last output:\n${output.join("\n")}` : ""),
      );
    },
    async stop() {
      process.removeListener("exit", killOnExit);
      await stopProcess(child, exited);
    },
  };
}

async function stopProcess(
  child: ChildProcess,
  exited: Promise<void>,
): Promise<void> {
  if (
    child.exitCode !== null ||
    child.signalCode !== null ||
    child.pid === undefined
  )
    return;
  child.kill("SIGTERM");
  let timer: NodeJS.Timeout | undefined;
  const gracePeriod = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), 5000);
  });
  const outcome = await Promise.race([exited, gracePeriod]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}

/** Number of segments a playlist lists, or 0 when it does not exist yet. */
function countSegments(playlistPath: string): number {
  if (!existsSync(playlistPath)) return 0;
  return readFileSync(playlistPath, "utf8")
    .split("\n")
    .filter((line) => line.startsWith("#EXTINF:")).length;
}
