import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ffmpegArguments,
  MASTER_PLAYLIST_NAME,
  variantPlaylistName,
  type HlsEncoderOptions,
} from "../hls-encoder";
import { frameCodeFilter } from "./frame-code";
import { parseMediaPlaylist, SegmentHistory } from "./program-date-time";

/** Start of the filter graph that `ffmpegArguments` writes; the frame code goes right after it. */
const FILTER_GRAPH_START = "[0:v]format=yuv420p,";

/** Interval between two reads of the variant playlists, in milliseconds; well below one segment length. */
const PLAYLIST_POLL_INTERVAL_MS = 250;

/**
 * Returns the arguments of the project's local encoder with the frame
 * code drawn on the source picture before it is split into renditions,
 * so every rendition carries it.
 */
export function frameCodedArguments(options: HlsEncoderOptions): string[] {
  const args = ffmpegArguments(options);
  const index = args.indexOf("-filter_complex");
  const graph = index < 0 ? undefined : args[index + 1];
  if (graph === undefined || !graph.startsWith(FILTER_GRAPH_START)) {
    throw new Error(
      `the encoder's filter graph no longer starts with "${FILTER_GRAPH_START}" (received ${graph}); ` +
        "update frameCodedArguments to insert the frame code where the source picture is formatted",
    );
  }
  args[index + 1] =
    `${FILTER_GRAPH_START}${frameCodeFilter()},${graph.slice(FILTER_GRAPH_START.length)}`;
  return args;
}

export interface FrameCodedEncoder {
  readonly masterPlaylistPath: string;
  /** Segments of each rendition seen so far, by rendition name. */
  readonly histories: ReadonlyMap<string, SegmentHistory>;
  /** Resolves once every variant playlist lists at least `segments` segments; rejects when ffmpeg exits or after `timeoutMs`. */
  waitForSegments(segments: number, timeoutMs: number): Promise<void>;
  /** Stops ffmpeg (SIGTERM, then SIGKILL after 5 s) and the playlist reads. */
  stop(): Promise<void>;
}

/**
 * Starts ffmpeg with the frame code and reads every variant playlist four
 * times per second, keeping each segment's program date time.
 */
export function startFrameCodedEncoder(
  options: HlsEncoderOptions,
): FrameCodedEncoder {
  mkdirSync(options.outputDir, { recursive: true });
  const child = spawn(
    options.ffmpegPath ?? "ffmpeg",
    frameCodedArguments(options),
    {
      stdio: ["ignore", "ignore", "pipe"],
    },
  );
  const lastOutput: string[] = [];
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    lastOutput.push(...chunk.split("\n").filter((line) => line.trim() !== ""));
    lastOutput.splice(0, Math.max(0, lastOutput.length - 20));
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

  const histories = new Map(
    options.renditions.map((rendition) => [
      rendition.name,
      new SegmentHistory(),
    ]),
  );
  const readPlaylists = () => {
    for (const rendition of options.renditions) {
      const path = join(options.outputDir, variantPlaylistName(rendition));
      // ffmpeg writes playlists to a temporary name and renames them, so a read never gets half a file.
      if (existsSync(path))
        histories
          .get(rendition.name)
          ?.record(parseMediaPlaylist(readFileSync(path, "utf8")));
    }
  };
  const poller = setInterval(readPlaylists, PLAYLIST_POLL_INTERVAL_MS);

  const failure = () =>
    new Error(
      `${exitDescription}${lastOutput.length > 0 ? `:\n${lastOutput.join("\n")}` : ""}`,
    );
  return {
    masterPlaylistPath: join(options.outputDir, MASTER_PLAYLIST_NAME),
    histories,
    async waitForSegments(segments, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exitDescription !== undefined) throw failure();
        readPlaylists();
        const ready =
          existsSync(join(options.outputDir, MASTER_PLAYLIST_NAME)) &&
          [...histories.values()].every((history) => history.size >= segments);
        if (ready) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(
        `ffmpeg wrote fewer than ${segments} segments per rendition within ${timeoutMs} ms`,
      );
    },
    async stop() {
      clearInterval(poller);
      process.removeListener("exit", killOnExit);
      if (exitDescription !== undefined) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
