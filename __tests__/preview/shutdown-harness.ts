import {
  createShutdown,
  handleStopSignals,
} from "../../scripts/lib/preview/shutdown";

/*
 * A stand-in for the preview command: it wires the real shutdown to this
 * process's signals, prints "ready" once the handlers are in place, and
 * takes STOP_MS milliseconds to stop cleanly.
 */
const stopMs = Number(process.env.STOP_MS ?? "1000");
const log = (line: string) => process.stderr.write(`harness: ${line}\n`);

const shutdown = createShutdown({
  log,
  stop: () => new Promise((resolve) => setTimeout(resolve, stopMs)),
  kill: () => log("killed"),
  exit: (code) => process.exit(code),
});
handleStopSignals(shutdown);
// Keeps the process alive until a signal ends it; bounded by the test's own timeout.
setInterval(() => undefined, 1000);
process.stdout.write("ready\n");
