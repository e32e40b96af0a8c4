import {
  AUTO_LEVEL,
  AUTO_VALUE,
  buildRenditionMenu,
  formatBitrate,
  levelForMenuValue,
  renditionLabels,
  type RenditionLevel,
} from "../../player/src/rendition-menu";

/** hls.js lists levels from the lowest bitrate up. */
const ladder: RenditionLevel[] = [
  { index: 0, width: 854, height: 480, bitrate: 1_296_000 },
  { index: 1, width: 1280, height: 720, bitrate: 3_128_000 },
  { index: 2, width: 1920, height: 1080, bitrate: 5_128_000 },
];

describe("buildRenditionMenu", () => {
  test("lists auto then highest to lowest", () => {
    const menu = buildRenditionMenu(ladder, {
      manualLevel: AUTO_LEVEL,
      playingLevel: -1,
    });
    expect(menu.items).toEqual([
      { value: "auto", label: "Auto" },
      { value: "2", label: "1080p" },
      { value: "1", label: "720p" },
      { value: "0", label: "480p" },
    ]);
    expect(menu.selectedValue).toBe(AUTO_VALUE);
  });

  test("names the playing rendition in the auto label", () => {
    const menu = buildRenditionMenu(ladder, {
      manualLevel: AUTO_LEVEL,
      playingLevel: 0,
    });
    expect(menu.items[0]).toEqual({ value: "auto", label: "Auto (480p)" });
  });

  test("selects a manual choice", () => {
    const menu = buildRenditionMenu(ladder, {
      manualLevel: 1,
      playingLevel: 0,
    });
    expect(menu.selectedValue).toBe("1");
  });

  test("falls back to auto for an unknown level", () => {
    const menu = buildRenditionMenu(ladder, {
      manualLevel: 7,
      playingLevel: 0,
    });
    expect(menu.selectedValue).toBe(AUTO_VALUE);
  });

  test("offers only auto without levels", () => {
    const menu = buildRenditionMenu([], {
      manualLevel: AUTO_LEVEL,
      playingLevel: -1,
    });
    expect(menu.items).toEqual([{ value: "auto", label: "Auto" }]);
  });

  test("orders equal heights by bitrate", () => {
    const levels = [
      { index: 0, height: 720, bitrate: 1_500_000 },
      { index: 1, height: 720, bitrate: 3_000_000 },
    ];
    const menu = buildRenditionMenu(levels, {
      manualLevel: AUTO_LEVEL,
      playingLevel: -1,
    });
    expect(menu.items.map((item) => item.label)).toEqual([
      "Auto",
      "720p, 3 Mbps",
      "720p, 1.5 Mbps",
    ]);
  });
});

describe("renditionLabels", () => {
  test("uses the bitrate without a height", () => {
    expect(renditionLabels([{ index: 0, bitrate: 96_000 }]).get(0)).toBe(
      "96 kbps",
    );
  });
});

describe("levelForMenuValue", () => {
  test("maps auto to the automatic level", () => {
    expect(levelForMenuValue("auto", ladder)).toBe(AUTO_LEVEL);
  });

  test("maps an index to its level", () => {
    expect(levelForMenuValue("2", ladder)).toBe(2);
  });

  test.each([["7"], ["-1"], ["1.5"], [""], ["high"]])("rejects %p", (value) => {
    expect(() => levelForMenuValue(value, ladder)).toThrow(
      new RangeError(`quality menu value "${value}" names no rendition`),
    );
  });
});

describe("formatBitrate", () => {
  test.each([
    [250_000, "250 kbps"],
    [999_499, "999 kbps"],
    [1_000_000, "1 Mbps"],
    [2_560_000, "2.6 Mbps"],
  ])("formats %p as %p", (bitrate, text) => {
    expect(formatBitrate(bitrate)).toBe(text);
  });
});
