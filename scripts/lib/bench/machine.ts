import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus, loadavg, release, totalmem } from "node:os";
import { join } from "node:path";

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly kernel: string;
}

/** Packages whose versions the report lists. */
export const REPORTED_PACKAGES = [
  "cdktf",
  "@cdktf/provider-aws",
  "tsx",
  "ts-node",
  "typescript",
  "jest",
  "@swc/jest",
  "hls.js",
  "video.js",
  "@videojs/http-streaming",
  "playwright-core",
] as const;

export function machineInfo(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: totalmem() / 1024 ** 3,
    kernel: release(),
  };
}

/** Returns the 1-minute load average. */
export function loadAverage(): number {
  return loadavg()[0];
}

/** Versions of node, npm, ffmpeg and the reported packages as installed in the project. */
export function toolVersions(projectRoot: string): Record<string, string> {
  const versions: Record<string, string> = { node: process.version };
  versions.npm = firstLine(() =>
    execFileSync("npm", ["--version"], { cwd: projectRoot, encoding: "utf8" }),
  );
  versions.ffmpeg = firstLine(() =>
    execFileSync("ffmpeg", ["-version"], { encoding: "utf8" }).replace(
      /^ffmpeg version (\S+).*/s,
      "$1",
    ),
  );
  for (const name of REPORTED_PACKAGES) {
    versions[name] = firstLine(() => {
      const manifest = JSON.parse(
        readFileSync(
          join(projectRoot, "node_modules", name, "package.json"),
          "utf8",
        ),
      );
      return String(manifest.version);
    });
  }
  return versions;
}

function firstLine(read: () => string): string {
  try {
    return read().trim().split("\n")[0];
  } catch (error) {
    return `unavailable (${(error as Error).message.split("\n")[0]})`;
  }
}
