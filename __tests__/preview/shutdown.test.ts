import { spawn } from "node:child_process";
import { resolve } from "node:path";
import {
  createShutdown,
  FORCED_EXIT_CODE,
  type ShutdownActions,
} from "../../scripts/lib/preview/shutdown";

/** Fake actions whose stop resolves only when the test calls finishStop. */
function fakeActions() {
  const lines: string[] = [];
  const exits: number[] = [];
  let kills = 0;
  let finishStop: () => void = () => undefined;
  let failStop: (error: Error) => void = () => undefined;
  const actions: ShutdownActions = {
    log: (line) => lines.push(line),
    stop: () =>
      new Promise<void>((resolveStop, rejectStop) => {
        finishStop = resolveStop;
        failStop = rejectStop;
      }),
    kill: () => {
      kills += 1;
    },
    exit: (code) => exits.push(code),
  };
  return {
    actions,
    lines,
    exits,
    kills: () => kills,
    finishStop: () => finishStop(),
    failStop: (error: Error) => failStop(error),
  };
}

/** Lets pending promise callbacks run. */
const settle = () =>
  new Promise((resolveSettle) => setImmediate(resolveSettle));

const FIRST_LINE =
  "received SIGINT; stopping (a third signal kills the processes at once)";
const FORCE_LINE =
  "received SIGINT, the third signal; killing the processes without waiting";

describe("createShutdown", () => {
  test("first signal stops and exits 0", async () => {
    const fake = fakeActions();
    createShutdown(fake.actions).onSignal("SIGINT");
    expect(fake.lines).toEqual([FIRST_LINE]);
    expect(fake.exits).toEqual([]);
    fake.finishStop();
    await settle();
    expect(fake.exits).toEqual([0]);
    expect(fake.kills()).toBe(0);
  });

  test("second signal is quiet", async () => {
    const fake = fakeActions();
    const shutdown = createShutdown(fake.actions);
    shutdown.onSignal("SIGINT");
    shutdown.onSignal("SIGINT");
    fake.finishStop();
    await settle();
    expect(fake.lines).toEqual([FIRST_LINE]);
    expect(fake.exits).toEqual([0]);
  });

  test("third signal kills and exits", async () => {
    const fake = fakeActions();
    const shutdown = createShutdown(fake.actions);
    shutdown.onSignal("SIGINT");
    shutdown.onSignal("SIGINT");
    shutdown.onSignal("SIGINT");
    expect(fake.lines).toEqual([FIRST_LINE, FORCE_LINE]);
    expect(fake.kills()).toBe(1);
    expect(fake.exits).toEqual([FORCED_EXIT_CODE]);

    shutdown.onSignal("SIGINT");
    fake.finishStop();
    await settle();
    expect(fake.exits).toEqual([FORCED_EXIT_CODE]);
    expect(fake.lines).toHaveLength(2);
  });

  test("signals during a failure stop log once", async () => {
    const fake = fakeActions();
    const shutdown = createShutdown(fake.actions);
    shutdown.begin("RTMP ingest failed", 1);
    shutdown.onSignal("SIGTERM");
    shutdown.onSignal("SIGINT");
    expect(fake.lines).toEqual([
      "RTMP ingest failed; stopping",
      "received SIGTERM while stopping; a third signal kills the processes at once",
    ]);
    fake.finishStop();
    await settle();
    expect(fake.exits).toEqual([1]);
  });

  test("second reason is ignored", async () => {
    const fake = fakeActions();
    const shutdown = createShutdown(fake.actions);
    shutdown.onSignal("SIGINT");
    shutdown.begin("unexpected error", 1);
    fake.finishStop();
    await settle();
    expect(fake.lines).toEqual([FIRST_LINE]);
    expect(fake.exits).toEqual([0]);
  });

  test("failed stop kills and exits", async () => {
    const fake = fakeActions();
    createShutdown(fake.actions).onSignal("SIGTERM");
    fake.failStop(new Error("server did not close"));
    await settle();
    expect(fake.lines).toEqual([
      "received SIGTERM; stopping (a third signal kills the processes at once)",
      "stopping failed: server did not close; killing the processes",
    ]);
    expect(fake.kills()).toBe(1);
    expect(fake.exits).toEqual([FORCED_EXIT_CODE]);
  });
});

describe("shutdown on real signals", () => {
  const projectRoot = resolve(__dirname, "..", "..");

  /** Starts the harness, sends `count` SIGINTs 20 ms apart once it is ready, and returns its exit and stderr. */
  function runHarness(
    count: number,
    stopMs: number,
  ): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolveRun, rejectRun) => {
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "__tests__/preview/shutdown-harness.ts"],
        {
          cwd: projectRoot,
          env: { ...process.env, STOP_MS: String(stopMs) },
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      let stderr = "";
      child.stderr
        .setEncoding("utf8")
        .on("data", (chunk: string) => (stderr += chunk));
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        if (!chunk.includes("ready")) return;
        for (let index = 0; index < count; index += 1)
          setTimeout(() => child.kill("SIGINT"), index * 20);
      });
      child.on("error", rejectRun);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolveRun({ code, stderr });
      });
    });
  }

  test("Ctrl-C forwarded by npm logs one line", async () => {
    const result = await runHarness(2, 300);
    expect(result.stderr).toBe(`harness: ${FIRST_LINE}\n`);
    expect(result.code).toBe(0);
  });

  test("third SIGINT forces the exit", async () => {
    const result = await runHarness(3, 10_000);
    expect(result.stderr).toBe(
      `harness: ${FIRST_LINE}\nharness: ${FORCE_LINE}\nharness: killed\n`,
    );
    expect(result.code).toBe(FORCED_EXIT_CODE);
  });
});
