import {
  superviseProcess,
  type SupervisedProcess,
} from "../../scripts/lib/preview/supervised-process";
import { descendantsOf, isRunning } from "../support/processes";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe("superviseProcess", () => {
  const started: SupervisedProcess[] = [];
  let lines: string[];
  const log = (line: string) => lines.push(line);

  beforeEach(() => {
    lines = [];
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((supervised) => supervised.stop()));
  });

  function supervise(
    ...args: Parameters<typeof superviseProcess>
  ): SupervisedProcess {
    const supervised = superviseProcess(...args);
    started.push(supervised);
    return supervised;
  }

  test("quick exits back off exponentially", async () => {
    const supervised = supervise({
      name: "failing",
      command: "sh",
      args: () => ["-c", "echo broken >&2; exit 3"],
      log,
      restart: { backoffStartMs: 100, maxBackoffMs: 200 },
    });
    await waitUntil(() => supervised.starts >= 4, 5_000);
    const restarts = lines.filter((line) =>
      line.startsWith("restarting failing"),
    );
    expect(restarts.slice(0, 3)).toEqual([
      "restarting failing in 0.1 s (start 2, 1 quick exit in a row)",
      "restarting failing in 0.2 s (start 3, 2 quick exits in a row)",
      "restarting failing in 0.2 s (start 4, 3 quick exits in a row)",
    ]);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^failing \(pid \d+\) exited with code 3 after \d+\.\d s; last output: broken$/,
      ),
    );
  });

  test("stop ends the whole process group", async () => {
    const supervised = supervise({
      name: "sleeper",
      command: "sh",
      args: () => ["-c", "sleep 30 & sleep 30"],
      log,
    });
    const pid = supervised.pid ?? 0;
    await waitUntil(() => descendantsOf(pid).length >= 2, 5_000);
    const children = descendantsOf(pid).map((info) => info.pid);
    await supervised.stop();
    expect([pid, ...children].filter(isRunning)).toEqual([]);
    expect(lines).toContain(`stopped sleeper (pid ${pid})`);
    expect(supervised.starts).toBe(1);
  });

  test("SIGKILL follows an ignored SIGTERM", async () => {
    const supervised = supervise({
      name: "stubborn",
      command: "sh",
      args: () => ["-c", 'trap "" TERM; echo ready >&2; sleep 30'],
      log,
      stopTimeoutMs: 300,
      onOutputLine: () => undefined,
    });
    const pid = supervised.pid ?? 0;
    await waitUntil(() => descendantsOf(pid).length >= 1, 5_000);
    await supervised.stop();
    expect(isRunning(pid)).toBe(false);
    expect(lines).toContain(
      `stubborn (pid ${pid}) did not exit within 0.3 s of SIGTERM; sending SIGKILL`,
    );
  });

  test("fatal exit is not restarted", async () => {
    const supervised = supervise({
      name: "listener",
      command: "sh",
      args: () => ["-c", "echo 'bind: Address already in use' >&2; exit 1"],
      log,
      fatalExit: (output) =>
        output.some((line) => line.includes("Address already in use"))
          ? new Error("port taken")
          : undefined,
    });
    const error = await supervised.failed;
    expect(error.message).toBe("port taken");
    await sleep(200);
    expect(supervised.starts).toBe(1);
    expect(lines).toContain("listener failed and is not restarted: port taken");
  });

  test("restartNow ends the current run", async () => {
    const supervised = supervise({
      name: "ingest",
      command: "sh",
      args: (start) => [
        "-c",
        start === 0 ? "echo REJECT >&2; sleep 30" : "sleep 30",
      ],
      log,
      onOutputLine: (line, process) => {
        if (line === "REJECT") process.restartNow("rejected a publish");
      },
    });
    const firstPid = supervised.pid;
    await waitUntil(
      () => supervised.starts === 2 && supervised.pid !== undefined,
      5_000,
    );
    expect(supervised.pid).not.toBe(firstPid);
    expect(lines).toContain(
      `ingest (pid ${firstPid}): rejected a publish; ending it with SIGTERM`,
    );
  });

  test("missing command fails for good", async () => {
    const supervised = supervise({
      name: "absent",
      command: "/nonexistent/ffmpeg",
      args: () => [],
      log,
    });
    const error = await supervised.failed;
    expect(error.message).toBe(
      "absent could not start: spawn /nonexistent/ffmpeg ENOENT",
    );
    expect(lines).toEqual([
      "absent failed and is not restarted: absent could not start: spawn /nonexistent/ffmpeg ENOENT",
    ]);
    expect(supervised.starts).toBe(1);
  });
});
