import { parsePlayerConfig, PlayerConfigError } from "../../player/src/config";

const valid = {
  manifestPath: "live/demo-channel/index.m3u8",
  segmentLengthSeconds: 2,
  viewerAccess: "network",
};

describe("parsePlayerConfig", () => {
  test("accepts the generated shape", () => {
    expect(parsePlayerConfig(valid)).toEqual(valid);
  });

  test("ignores unknown fields", () => {
    expect(parsePlayerConfig({ ...valid, stageName: "watch" })).toEqual(valid);
  });

  test.each(["signed-links", "cognito"])(
    "accepts %s access",
    (viewerAccess) => {
      expect(parsePlayerConfig({ ...valid, viewerAccess }).viewerAccess).toBe(
        viewerAccess,
      );
    },
  );

  const pathRule =
    'manifestPath must be a relative path ending in ".m3u8", such as "live/demo-channel/index.m3u8"';
  test.each([
    [
      "missing path",
      { ...valid, manifestPath: undefined },
      `${pathRule}; received nothing`,
    ],
    [
      "absolute path",
      { ...valid, manifestPath: "/live/a/index.m3u8" },
      `${pathRule}; received "/live/a/index.m3u8"`,
    ],
    [
      "other host",
      { ...valid, manifestPath: "https://cdn.example/index.m3u8" },
      `${pathRule}; received "https://cdn.example/index.m3u8"`,
    ],
    [
      "parent folder",
      { ...valid, manifestPath: "../live/index.m3u8" },
      `${pathRule}; received "../live/index.m3u8"`,
    ],
    [
      "empty segment",
      { ...valid, manifestPath: "live//index.m3u8" },
      `${pathRule}; received "live//index.m3u8"`,
    ],
    [
      "query",
      { ...valid, manifestPath: "live/index.m3u8?x=1" },
      `${pathRule}; received "live/index.m3u8?x=1"`,
    ],
    [
      "not a playlist",
      { ...valid, manifestPath: "live/index.mpd" },
      `${pathRule}; received "live/index.mpd"`,
    ],
    ["number path", { ...valid, manifestPath: 3 }, `${pathRule}; received 3`],
    [
      "zero segment length",
      { ...valid, segmentLengthSeconds: 0 },
      "segmentLengthSeconds must be a number of seconds above 0 and at most 60; received 0",
    ],
    [
      "string segment length",
      { ...valid, segmentLengthSeconds: "2" },
      'segmentLengthSeconds must be a number of seconds above 0 and at most 60; received "2"',
    ],
    [
      "long segment length",
      { ...valid, segmentLengthSeconds: 61 },
      "segmentLengthSeconds must be a number of seconds above 0 and at most 60; received 61",
    ],
    [
      "unknown access mode",
      { ...valid, viewerAccess: "public" },
      'viewerAccess must be "network", "signed-links" or "cognito"; received "public"',
    ],
  ])("rejects %s", (_case, raw, message) => {
    expect(() => parsePlayerConfig(raw)).toThrow(
      new PlayerConfigError([message]),
    );
    expect(() => parsePlayerConfig(raw)).toThrow(
      `config.json is invalid: ${message}`,
    );
  });

  test.each([
    ["null", null, "expected a JSON object, received null"],
    ["array", [valid], "expected a JSON object, received an array"],
    ["string", "config", 'expected a JSON object, received "config"'],
  ])("rejects %s as the document", (_case, raw, message) => {
    expect(() => parsePlayerConfig(raw)).toThrow(
      `config.json is invalid: ${message}`,
    );
  });

  test("lists every problem at once", () => {
    let error: unknown;
    try {
      parsePlayerConfig({});
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PlayerConfigError);
    expect((error as PlayerConfigError).problems).toHaveLength(3);
  });
});
