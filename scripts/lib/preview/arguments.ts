import { parseArgs } from "node:util";
import { PreviewUsageError } from "./errors";

/** Parsed command-line options of `npm run preview`. */
export interface PreviewOptions {
  /** Port of the RTMP ingest on 127.0.0.1. */
  readonly rtmpPort: number;
  /** Port of the player and stream server on 127.0.0.1. */
  readonly httpPort: number;
  /** Push a synthetic test pattern and tone into the ingest. */
  readonly testSource: boolean;
  /** Print ffmpeg's warnings and errors as they happen. */
  readonly verbose: boolean;
  readonly help: boolean;
}

/** Port of the RTMP ingest unless `--rtmp-port` is given: the standard RTMP port. */
export const DEFAULT_RTMP_PORT = 1935;

/** Port of the player and stream server unless `--http-port` is given. */
export const DEFAULT_HTTP_PORT = 8080;

export const PREVIEW_USAGE = `Usage: npm run preview -- [--test-source] [--rtmp-port PORT] [--http-port PORT] [--verbose]

Starts a local copy of the live path on 127.0.0.1: an RTMP ingest at the
configured application and stream key, an ffmpeg transcode into the
configured HLS ladder, and the player, all from the configuration in the
file named by STREAMING_CONFIG (or the built-in defaults). Ctrl-C stops it.

  --test-source       push a synthetic test pattern and tone into the ingest.
  --rtmp-port PORT    port of the RTMP ingest (default: ${DEFAULT_RTMP_PORT}).
  --http-port PORT    port of the player and stream server (default: ${DEFAULT_HTTP_PORT}).
  --verbose           print ffmpeg's warnings and errors as they happen.
  -h, --help          print this help.`;

const PORT_PATTERN = /^\d{1,5}$/;

function port(
  flag: string,
  text: string | undefined,
  fallback: number,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!PORT_PATTERN.test(text) || value < 1 || value > 65_535) {
    throw new PreviewUsageError(
      `${flag} must be a port number from 1 to 65535, received ${JSON.stringify(text)}. Fix: pass for example ${flag} ${fallback}`,
    );
  }
  return value;
}

/** Parses and validates the flags; throws PreviewUsageError for an unknown flag or an invalid value. */
export function parsePreviewArguments(argv: readonly string[]): PreviewOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        "test-source": { type: "boolean" },
        "rtmp-port": { type: "string" },
        "http-port": { type: "string" },
        verbose: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // Checked by code rather than by class: the TypeError may come from another realm, such as a test sandbox.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("ERR_PARSE_ARGS")) {
      throw new PreviewUsageError((error as Error).message);
    }
    throw error;
  }
  const rtmpPort = port("--rtmp-port", values["rtmp-port"], DEFAULT_RTMP_PORT);
  const httpPort = port("--http-port", values["http-port"], DEFAULT_HTTP_PORT);
  if (rtmpPort === httpPort) {
    throw new PreviewUsageError(
      `--rtmp-port and --http-port must differ, both are ${rtmpPort}. Fix: pass a different port to one of them`,
    );
  }
  return {
    rtmpPort,
    httpPort,
    testSource: values["test-source"] ?? false,
    verbose: values.verbose ?? false,
    help: values.help ?? false,
  };
}
