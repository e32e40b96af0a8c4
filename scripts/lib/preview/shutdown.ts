import type { Log } from "./supervised-process";

/**
 * Signal count at which the preview stops waiting for a clean stop and
 * kills its processes. npm forwards Ctrl-C to the script it runs, so one
 * key press under `npm run preview` can deliver SIGINT twice, and the second
 * signal alone must not force anything. The log lines call it "third".
 */
export const FORCE_SIGNAL_COUNT = 3;

const FORCE_NOTE = "a third signal kills the processes at once";

/** Exit code after a forced stop, which skips the clean-up of a normal stop. */
export const FORCED_EXIT_CODE = 1;

export interface ShutdownActions {
  readonly log: Log;
  /** Stops every part in order and resolves once everything has exited. */
  readonly stop: () => Promise<void>;
  /** Kills whatever still runs, at once and without waiting. */
  readonly kill: () => void;
  /** Ends the program with the exit code. */
  readonly exit: (code: number) => void;
}

export interface Shutdown {
  /** Handles SIGINT or SIGTERM: the first stops cleanly, the third kills at once, others are quiet. */
  onSignal(signal: NodeJS.Signals): void;
  /** Starts a clean stop for another reason, such as a part that failed for good; ignored while stopping. */
  begin(reason: string, exitCode: number): void;
}

/**
 * Creates the shutdown sequence of a long-running command. It logs one line
 * when the stop starts, at most one more for repeated signals, and one when
 * a third signal forces the end, and it calls `exit` exactly once.
 */
export function createShutdown(actions: ShutdownActions): Shutdown {
  let stopping = false;
  let stoppedBySignal = false;
  let repeatLogged = false;
  let exited = false;
  let signals = 0;

  const exitOnce = (code: number) => {
    if (exited) return;
    exited = true;
    actions.exit(code);
  };

  const begin = (reason: string, exitCode: number, note = "") => {
    if (stopping) return;
    stopping = true;
    actions.log(`${reason}; stopping${note}`);
    actions.stop().then(
      () => exitOnce(exitCode),
      (error: unknown) => {
        actions.log(
          `stopping failed: ${error instanceof Error ? error.message : String(error)}; killing the processes`,
        );
        actions.kill();
        exitOnce(FORCED_EXIT_CODE);
      },
    );
  };

  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (exited) return;
    if (signals >= FORCE_SIGNAL_COUNT) {
      actions.log(
        `received ${signal}, the third signal; killing the processes without waiting`,
      );
      actions.kill();
      exitOnce(FORCED_EXIT_CODE);
      return;
    }
    if (!stopping) {
      stoppedBySignal = true;
      begin(`received ${signal}`, 0, ` (${FORCE_NOTE})`);
      return;
    }
    // The stop already logged its reason. A stop started by a signal has also
    // named the forcing signal, so a repeat, such as npm's forwarded copy, stays quiet.
    if (stoppedBySignal || repeatLogged) return;
    repeatLogged = true;
    actions.log(`received ${signal} while stopping; ${FORCE_NOTE}`);
  };

  return { onSignal, begin: (reason, exitCode) => begin(reason, exitCode) };
}

/** Routes SIGINT and SIGTERM of this process to the shutdown. */
export function handleStopSignals(shutdown: Shutdown): void {
  process.on("SIGINT", () => shutdown.onSignal("SIGINT"));
  process.on("SIGTERM", () => shutdown.onSignal("SIGTERM"));
}
