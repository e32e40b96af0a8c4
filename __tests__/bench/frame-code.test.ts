import {
  decodeFrameCode,
  FRAME_CODE_BITS,
  frameCodeFilter,
} from "../../scripts/lib/bench/frame-code";

/** Block lumas for a frame number, as a clean picture shows them: 235 for white, 16 for black. */
function lumasFor(frame: number): number[] {
  const row = Array.from({ length: FRAME_CODE_BITS }, (_, bit) =>
    Math.floor(frame / 2 ** bit) % 2 === 1 ? 235 : 16,
  );
  return [...row, ...row.map((luma) => (luma === 235 ? 16 : 235))];
}

describe("decodeFrameCode", () => {
  test.each([0, 1, 37, 1800, 65535])("frame %d round-trips", (frame) => {
    expect(decodeFrameCode(lumasFor(frame))).toBe(frame);
  });

  test("mismatched complement row is undefined", () => {
    const lumas = lumasFor(37);
    lumas[FRAME_CODE_BITS + 2] = lumas[2];
    expect(decodeFrameCode(lumas)).toBeUndefined();
  });

  test("wrong block count throws", () => {
    expect(() => decodeFrameCode([0, 255])).toThrow(
      new RangeError("a frame code has 32 blocks; received 2"),
    );
  });
});

describe("frameCodeFilter", () => {
  test("filter draws two boxes per bit", () => {
    const filters = frameCodeFilter().split(/,(?=drawbox)/);
    expect(filters).toHaveLength(1 + 2 * FRAME_CODE_BITS);
    expect(filters).toContain(
      "drawbox=x=5*iw/16:w=iw/16:h=ih/12:color=white:t=fill:y=0:enable='gte(mod(n,64),32)'",
    );
    expect(filters).toContain(
      "drawbox=x=5*iw/16:w=iw/16:h=ih/12:color=white:t=fill:y=ih/12:enable='lt(mod(n,64),32)'",
    );
  });
});
