import { parseCostArguments } from "../../scripts/lib/cost/arguments";
import { CostError } from "../../scripts/lib/cost/errors";

describe("parseCostArguments", () => {
  test("defaults to one hour, one viewer", () => {
    expect(parseCostArguments([])).toEqual({
      hours: 1,
      viewers: 1,
      priceRegion: undefined,
      help: false,
    });
  });

  test("reads every flag", () => {
    expect(
      parseCostArguments([
        "--hours",
        "1.5",
        "--viewers",
        "200",
        "--price-region",
        "eu-west-1",
      ]),
    ).toEqual({
      hours: 1.5,
      viewers: 200,
      priceRegion: "eu-west-1",
      help: false,
    });
  });

  test.each([
    [
      ["--hours", "0"],
      '--hours must be a positive number, received "0". Fix: pass for example --hours 2',
    ],
    [
      ["--hours", "abc"],
      '--hours must be a positive number, received "abc". Fix: pass for example --hours 2',
    ],
    [
      ["--hours", "2h"],
      '--hours must be a positive number, received "2h". Fix: pass for example --hours 2',
    ],
    [
      ["--hours", "Infinity"],
      '--hours must be a positive number, received "Infinity". Fix: pass for example --hours 2',
    ],
    [
      ["--hours="],
      '--hours must be a positive number, received "". Fix: pass for example --hours 2',
    ],
    [
      ["--viewers", "0"],
      '--viewers must be a positive number, received "0". Fix: pass for example --viewers 50',
    ],
    [
      ["--viewers", "1e3"],
      '--viewers must be a positive number, received "1e3". Fix: pass for example --viewers 50',
    ],
    [
      ["--viewers", "2.5"],
      '--viewers must be a whole number, received "2.5". Fix: pass for example --viewers 50',
    ],
    [
      ["--price-region", "Europe"],
      '--price-region must be an AWS region code, received "Europe". Fix: pass for example --price-region us-east-1',
    ],
  ])("%j is rejected", (argv, message) => {
    expect(() => parseCostArguments(argv)).toThrow(new CostError(message));
  });

  test("unknown flag is rejected", () => {
    expect(() => parseCostArguments(["--days", "2"])).toThrow(
      expect.objectContaining({ code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" }),
    );
  });
});
