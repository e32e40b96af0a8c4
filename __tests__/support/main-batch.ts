import { readFileSync, writeFileSync } from "node:fs";
import { main } from "../../main";

/**
 * Runs main() once per job inside this one process, so that a long table
 * of configurations costs one Node.js start instead of one per entry:
 *
 *   node --import tsx __tests__/support/main-batch.ts JOBS.json RESULTS.json
 *
 * JOBS.json is a list of environment variables to add for each run
 * (STREAMING_CONFIG, CDKTF_OUTDIR); RESULTS.json receives one MainResult
 * per job, in the same order.
 */

/** What one main() call returned and wrote to its stderr. */
export interface MainResult {
  readonly status?: number;
  readonly stderr: string;
  /** Stack of an error that main() threw instead of reporting it. */
  readonly thrown?: string;
}

const [jobsPath, resultsPath] = process.argv.slice(2);
const jobs = JSON.parse(readFileSync(jobsPath, "utf8")) as Record<
  string,
  string
>[];

const results = jobs.map((variables): MainResult => {
  let stderr = "";
  const output = {
    write: (chunk: string | Uint8Array) => {
      stderr +=
        typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    },
  };
  try {
    return { status: main({ ...process.env, ...variables }, output), stderr };
  } catch (error) {
    return {
      stderr,
      thrown:
        error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  }
});

writeFileSync(resultsPath, JSON.stringify(results));
