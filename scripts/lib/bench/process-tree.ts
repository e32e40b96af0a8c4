import { spawn } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

/** GNU time; with `-f %M` it reports the largest resident set of any single process it waited for. */
export const GNU_TIME_PATH = "/usr/bin/time";

/** Interval between two reads of the process tree's memory, in milliseconds. */
const MEMORY_POLL_INTERVAL_MS = 50;

/** Lines of the command's output kept for error messages. */
const OUTPUT_LINES_KEPT = 15;

export interface CommandSpec {
  /** Program and arguments, run without a shell. */
  readonly command: readonly string[];
  readonly cwd: string;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** The command is killed after this long, in milliseconds. @default 600000 */
  readonly timeoutMs?: number;
  /** Output lines matching this are all kept in `matchedLines`, such as jest's `FAIL` lines. */
  readonly keepLinesMatching?: RegExp;
}

export interface CommandMeasurement {
  /** From spawn to exit, in milliseconds. */
  readonly wallMs: number;
  /**
   * Largest sum of the resident set sizes of every process in the tree,
   * read from /proc every 50 ms, in KiB. A peak shorter than the interval
   * can be missed.
   */
  readonly peakTreeRssKiB: number;
  /** Largest resident set of a single process in the tree, from GNU time's `%M`, in KiB; undefined without GNU time. */
  readonly peakProcessRssKiB: number | undefined;
  readonly exitCode: number | null;
  /** The last lines of stdout and stderr together. */
  readonly outputTail: string;
  /** Every output line that matched `keepLinesMatching`. */
  readonly matchedLines: string[];
}

/**
 * Runs a command to completion and measures its wall time and the peak
 * memory of its whole process tree (npm, its shell and node, or jest and
 * its workers). Stdin is closed and the output is kept, not printed.
 */
export async function measureCommand(
  spec: CommandSpec,
): Promise<CommandMeasurement> {
  const useGnuTime = existsSync(GNU_TIME_PATH);
  const timeDir = mkdtempSync(
    join(tmpdir(), "protected-streaming-bench-time-"),
  );
  const timeFile = join(timeDir, "time.txt");
  const argv = useGnuTime
    ? [GNU_TIME_PATH, "-f", "%M", "-o", timeFile, ...spec.command]
    : [...spec.command];

  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const matchedLines: string[] = [];
  const keepLines = (lines: readonly string[]) => {
    const filled = lines.filter((line) => line.trim() !== "");
    if (spec.keepLinesMatching)
      matchedLines.push(
        ...filled.filter((line) => spec.keepLinesMatching?.test(line)),
      );
    output.push(...filled);
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  // A chunk can end inside a line, so each stream keeps its unfinished last line for the next chunk.
  const lineReader = () => {
    let partial = "";
    return {
      onData: (chunk: Buffer) => {
        const lines = (partial + chunk.toString("utf8")).split("\n");
        partial = lines.pop() ?? "";
        keepLines(lines);
      },
      flush: () => keepLines([partial]),
    };
  };
  const stdoutLines = lineReader();
  const stderrLines = lineReader();
  child.stdout.on("data", stdoutLines.onData);
  child.stderr.on("data", stderrLines.onData);

  let peakTreeRssKiB = 0;
  const poll = () => {
    if (child.pid === undefined) return;
    // GNU time itself (about 2 MiB) is left out: only what it runs counts.
    const tree = descendantsOf(child.pid, parentIds());
    const counted = useGnuTime ? tree : [child.pid, ...tree];
    const total = counted.reduce((sum, pid) => sum + residentKiB(pid), 0);
    peakTreeRssKiB = Math.max(peakTreeRssKiB, total);
  };
  const poller = setInterval(poll, MEMORY_POLL_INTERVAL_MS);
  const timeout = setTimeout(
    () => child.kill("SIGKILL"),
    spec.timeoutMs ?? 600_000,
  );

  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve(code));
  }).finally(() => {
    clearInterval(poller);
    clearTimeout(timeout);
  });
  const wallMs = performance.now() - started;
  stdoutLines.flush();
  stderrLines.flush();

  let peakProcessRssKiB: number | undefined;
  if (useGnuTime && existsSync(timeFile)) {
    const lines = readFileSync(timeFile, "utf8").trim().split("\n");
    const value = Number(lines[lines.length - 1]);
    peakProcessRssKiB = Number.isFinite(value) ? value : undefined;
  }
  rmSync(timeDir, { recursive: true, force: true });
  return {
    wallMs,
    peakTreeRssKiB,
    peakProcessRssKiB,
    exitCode,
    outputTail: output.join("\n"),
    matchedLines,
  };
}

/** Parent process id of every process, read from /proc/<pid>/stat. */
function parentIds(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command name in brackets may contain spaces, so fields are counted after the last ")".
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
    } catch {
      // The process exited between listing and reading.
    }
  }
  return parents;
}

/** Returns every process below `pid`, children first. */
function descendantsOf(
  pid: number,
  parents: ReadonlyMap<number, number>,
): number[] {
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift() as number;
    for (const [child, parent] of parents) {
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Resident set size of one process in KiB, or 0 once it has exited. */
function residentKiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
