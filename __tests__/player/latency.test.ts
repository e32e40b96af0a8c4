import {
  formatLatency,
  isBehindLive,
  liveLatencySeconds,
  programDateAtMs,
} from "../../player/src/latency";

const segmentStart = Date.UTC(2025, 0, 1, 12, 0, 0);
const anchor = { programDateTimeMs: segmentStart, mediaTimeSeconds: 100 };

describe("programDateAtMs", () => {
  test("adds the offset into the segment", () => {
    expect(programDateAtMs(anchor, 101.5)).toBe(segmentStart + 1500);
  });
});

describe("liveLatencySeconds", () => {
  test("measures from the frame's program date time", () => {
    // The frame 1.5 s into the segment is shown 5.7 s after it was captured.
    expect(
      liveLatencySeconds(anchor, 101.5, segmentStart + 1500 + 5700),
    ).toBeCloseTo(5.7, 6);
  });

  test("stays constant while playback keeps pace", () => {
    const first = liveLatencySeconds(anchor, 100, segmentStart + 6000);
    const later = liveLatencySeconds(anchor, 110, segmentStart + 16_000);
    expect(first).toBeCloseTo(6, 6);
    expect(later).toBeCloseTo(6, 6);
  });

  test("grows while paused", () => {
    expect(liveLatencySeconds(anchor, 100, segmentStart + 20_000)).toBeCloseTo(
      20,
      6,
    );
  });

  test("is negative when the viewer's clock is behind", () => {
    expect(liveLatencySeconds(anchor, 100, segmentStart - 2000)).toBeCloseTo(
      -2,
      6,
    );
  });

  test("is undefined without an anchor", () => {
    expect(liveLatencySeconds(undefined, 100, segmentStart)).toBeUndefined();
  });

  test.each([
    ["NaN current time", anchor, Number.NaN, segmentStart],
    [
      "NaN program date",
      { programDateTimeMs: Number.NaN, mediaTimeSeconds: 0 },
      1,
      segmentStart,
    ],
    ["infinite now", anchor, 100, Number.POSITIVE_INFINITY],
  ])("is undefined for %s", (_case, value, currentTime, now) => {
    expect(liveLatencySeconds(value, currentTime, now)).toBeUndefined();
  });
});

describe("isBehindLive", () => {
  test.each([
    [4, 8, false],
    [8, 8, false],
    [8.1, 8, true],
  ])("distance %p with threshold %p is %p", (distance, threshold, expected) => {
    expect(isBehindLive(distance, threshold)).toBe(expected);
  });
});

describe("formatLatency", () => {
  test.each([
    [5.66, "5.7 s"],
    [12, "12.0 s"],
    [-0.04, "0.0 s"],
    [-1.26, "-1.3 s"],
    [undefined, "–"],
  ])("formats %p as %p", (seconds, text) => {
    expect(formatLatency(seconds)).toBe(text);
  });
});
