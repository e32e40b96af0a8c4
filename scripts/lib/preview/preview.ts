import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPlayer } from "../../../player/build";
import type { Config } from "../../../stacks/config/schema";
import { namesFor } from "../../../stacks/naming";
import { playerRuntimeConfig } from "../../../stacks/storage/player-assets";
import { startLocalOrigin, type LocalOrigin } from "../local-origin";
import { PreviewError } from "./errors";
import {
  obsSettings,
  rtmpPushUrl,
  startRtmpIngest,
  type ObsSettings,
} from "./ingest";
import { portProblem } from "./ports";
import type { Log, SupervisedProcess } from "./supervised-process";
import { startTestSource } from "./test-source";
import { createLocalViewerLinks, PREVIEW_VIEWER } from "./viewer-links";

export interface PreviewSettings {
  readonly rtmpPort: number;
  readonly httpPort: number;
  /** Push the synthetic test source into the ingest. @default false */
  readonly testSource?: boolean;
  /** Log every line ffmpeg writes to stderr. @default false */
  readonly verbose?: boolean;
  /** Parent of the temporary folder. @default os.tmpdir() */
  readonly tempParentDir?: string;
}

export interface Preview {
  readonly obs: ObsSettings;
  /** `rtmp://127.0.0.1:<port>/<application name>/<stream key>`. */
  readonly rtmpUrl: string;
  /** The player page, `http://127.0.0.1:<port>/<stage>/`. */
  readonly playerUrl: string;
  /**
   * In `signed-links` mode, the viewer link that opens the player: the page
   * URL with `#token=<token>`, as `npm run viewer-link` prints it.
   */
  readonly viewerLink?: {
    readonly url: string;
    readonly viewer: string;
    readonly validForSeconds: number;
  };
  /** Temporary folder with the player build and the HLS output; removed by stop(). */
  readonly tempDir: string;
  /** Folder in place of the bucket's `live/<channel>/` prefix. */
  readonly channelDir: string;
  /** Resolves with the error of a part that failed for good, such as an ingest whose port was taken. */
  readonly failed: Promise<Error>;
  /** Stops every process and the server and removes the temporary folder. Safe to call twice. */
  stop(): Promise<void>;
}

/** Prefix of the temporary folder's name. */
export const PREVIEW_TEMP_PREFIX = "protected-streaming-preview-";

/**
 * Starts the local preview: the player build and the stream served like
 * the private API, the RTMP ingest with its transcode into the ladder, and
 * optionally the test source. In `signed-links` mode the stream needs a
 * viewer link, checked by the authorizer's handler. Everything listens on
 * 127.0.0.1 only. When a part fails to start, the parts already started
 * are stopped again.
 */
export async function startPreview(
  config: Config,
  settings: PreviewSettings,
  log: Log,
): Promise<Preview> {
  const names = namesFor(config);
  const tempDir = mkdtempSync(
    join(settings.tempParentDir ?? tmpdir(), PREVIEW_TEMP_PREFIX),
  );
  const liveDir = join(tempDir, "live");
  // The channel name is also the folder of its HLS output under the live prefix.
  const channelDir = join(liveDir, names.channelName);
  mkdirSync(channelDir, { recursive: true });
  log(`created temporary folder ${tempDir}`);

  const processes: SupervisedProcess[] = [];
  let origin: LocalOrigin | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await Promise.all(processes.map((child) => child.stop()));
      if (origin !== undefined) {
        await origin.close();
        log(`stopped player server on ${origin.origin}`);
      }
      rmSync(tempDir, { recursive: true, force: true });
      log(`removed temporary folder ${tempDir}`);
    })();
    return stopping;
  };

  const viewerLinks =
    config.viewerAccess === "signed-links"
      ? createLocalViewerLinks(config, log)
      : undefined;
  try {
    const player = buildPlayer({ outdir: join(tempDir, "player") });
    origin = await startLocalOrigin({
      player,
      liveDir,
      playerConfig: playerRuntimeConfig(config, names),
      stageName: config.api.stageName,
      port: settings.httpPort,
      authorizeLive: viewerLinks?.authorizeLive,
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === undefined) throw error;
      throw new PreviewError(
        portProblem(
          {
            port: settings.httpPort,
            option: "--http-port",
            purpose: "the player server",
          },
          error.code,
        ),
      );
    });
    log(`started player server on ${origin.origin}`);

    const common = { config, log, verbose: settings.verbose ?? false };
    processes.push(
      startRtmpIngest({ ...common, port: settings.rtmpPort, channelDir }),
    );
    if (settings.testSource)
      processes.push(
        startTestSource({ ...common, rtmpPort: settings.rtmpPort }),
      );
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    obs: obsSettings(config.media, settings.rtmpPort),
    rtmpUrl: rtmpPushUrl(config.media, settings.rtmpPort),
    playerUrl: origin.url,
    viewerLink: viewerLinks && {
      url: `${origin.url}#token=${viewerLinks.token}`,
      viewer: PREVIEW_VIEWER,
      validForSeconds: viewerLinks.validForSeconds,
    },
    tempDir,
    channelDir,
    failed: Promise.race(processes.map((child) => child.failed)),
    stop,
  };
}
