import type { Config } from "../../../stacks/config/schema";
import { planLadder } from "../../../stacks/media/ladder";
import { playlistSegments } from "../../../stacks/media/medialive-encoder";
import { ffmpegArguments, hlsEncoderOptions } from "../hls-encoder";
import { PreviewError } from "./errors";
import {
  superviseProcess,
  type Log,
  type SupervisedProcess,
} from "./supervised-process";

/** The values an encoder such as OBS needs, as OBS names them. */
export interface ObsSettings {
  /** "Server": `rtmp://127.0.0.1:<port>/<application name>`. */
  readonly server: string;
  /** "Stream Key". */
  readonly streamKey: string;
}

/** Returns the OBS settings for the local ingest; OBS joins them into the push URL. */
export function obsSettings(media: Config["media"], port: number): ObsSettings {
  return {
    server: `rtmp://127.0.0.1:${port}/${media.applicationName}`,
    streamKey: media.streamKey,
  };
}

/** Returns the push URL, `rtmp://127.0.0.1:<port>/<application name>/<stream key>`, like the MediaLive input's. */
export function rtmpPushUrl(media: Config["media"], port: number): string {
  const settings = obsSettings(media, port);
  return `${settings.server}/${settings.streamKey}`;
}

/**
 * Seconds without data after which the ingest drops a publisher and
 * listens again, so an encoder that vanishes without closing its
 * connection does not block the next publish.
 */
export const INGEST_READ_TIMEOUT_SECONDS = 10;

/**
 * Returns ffmpeg's arguments for one run of the ingest: listen for one
 * RTMP publish at the push URL and transcode it into the configured ladder
 * in `channelDir`. Every start after the first appends to the playlists
 * that the earlier runs wrote, so viewers see one continuing stream with a
 * discontinuity at each reconnect.
 */
export function ingestArguments(
  config: Config,
  channelDir: string,
  port: number,
  start: number,
): string[] {
  const plan = planLadder(config.media);
  return ffmpegArguments(
    hlsEncoderOptions(config, channelDir, {
      input: {
        kind: "url",
        url: rtmpPushUrl(config.media, port),
        listen: true,
        readTimeoutSeconds: INGEST_READ_TIMEOUT_SECONDS,
      },
      playlistSize: playlistSegments(plan),
      maxDurationSeconds: Infinity,
      omitEndList: true,
      appendToPlaylists: start > 0,
    }),
  );
}

export interface RtmpIngestOptions {
  readonly config: Config;
  readonly port: number;
  /** Channel folder that receives the playlists and segments. */
  readonly channelDir: string;
  readonly log: Log;
  /** Log every line ffmpeg writes to stderr. @default false */
  readonly verbose?: boolean;
  /** @default "ffmpeg" from PATH */
  readonly ffmpegPath?: string;
}

/**
 * ffmpeg's warnings when a publisher connects with another application
 * name or stream key (libavformat's rtmpproto.c, ffmpeg 5.1). In listen
 * mode ffmpeg only warns and accepts the publish anyway.
 */
const WRONG_APPLICATION = /App field don't match up: (\S*) <->/;
const WRONG_STREAM_KEY = /Unexpected stream \S*, expecting/;

/**
 * Starts the RTMP ingest: ffmpeg listening on 127.0.0.1 at the push URL
 * and transcoding each publish into the ladder. ffmpeg exits when the
 * publisher disconnects, so the ingest is restarted after every exit and
 * accepts the next publish. A publish with another application name or
 * stream key is dropped, as MediaLive drops it. The ingest fails for good
 * when its port is taken.
 */
export function startRtmpIngest(options: RtmpIngestOptions): SupervisedProcess {
  const { config, port, channelDir, log } = options;
  return superviseProcess({
    name: "RTMP ingest",
    command: options.ffmpegPath ?? "ffmpeg",
    args: (start) => ingestArguments(config, channelDir, port, start),
    log,
    onOutputLine: (line, ingest) => {
      if (options.verbose) log(`RTMP ingest: ${line}`);
      const application = WRONG_APPLICATION.exec(line);
      if (application !== null) {
        ingest.restartNow(
          `rejected a publish to application ${JSON.stringify(application[1])}, expected media.applicationName ${JSON.stringify(config.media.applicationName)}`,
        );
      } else if (WRONG_STREAM_KEY.test(line)) {
        // The key that was sent is not logged: it may be a real key for another service.
        ingest.restartNow(
          "rejected a publish whose stream key differs from media.streamKey",
        );
      }
    },
    fatalExit: (lines) =>
      lines.some((line) => line.includes("Address already in use"))
        ? new PreviewError(
            `port ${port} on 127.0.0.1 (the RTMP ingest) is already in use. Fix: stop the program that uses it, or pass --rtmp-port with a free port`,
          )
        : undefined,
  });
}
