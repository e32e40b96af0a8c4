import { measureCommand, type CommandMeasurement } from "./process-tree";
import { runOrder } from "./statistics";

/** One developer check, measured as a whole command. */
export interface CheckCommand {
  readonly id: "typecheck" | "unit-tests";
  readonly label: string;
  readonly command: readonly string[];
}

export interface CheckRun {
  readonly check: CheckCommand["id"];
  readonly runIndex: number;
  readonly measurement: CommandMeasurement;
}

export const CHECK_COMMANDS: readonly CheckCommand[] = [
  {
    id: "typecheck",
    label: "`npm run typecheck`",
    command: ["npm", "run", "typecheck"],
  },
  {
    id: "unit-tests",
    label: "`npx jest --testPathIgnorePatterns e2e`",
    command: ["npx", "jest", "--testPathIgnorePatterns", "e2e"],
  },
];

/**
 * Runs the type-check and the unit tests `runs` times each, alternating
 * which goes first. A failing check is still timed; its exit code is kept.
 */
export async function benchChecks(
  projectRoot: string,
  runs: number,
  log: (line: string) => void,
): Promise<CheckRun[]> {
  const results: CheckRun[] = [];
  for (let runIndex = 0; runIndex < runs; runIndex += 1) {
    for (const check of runOrder(CHECK_COMMANDS, runIndex)) {
      const measurement = await measureCommand({
        command: check.command,
        cwd: projectRoot,
        env: { FORCE_COLOR: "0" },
        keepLinesMatching: /^FAIL |error TS\d+/,
      });
      results.push({ check: check.id, runIndex, measurement });
      log(
        `checks run ${runIndex + 1}/${runs} ${check.id}: ${(measurement.wallMs / 1000).toFixed(2)} s, ` +
          `${Math.round(measurement.peakTreeRssKiB / 1024)} MiB, exit ${measurement.exitCode}` +
          (measurement.exitCode === 0
            ? ""
            : `\n  ${measurement.matchedLines.join("\n  ")}`),
      );
    }
  }
  return results;
}
