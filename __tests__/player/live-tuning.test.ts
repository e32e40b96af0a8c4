import { liveTuning } from "../../player/src/live-tuning";

describe("liveTuning", () => {
  test("derives the 2 s segment values", () => {
    const tuning = liveTuning(2);
    expect(tuning.liveSyncSegments).toBe(2);
    expect(tuning.targetEdgeDistanceSeconds).toBe(4);
    expect(tuning.behindLiveThresholdSeconds).toBe(8);
    expect(tuning.startLevel).toBe(0);
    expect(tuning.segmentTimeToFirstByteMs).toBe(5000);
    expect(tuning.segmentMaxLoadTimeMs).toBe(10_000);
    expect(tuning.waitingPoll).toEqual({
      initialDelayMs: 2000,
      maxDelayMs: 10_000,
      factor: 1.5,
    });
    expect(tuning.networkRetry).toEqual({
      initialDelayMs: 1000,
      maxDelayMs: 10_000,
      factor: 2,
    });
  });

  test("scales with 6 s segments", () => {
    const tuning = liveTuning(6);
    expect(tuning.targetEdgeDistanceSeconds).toBe(12);
    expect(tuning.behindLiveThresholdSeconds).toBe(24);
    expect(tuning.segmentTimeToFirstByteMs).toBe(12_000);
    expect(tuning.segmentMaxLoadTimeMs).toBe(24_000);
    expect(tuning.waitingPoll.maxDelayMs).toBe(30_000);
  });

  test.each([[0], [-2], [Number.NaN], [Number.POSITIVE_INFINITY]])(
    "rejects %p seconds",
    (seconds) => {
      expect(() => liveTuning(seconds)).toThrow(
        new RangeError(
          `segmentLengthSeconds must be a number above 0; received ${seconds}`,
        ),
      );
    },
  );
});
