import {
  findMissingTools,
  isContinuousIntegration,
} from "../../scripts/lib/required-tools";

describe("isContinuousIntegration", () => {
  test.each([
    [{ CI: "true" }, true],
    [{ CI: "1" }, true],
    [{ CI: "" }, false],
    [{ CI: "false" }, false],
    [{}, false],
  ])("%j gives %p", (environment, expected) => {
    expect(isContinuousIntegration(environment)).toBe(expected);
  });
});

describe("findMissingTools", () => {
  test("reports nothing for no tools", () => {
    expect(findMissingTools([])).toEqual([]);
  });
});
