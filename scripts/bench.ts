import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { benchChecks } from "./lib/bench/checks-bench";
import { loadAverage, machineInfo, toolVersions } from "./lib/bench/machine";
import { benchPlayers } from "./lib/bench/player-bench";
import { renderReport, type BenchResults } from "./lib/bench/report";
import { benchSynth } from "./lib/bench/synth-bench";

const USAGE = `Usage: npm run bench -- [--runs N] [--only PARTS] [--json FILE]

Measures synthesis, the checks and the player on this machine and prints
a Markdown report of medians and ranges to stdout; progress goes to stderr.
It takes about 15 minutes with 5 runs and needs chromium and ffmpeg.

  --runs N        runs of each measurement, a whole number from 1 to 50 (default: 5).
  --only PARTS    comma-separated parts to run: synth, checks, player (default: all).
  --json FILE     also write every measurement as JSON to FILE.`;

const PARTS = ["synth", "checks", "player"] as const;
type Part = (typeof PARTS)[number];

class UsageError extends Error {}

interface BenchOptions {
  readonly runs: number;
  readonly parts: readonly Part[];
  readonly jsonFile?: string;
  readonly help: boolean;
}

function parseOptions(argv: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      runs: { type: "string" },
      only: { type: "string" },
      json: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const runs = values.runs === undefined ? 5 : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    throw new UsageError(
      `--runs must be a whole number from 1 to 50; received "${values.runs}"`,
    );
  }
  const parts =
    values.only === undefined
      ? [...PARTS]
      : values.only.split(",").map((part) => part.trim());
  const unknown = parts.filter(
    (part) => !(PARTS as readonly string[]).includes(part),
  );
  if (unknown.length > 0 || parts.length === 0) {
    throw new UsageError(
      `--only takes ${PARTS.join(", ")}; received "${values.only}"`,
    );
  }
  return {
    runs,
    parts: parts as Part[],
    jsonFile: values.json,
    help: values.help === true,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const options = parseOptions(argv);
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const projectRoot = resolve(__dirname, "..");
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    command: [
      "npm run bench",
      ...(argv.length > 0 ? ["--", ...argv] : []),
    ].join(" "),
    runs: options.runs,
    machine: machineInfo(),
    versions: toolVersions(projectRoot),
    load: [],
  };

  const measure = async <T>(part: Part, run: () => Promise<T>): Promise<T> => {
    const start = loadAverage();
    log(`${part}: starting, load average ${start.toFixed(2)}`);
    const value = await run();
    results.load.push({ part, start, end: loadAverage() });
    return value;
  };
  if (options.parts.includes("synth"))
    results.synth = await measure("synth", () =>
      benchSynth(projectRoot, options.runs, log),
    );
  if (options.parts.includes("checks"))
    results.checks = await measure("checks", () =>
      benchChecks(projectRoot, options.runs, log),
    );
  if (options.parts.includes("player"))
    results.player = await measure("player", () =>
      benchPlayers(options.runs, log),
    );

  if (options.jsonFile !== undefined)
    writeFileSync(options.jsonFile, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(renderReport(results));
}

main().catch((error: unknown) => {
  if (
    error instanceof UsageError ||
    (error instanceof TypeError &&
      "code" in error &&
      String(error.code).startsWith("ERR_PARSE_ARGS"))
  ) {
    process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
