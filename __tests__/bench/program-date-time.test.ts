import {
  frameProgramDateTimeMs,
  liveLatencySeconds,
  parseMediaPlaylist,
  parseProgramDateTime,
  SegmentHistory,
} from "../../scripts/lib/bench/program-date-time";

/** A live playlist as ffmpeg 5.1 writes it with `program_date_time`: offsets without a colon. */
const PLAYLIST = `#EXTM3U
#EXT-X-VERSION:3
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:4
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-PROGRAM-DATE-TIME:2026-03-01T10:00:06.000+0000
#EXTINF:2.000000,
index_360p_00004.ts
#EXT-X-PROGRAM-DATE-TIME:2026-03-01T10:00:08.000+0000
#EXTINF:2.000000,
index_360p_00005.ts
#EXTINF:1.500000,
index_360p_00006.ts
`;

const T0 = Date.UTC(2026, 2, 1, 10, 0, 0);

describe("parseProgramDateTime", () => {
  test.each([
    { value: "2026-03-01T10:00:06.000+0000", expected: T0 + 6000 },
    { value: "2026-03-01T12:00:06.250+0200", expected: T0 + 6250 },
    { value: "2026-03-01T10:00:06.000Z", expected: T0 + 6000 },
    { value: "2026-03-01T05:00:06.000-05:00", expected: T0 + 6000 },
  ])("date $value", ({ value, expected }) => {
    expect(parseProgramDateTime(value)).toBe(expected);
  });

  test("date rejects text", () => {
    expect(() => parseProgramDateTime("yesterday")).toThrow(
      'invalid EXT-X-PROGRAM-DATE-TIME "yesterday"',
    );
  });
});

describe("parseMediaPlaylist", () => {
  test("segments get sequence, duration and date", () => {
    expect(parseMediaPlaylist(PLAYLIST)).toEqual([
      {
        sequence: 4,
        uri: "index_360p_00004.ts",
        durationSeconds: 2,
        programDateTimeMs: T0 + 6000,
      },
      {
        sequence: 5,
        uri: "index_360p_00005.ts",
        durationSeconds: 2,
        programDateTimeMs: T0 + 8000,
      },
      // No tag of its own: the previous date plus the previous duration.
      {
        sequence: 6,
        uri: "index_360p_00006.ts",
        durationSeconds: 1.5,
        programDateTimeMs: T0 + 10000,
      },
    ]);
  });

  test("playlist without dates has undefined dates", () => {
    const segments = parseMediaPlaylist(
      "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:1\n#EXTINF:2.0,\na.ts\n",
    );
    expect(segments).toEqual([
      {
        sequence: 1,
        uri: "a.ts",
        durationSeconds: 2,
        programDateTimeMs: undefined,
      },
    ]);
  });

  test.each([
    {
      text: "index_1.ts\n",
      message: "not an HLS playlist: the first line is not #EXTM3U",
    },
    {
      text: "#EXTM3U\nindex_1.ts\n",
      message: "segment index_1.ts has no valid #EXTINF",
    },
  ])("playlist rejects $text", ({ text, message }) => {
    expect(() => parseMediaPlaylist(text)).toThrow(message);
  });
});

/** History of a stream whose first segment (sequence 1) started at T0, every segment 2 s long. */
function historyOfTwoSecondSegments(count: number): SegmentHistory {
  const history = new SegmentHistory();
  const segments = Array.from({ length: count }, (_, index) => ({
    sequence: index + 1,
    uri: `s${index + 1}.ts`,
    durationSeconds: 2,
    programDateTimeMs: T0 + index * 2000,
  }));
  // Two overlapping reads of a sliding playlist, as the encoder's poller records them.
  history.record(segments.slice(0, 3));
  history.record(segments.slice(1));
  return history;
}

describe("SegmentHistory", () => {
  test("history keeps each sequence once", () => {
    const history = historyOfTwoSecondSegments(5);
    expect(history.size).toBe(5);
    expect(history.firstSequence).toBe(1);
  });

  test("history keeps the first timing seen", () => {
    const history = new SegmentHistory();
    history.record([
      { sequence: 3, uri: "a.ts", durationSeconds: 2, programDateTimeMs: 1000 },
    ]);
    history.record([
      { sequence: 3, uri: "a.ts", durationSeconds: 2, programDateTimeMs: 9999 },
    ]);
    expect(history.get(3)?.programDateTimeMs).toBe(1000);
  });

  test("empty history has no first sequence", () => {
    expect(new SegmentHistory().firstSequence).toBeUndefined();
  });
});

describe("frameProgramDateTimeMs", () => {
  test.each([
    { mediaTimeSeconds: 0, expected: T0 },
    { mediaTimeSeconds: 1.5, expected: T0 + 1500 },
    { mediaTimeSeconds: 2, expected: T0 + 2000 },
    { mediaTimeSeconds: 9.9, expected: T0 + 9900 },
  ])("frame at $mediaTimeSeconds s", ({ mediaTimeSeconds, expected }) => {
    expect(
      frameProgramDateTimeMs(
        historyOfTwoSecondSegments(5),
        1,
        mediaTimeSeconds,
      ),
    ).toBeCloseTo(expected, 6);
  });

  test("frame uses its own segment's date", () => {
    // The encoder's clock jumped by 300 ms at segment 3: frames in it follow that date, not the sum of durations.
    const history = new SegmentHistory();
    history.record([
      { sequence: 1, uri: "s1.ts", durationSeconds: 2, programDateTimeMs: T0 },
      {
        sequence: 2,
        uri: "s2.ts",
        durationSeconds: 2,
        programDateTimeMs: T0 + 2000,
      },
      {
        sequence: 3,
        uri: "s3.ts",
        durationSeconds: 2,
        programDateTimeMs: T0 + 4300,
      },
    ]);
    expect(frameProgramDateTimeMs(history, 1, 4.5)).toBeCloseTo(T0 + 4800, 6);
  });

  test("frame uses uneven segment lengths", () => {
    const history = new SegmentHistory();
    history.record([
      { sequence: 7, uri: "a.ts", durationSeconds: 2.5, programDateTimeMs: T0 },
      {
        sequence: 8,
        uri: "b.ts",
        durationSeconds: 1.5,
        programDateTimeMs: T0 + 2500,
      },
    ]);
    expect(frameProgramDateTimeMs(history, 7, 3)).toBeCloseTo(T0 + 3000, 6);
  });

  test.each([
    {
      mediaTimeSeconds: 10,
      message:
        "segment 6 is missing from the playlist history, so the frame at 10 s has no date",
    },
    {
      mediaTimeSeconds: -1,
      message: "mediaTimeSeconds must be a number of at least 0; received -1",
    },
    {
      mediaTimeSeconds: Number.NaN,
      message: "mediaTimeSeconds must be a number of at least 0; received NaN",
    },
  ])("frame at $mediaTimeSeconds s throws", ({ mediaTimeSeconds, message }) => {
    expect(() =>
      frameProgramDateTimeMs(
        historyOfTwoSecondSegments(5),
        1,
        mediaTimeSeconds,
      ),
    ).toThrow(message);
  });

  test("frame in a segment without a date throws", () => {
    const history = new SegmentHistory();
    history.record([
      {
        sequence: 1,
        uri: "a.ts",
        durationSeconds: 2,
        programDateTimeMs: undefined,
      },
    ]);
    expect(() => frameProgramDateTimeMs(history, 1, 1)).toThrow(
      "segment 1 has no EXT-X-PROGRAM-DATE-TIME",
    );
  });
});

describe("liveLatencySeconds", () => {
  test("latency is shown time minus frame date", () => {
    const frameDate = frameProgramDateTimeMs(
      historyOfTwoSecondSegments(5),
      1,
      3.25,
    );
    expect(liveLatencySeconds(T0 + 9250, frameDate)).toBeCloseTo(6, 6);
  });

  test("latency is negative for a clock behind", () => {
    expect(liveLatencySeconds(T0, T0 + 500)).toBeCloseTo(-0.5, 6);
  });
});
