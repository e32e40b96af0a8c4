import { chooseEngine } from "../../player/src/engine";

describe("chooseEngine", () => {
  test.each([
    [
      "MSE with native maybe (Chromium)",
      { mediaSource: true, nativeHls: "maybe" },
      "hls.js",
    ],
    ["MSE without native", { mediaSource: true, nativeHls: "" }, "hls.js"],
    [
      "native only (iPhone)",
      { mediaSource: false, nativeHls: "probably" },
      "native",
    ],
    ["neither", { mediaSource: false, nativeHls: "" }, "unsupported"],
  ])("picks for %s", (_case, support, engine) => {
    expect(chooseEngine(support)).toBe(engine);
  });
});
