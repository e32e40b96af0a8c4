import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { CHROMIUM_PATH } from "./chromium";

/** An external program that browser and stream tests need. */
export type RequiredTool = "chromium" | "ffmpeg";

/**
 * Returns one line per missing tool saying what is missing and how to
 * install it; an empty list when every tool is present.
 */
export function findMissingTools(tools: readonly RequiredTool[]): string[] {
  return tools.flatMap((tool) => {
    const problem = tool === "chromium" ? chromiumProblem() : ffmpegProblem();
    return problem === undefined
      ? []
      : [`${tool}: ${problem}; install it with "apt-get install ${tool}"`];
  });
}

/** Returns whether the `CI` environment variable is set to anything but "" or "false". */
export function isContinuousIntegration(
  environment: NodeJS.ProcessEnv = process.env,
): boolean {
  const value = environment.CI;
  return value !== undefined && value !== "" && value !== "false";
}

function chromiumProblem(): string | undefined {
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return undefined;
  } catch {
    return `${CHROMIUM_PATH} is missing or not executable`;
  }
}

/**
 * Returns why `ffmpeg` from the PATH of `environment` cannot encode the
 * HLS ladder (missing, failing, or without libx264 or aac), or undefined
 * when it can.
 */
export function ffmpegProblem(
  environment: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const result = spawnSync("ffmpeg", ["-hide_banner", "-encoders"], {
    encoding: "utf8",
    timeout: 10_000,
    env: environment,
  });
  if (result.error !== undefined)
    return `"ffmpeg" is not on PATH (${result.error.message})`;
  if (result.status !== 0)
    return `"ffmpeg -encoders" exited with code ${result.status}`;
  const missing = ["libx264", "aac"].filter(
    (encoder) => !new RegExp(`\\s${encoder}\\s`).test(result.stdout),
  );
  return missing.length === 0
    ? undefined
    : `ffmpeg has no ${missing.join(" or ")} encoder`;
}
