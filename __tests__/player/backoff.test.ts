import {
  Backoff,
  backoffDelayMs,
  validateBackoffOptions,
} from "../../player/src/backoff";

/** random() of 0.5 puts the jitter factor at exactly 1. */
const noJitter = { random: () => 0.5 };

describe("backoffDelayMs", () => {
  test("grows by the factor up to the cap", () => {
    const options = {
      initialDelayMs: 1000,
      maxDelayMs: 5000,
      factor: 2,
      ...noJitter,
    };
    expect(
      [0, 1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, options)),
    ).toEqual([1000, 2000, 4000, 5000, 5000]);
  });

  test("uses factor 2 by default", () => {
    expect(
      backoffDelayMs(2, {
        initialDelayMs: 100,
        maxDelayMs: 10_000,
        ...noJitter,
      }),
    ).toBe(400);
  });

  test("spreads by the jitter ratio", () => {
    const base = { initialDelayMs: 1000, maxDelayMs: 10_000, jitterRatio: 0.2 };
    expect(backoffDelayMs(0, { ...base, random: () => 0 })).toBe(800);
    expect(backoffDelayMs(0, { ...base, random: () => 0.999999 })).toBe(1200);
  });

  test("never exceeds the cap with jitter", () => {
    const options = {
      initialDelayMs: 1000,
      maxDelayMs: 4000,
      jitterRatio: 0.5,
      random: () => 0.999,
    };
    expect(backoffDelayMs(10, options)).toBe(4000);
  });

  test("treats a negative attempt as the first", () => {
    expect(
      backoffDelayMs(-3, {
        initialDelayMs: 700,
        maxDelayMs: 1000,
        ...noJitter,
      }),
    ).toBe(700);
  });
});

describe("validateBackoffOptions", () => {
  test.each([
    [
      "zero initial delay",
      { initialDelayMs: 0, maxDelayMs: 10 },
      "initialDelayMs must be above 0; received 0",
    ],
    [
      "cap below initial",
      { initialDelayMs: 10, maxDelayMs: 5 },
      "maxDelayMs must be at least initialDelayMs (10); received 5",
    ],
    [
      "factor below 1",
      { initialDelayMs: 1, maxDelayMs: 5, factor: 0.5 },
      "factor must be at least 1; received 0.5",
    ],
    [
      "jitter of 1",
      { initialDelayMs: 1, maxDelayMs: 5, jitterRatio: 1 },
      "jitterRatio must be at least 0 and below 1; received 1",
    ],
    [
      "NaN initial delay",
      { initialDelayMs: Number.NaN, maxDelayMs: 5 },
      "initialDelayMs must be above 0; received NaN",
    ],
  ])("rejects %s", (_case, options, message) => {
    expect(() => validateBackoffOptions(options)).toThrow(
      new RangeError(message),
    );
  });
});

describe("Backoff", () => {
  test("counts attempts and restarts after reset", () => {
    const backoff = new Backoff({
      initialDelayMs: 100,
      maxDelayMs: 1000,
      ...noJitter,
    });
    expect([
      backoff.nextDelayMs(),
      backoff.nextDelayMs(),
      backoff.nextDelayMs(),
    ]).toEqual([100, 200, 400]);
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.nextDelayMs()).toBe(100);
  });

  test("rejects invalid options on construction", () => {
    expect(() => new Backoff({ initialDelayMs: -1, maxDelayMs: 5 })).toThrow(
      "initialDelayMs must be above 0; received -1",
    );
  });
});
