import { spawn, type ChildProcess } from "node:child_process";

/** Writes one log line. */
export type Log = (line: string) => void;

/** Restart delays of a supervised process, in milliseconds. */
export interface RestartPolicy {
  /** Delay before the first start. @default 0 */
  readonly initialDelayMs?: number;
  /** Delay before a restart after a run of at least `stableRunMs`. @default 0 */
  readonly restartDelayMs?: number;
  /** A run shorter than this counts as a quick exit. @default 10000 */
  readonly stableRunMs?: number;
  /** Delay after the first quick exit; it doubles with each further quick exit in a row. @default 500 */
  readonly backoffStartMs?: number;
  /** Maximum delay between restarts. @default 8000 */
  readonly maxBackoffMs?: number;
}

export interface SupervisedProcessOptions {
  /** Name in log lines, such as "RTMP ingest". */
  readonly name: string;
  readonly command: string;
  /** Returns the arguments of one start; `start` counts from 0. */
  readonly args: (start: number) => string[];
  readonly log: Log;
  readonly restart?: RestartPolicy;
  /** Called with each non-empty line the process writes to stderr. */
  readonly onOutputLine?: (line: string, process: SupervisedProcess) => void;
  /**
   * Returns an error when an exit must stop the supervision instead of a
   * restart, given the last lines of stderr.
   */
  readonly fatalExit?: (outputLines: readonly string[]) => Error | undefined;
  /** Time between SIGTERM and SIGKILL when stopping, in milliseconds. @default 5000 */
  readonly stopTimeoutMs?: number;
}

export interface SupervisedProcess {
  readonly name: string;
  /** Process id of the running process; undefined between runs. */
  readonly pid: number | undefined;
  /** Number of processes started so far. */
  readonly starts: number;
  /** Resolves with the error of a fatal exit; the process is not restarted after it. */
  readonly failed: Promise<Error>;
  /** Ends the running process with SIGTERM, logging the reason; the usual restart follows. */
  restartNow(reason: string): void;
  /**
   * Stops restarting, sends SIGTERM to the process group, then SIGKILL after
   * `stopTimeoutMs`, and resolves once the process has exited. Safe to call twice.
   */
  stop(): Promise<void>;
}

/** Lines of stderr kept for `fatalExit` and for exit log lines. */
const OUTPUT_LINES_KEPT = 20;

/** Process groups of every supervised process still running, killed if Node exits first. */
const runningGroups = new Set<number>();

process.on("exit", () => {
  killSupervisedProcesses();
});

/**
 * Sends SIGKILL to the process group of every supervised process still
 * running, without waiting for them to exit, and returns how many there were.
 */
export function killSupervisedProcesses(): number {
  const count = runningGroups.size;
  for (const pid of runningGroups) signalGroup(pid, "SIGKILL");
  return count;
}

/**
 * Starts a command in its own process group and starts it again whenever it
 * exits, until stop() is called or `fatalExit` returns an error. Quick
 * exits in a row back off exponentially. Each start, exit, restart and stop
 * is logged with one line.
 */
export function superviseProcess(
  options: SupervisedProcessOptions,
): SupervisedProcess {
  const policy = {
    initialDelayMs: 0,
    restartDelayMs: 0,
    stableRunMs: 10_000,
    backoffStartMs: 500,
    maxBackoffMs: 8_000,
    ...options.restart,
  };
  const stopTimeoutMs = options.stopTimeoutMs ?? 5_000;
  const { name, log } = options;

  let child: ChildProcess | undefined;
  let childExited: Promise<void> = Promise.resolve();
  let starts = 0;
  let quickExits = 0;
  let stopping = false;
  /** Whether restartNow() has already ended the current run. */
  let endRequested = false;
  let stopped: Promise<void> | undefined;
  let restartTimer: NodeJS.Timeout | undefined;
  let reportFailure: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    reportFailure = resolve;
  });

  const supervised: SupervisedProcess = {
    name,
    get pid() {
      return child?.pid;
    },
    get starts() {
      return starts;
    },
    failed,
    restartNow(reason) {
      if (stopping || child?.pid === undefined || endRequested) return;
      endRequested = true;
      log(`${name} (pid ${child.pid}): ${reason}; ending it with SIGTERM`);
      signalGroup(child.pid, "SIGTERM");
    },
    stop() {
      stopped ??= stopSupervision();
      return stopped;
    },
  };

  function start(): void {
    restartTimer = undefined;
    if (stopping) return;
    const args = options.args(starts);
    starts += 1;
    endRequested = false;
    const startedAt = Date.now();
    const output: string[] = [];
    let pending = "";
    const current = spawn(options.command, args, {
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
    });
    child = current;
    const pid = current.pid;
    if (pid !== undefined) runningGroups.add(pid);

    const readLines = (text: string) => {
      for (const line of text.split(/\r?\n/)) {
        if (line.trim() === "") continue;
        output.push(line);
        output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
        options.onOutputLine?.(line, supervised);
      }
    };
    current.stderr?.setEncoding("utf8");
    current.stderr?.on("data", (chunk: string) => {
      const text = pending + chunk;
      const end = text.lastIndexOf("\n");
      pending = text.slice(end + 1);
      if (end >= 0) readLines(text.slice(0, end));
    });

    childExited = new Promise<void>((resolve) => {
      let spawnError: Error | undefined;
      let finished = false;
      // "close" rather than "exit", so that the last lines of stderr have been read.
      const finish = (code: number | null, signal: NodeJS.Signals | null) => {
        if (finished) return;
        finished = true;
        child = undefined;
        const runMs = Date.now() - startedAt;
        if (spawnError !== undefined) {
          // A command that cannot be spawned will not start on a retry either.
          finishRun(
            runMs,
            new Error(`${name} could not start: ${spawnError.message}`),
          );
          resolve();
          return;
        }
        readLines(pending);
        if (pid !== undefined) {
          runningGroups.delete(pid);
          // Anything the process left behind in its group goes with it.
          signalGroup(pid, "SIGKILL");
        }
        const status = signal === null ? `code ${code}` : signal;
        const lastLine =
          output.length > 0
            ? `; last output: ${output[output.length - 1]}`
            : "";
        log(
          `${name} (pid ${pid}) exited with ${status} after ${formatSeconds(runMs)}${code === 0 || stopping ? "" : lastLine}`,
        );
        finishRun(runMs, options.fatalExit?.(output));
        resolve();
      };
      current.once("error", (error) => {
        // Only a failed spawn matters here; it leaves no pid.
        if (pid !== undefined) return;
        spawnError = error;
        finish(null, null);
      });
      current.once("close", finish);
    });
    if (pid !== undefined) log(`started ${name} (pid ${pid})`);
  }

  function finishRun(runMs: number, fatal: Error | undefined): void {
    if (stopping) return;
    if (fatal !== undefined) {
      stopping = true;
      log(`${name} failed and is not restarted: ${fatal.message}`);
      reportFailure(fatal);
      return;
    }
    quickExits = runMs < policy.stableRunMs ? quickExits + 1 : 0;
    const delayMs =
      quickExits === 0
        ? policy.restartDelayMs
        : Math.min(
            policy.maxBackoffMs,
            policy.backoffStartMs * 2 ** (quickExits - 1),
          );
    const reason =
      quickExits === 0
        ? ""
        : `, ${quickExits} quick exit${quickExits === 1 ? "" : "s"} in a row`;
    log(
      `restarting ${name} in ${formatSeconds(delayMs)} (start ${starts + 1}${reason})`,
    );
    restartTimer = setTimeout(start, delayMs);
  }

  async function stopSupervision(): Promise<void> {
    stopping = true;
    if (restartTimer !== undefined) clearTimeout(restartTimer);
    restartTimer = undefined;
    const pid = child?.pid;
    if (pid === undefined) {
      log(`stopped ${name} (it was not running)`);
      return;
    }
    signalGroup(pid, "SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), stopTimeoutMs);
    });
    const outcome = await Promise.race([
      childExited.then(() => "exited" as const),
      timeout,
    ]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      log(
        `${name} (pid ${pid}) did not exit within ${formatSeconds(stopTimeoutMs)} of SIGTERM; sending SIGKILL`,
      );
      signalGroup(pid, "SIGKILL");
      await childExited;
    }
    log(`stopped ${name} (pid ${pid})`);
  }

  if (policy.initialDelayMs > 0) {
    restartTimer = setTimeout(start, policy.initialDelayMs);
  } else {
    start();
  }
  return supervised;
}

/** Sends a signal to every process in the group led by `pid`; a group that is gone is ignored. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
