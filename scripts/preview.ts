import { rmSync } from "node:fs";
import { ConfigError } from "../stacks/config/errors";
import { loadConfig } from "../stacks/config/load";
import type { Config } from "../stacks/config/schema";
import {
  parsePreviewArguments,
  PREVIEW_USAGE,
  type PreviewOptions,
} from "./lib/preview/arguments";
import { PreviewError, PreviewUsageError } from "./lib/preview/errors";
import { assertFfmpegAvailable } from "./lib/preview/ffmpeg";
import { checkPortsAvailable } from "./lib/preview/ports";
import { startPreview, type Preview } from "./lib/preview/preview";
import { createShutdown, handleStopSignals } from "./lib/preview/shutdown";
import { killSupervisedProcesses } from "./lib/preview/supervised-process";
import { formatDuration } from "./lib/viewer-link";

const log = (line: string) => process.stderr.write(`preview: ${line}\n`);

/** Returns the text printed once everything runs: what to enter in OBS and where to watch. */
function startupSummary(config: Config, preview: Preview): string {
  const ladder = config.media.renditions
    .map((r) => `${r.name} (${r.width}x${r.height})`)
    .join(", ");
  return [
    "",
    `Local preview of environment "${config.environment}" is running. Ctrl-C stops it.`,
    "",
    'OBS: Settings > Stream, Service "Custom...":',
    `  Server:      ${preview.obs.server}`,
    `  Stream Key:  ${preview.obs.streamKey}`,
    "",
    ...(preview.viewerLink === undefined
      ? [`Player:        ${preview.playerUrl}`]
      : [
          `Player:        ${preview.viewerLink.url}`,
          `               (viewer link for "${preview.viewerLink.viewer}", valid for ${formatDuration(preview.viewerLink.validForSeconds)};`,
          `               the page ${preview.playerUrl} alone gets no stream, as in the deployment)`,
        ]),
    `Ladder:        ${ladder}; ${config.media.segmentLengthSeconds} s segments at ${config.media.framerate} fps`,
    "",
  ].join("\n");
}

/** Checks everything that can fail before any process or server starts. */
async function checkPrerequisites(options: PreviewOptions): Promise<void> {
  assertFfmpegAvailable();
  await checkPortsAvailable([
    {
      port: options.rtmpPort,
      option: "--rtmp-port",
      purpose: "the RTMP ingest",
    },
    {
      port: options.httpPort,
      option: "--http-port",
      purpose: "the player server",
    },
  ]);
}

/** Kills the preview's processes at once and removes its temporary folder, for a forced stop. */
function killPreview(preview: Preview): void {
  killSupervisedProcesses();
  try {
    rmSync(preview.tempDir, { recursive: true, force: true, maxRetries: 3 });
    log(`removed temporary folder ${preview.tempDir}`);
  } catch (error) {
    log(
      `could not remove temporary folder ${preview.tempDir} (${(error as Error).message}); delete it by hand`,
    );
  }
}

async function main(): Promise<void> {
  const options = parsePreviewArguments(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${PREVIEW_USAGE}\n`);
    return;
  }
  const config = loadConfig();
  await checkPrerequisites(options);
  const viewerAccess: string = config.viewerAccess;
  if (viewerAccess !== "network" && viewerAccess !== "signed-links") {
    log(
      `the preview does not check viewerAccess "${viewerAccess}": it serves the stream to every request`,
    );
  }

  const preview = await startPreview(
    config,
    {
      rtmpPort: options.rtmpPort,
      httpPort: options.httpPort,
      testSource: options.testSource,
      verbose: options.verbose,
    },
    log,
  );

  const shutdown = createShutdown({
    log,
    stop: () => preview.stop(),
    kill: () => killPreview(preview),
    exit: (code) => process.exit(code),
  });
  handleStopSignals(shutdown);
  process.on("uncaughtException", (error) => {
    log(`unexpected error: ${error.stack ?? error.message}`);
    shutdown.begin("unexpected error", 1);
  });
  void preview.failed.then((error) => shutdown.begin(error.message, 1));

  process.stdout.write(`${startupSummary(config, preview)}\n`);
}

main().catch((error: unknown) => {
  if (error instanceof PreviewUsageError) {
    process.stderr.write(`preview: ${error.message}\n\n${PREVIEW_USAGE}\n`);
    process.exit(2);
  }
  if (error instanceof PreviewError || error instanceof ConfigError) {
    for (const line of error.message.split("\n"))
      process.stderr.write(`preview: ${line}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `preview: failed to start: ${(error as Error).stack ?? String(error)}\n`,
  );
  process.exit(1);
});
