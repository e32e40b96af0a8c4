import {
  StreamPoller,
  type WaitingCheck,
} from "../../player/src/stream-poller";
import type { Timers } from "../../player/src/timers";

/** Timers that run only when the test calls fire(). */
class ManualTimers implements Timers {
  private nextId = 1;
  readonly pending = new Map<
    number,
    { callback: () => void; delayMs: number }
  >();

  setTimeout(callback: () => void, delayMs: number): number {
    const id = this.nextId++;
    this.pending.set(id, { callback, delayMs });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  setInterval(): number {
    throw new Error("not used");
  }
  clearInterval(): void {
    throw new Error("not used");
  }
  now(): number {
    return 0;
  }
  /** Runs the one pending timer and returns its delay. */
  fire(): number {
    const [[id, timer]] = [...this.pending];
    this.pending.delete(id);
    timer.callback();
    return timer.delayMs;
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));
const backoff = {
  initialDelayMs: 2000,
  maxDelayMs: 10_000,
  factor: 1.5,
  random: () => 0.5,
};

function poller(responses: Array<number | Error>) {
  const timers = new ManualTimers();
  const events: string[] = [];
  const checks: WaitingCheck[] = [];
  const probe = jest.fn(async () => {
    const next = responses.shift();
    if (next === undefined) throw new Error("no more responses");
    if (next instanceof Error) throw next;
    return next;
  });
  const instance = new StreamPoller({
    probe,
    backoff,
    timers,
    onAvailable: () => events.push("available"),
    onDenied: (status) => events.push(`denied ${status}`),
    onWaiting: (check) => {
      checks.push(check);
      events.push(`waiting ${check.status}`);
    },
  });
  return { instance, timers, events, checks, probe };
}

describe("StreamPoller", () => {
  test("polls with backoff until available", async () => {
    const { instance, timers, events, checks, probe } = poller([404, 404, 200]);
    instance.start();
    await flush();
    expect(timers.fire()).toBe(2000);
    await flush();
    expect(timers.fire()).toBe(3000);
    await flush();
    expect(events).toEqual(["waiting 404", "waiting 404", "available"]);
    expect(checks.map((check) => [check.attempt, check.nextCheckMs])).toEqual([
      [1, 2000],
      [2, 3000],
    ]);
    expect(probe).toHaveBeenCalledTimes(3);
    expect(timers.pending.size).toBe(0);
    expect(instance.running).toBe(false);
  });

  test.each([[401], [403]])("stops on %p", async (status) => {
    const { instance, timers, events } = poller([status]);
    instance.start();
    await flush();
    expect(events).toEqual([`denied ${status}`]);
    expect(timers.pending.size).toBe(0);
  });

  test("keeps waiting after a failed request", async () => {
    const { instance, timers, events } = poller([
      new TypeError("Failed to fetch"),
      503,
      200,
    ]);
    instance.start();
    await flush();
    timers.fire();
    await flush();
    timers.fire();
    await flush();
    expect(events).toEqual(["waiting undefined", "waiting 503", "available"]);
  });

  test("ignores a result after stop", async () => {
    const { instance, timers, events } = poller([200]);
    instance.start();
    instance.stop();
    await flush();
    expect(events).toEqual([]);
    expect(timers.pending.size).toBe(0);
  });

  test("stop cancels the next check", async () => {
    const { instance, timers, probe } = poller([404, 200]);
    instance.start();
    await flush();
    expect(timers.pending.size).toBe(1);
    instance.stop();
    expect(timers.pending.size).toBe(0);
    expect(probe).toHaveBeenCalledTimes(1);
  });

  test("restart begins at the first delay", async () => {
    const { instance, timers, checks } = poller([404, 404, 404]);
    instance.start();
    await flush();
    timers.fire();
    await flush();
    instance.start();
    await flush();
    expect(checks.map((check) => check.nextCheckMs)).toEqual([
      2000, 3000, 2000,
    ]);
  });
});
