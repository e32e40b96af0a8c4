import {
  median,
  ratio,
  runOrder,
  summarize,
} from "../../scripts/lib/bench/statistics";

describe("median", () => {
  test.each([
    { samples: [7], expected: 7 },
    { samples: [3, 1, 2], expected: 2 },
    { samples: [4, 1, 3, 2], expected: 2.5 },
    { samples: [10, 10, 1, 10, 500], expected: 10 },
    { samples: [-2, -8, 4], expected: -2 },
  ])("median of $samples is $expected", ({ samples, expected }) => {
    expect(median(samples)).toBe(expected);
  });

  test("median leaves its input unsorted", () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  test.each([
    { samples: [], message: "median needs at least one sample" },
    {
      samples: [1, Number.NaN],
      message: "median needs finite samples; received 1, NaN",
    },
    {
      samples: [Number.POSITIVE_INFINITY],
      message: "median needs finite samples; received Infinity",
    },
  ])("median rejects $samples", ({ samples, message }) => {
    expect(() => median(samples)).toThrow(new RangeError(message));
  });
});

describe("summarize", () => {
  test("summary has median and range", () => {
    expect(summarize([1200, 900, 1500, 1000, 1100])).toEqual({
      median: 1100,
      min: 900,
      max: 1500,
      count: 5,
    });
  });

  test("summary of no samples is undefined", () => {
    expect(summarize([])).toBeUndefined();
  });
});

describe("ratio", () => {
  test.each([
    { value: 3, reference: 2, expected: 1.5 },
    { value: 1, reference: 4, expected: 0.25 },
    { value: 1, reference: 0, expected: undefined },
    { value: undefined, reference: 2, expected: undefined },
    { value: 2, reference: undefined, expected: undefined },
  ])("ratio $value / $reference", ({ value, reference, expected }) => {
    expect(ratio(value, reference)).toBe(expected);
  });
});

describe("runOrder", () => {
  test("rotation puts each alternative first once", () => {
    const orders = [0, 1, 2].map((run) => runOrder(["a", "b", "c"], run));
    expect(orders).toEqual([
      ["a", "b", "c"],
      ["b", "c", "a"],
      ["c", "a", "b"],
    ]);
  });

  test("two alternatives alternate", () => {
    expect([0, 1, 2, 3].map((run) => runOrder(["x", "y"], run)[0])).toEqual([
      "x",
      "y",
      "x",
      "y",
    ]);
  });

  test("rotation leaves the input unchanged", () => {
    const alternatives = ["a", "b"];
    runOrder(alternatives, 1);
    expect(alternatives).toEqual(["a", "b"]);
  });
});
