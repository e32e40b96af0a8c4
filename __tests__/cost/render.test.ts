import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { estimateCost } from "../../scripts/lib/cost/estimate";
import {
  formatQuantity,
  formatUnitPrice,
  formatUsd,
  renderEstimate,
} from "../../scripts/lib/cost/render";
import { configWith } from "../support/synth";
import { distinctPrices } from "./helpers";

const ROOT = join(__dirname, "..", "..");

describe("formatting", () => {
  test.each([
    [4, "4"],
    [12000, "12,000"],
    [0.36, "0.36"],
    [230.76923, "230.8"],
    [0.000162, "0.000162"],
  ])("quantity %p renders %s", (value, text) => {
    expect(formatQuantity(value)).toBe(text);
  });

  test.each([
    [0, "$0.00"],
    [0.4, "$0.40"],
    [0.0018, "$0.0018"],
    [1234.5, "$1,234.50"],
  ])("cost %p renders %s", (value, text) => {
    expect(formatUsd(value)).toBe(text);
  });

  test.each([
    [0.1, "$0.10"],
    [0.294, "$0.294"],
    [0.0004, "$0.0004"],
    [3.5, "$3.50"],
  ])("unit price %p renders %s", (value, text) => {
    expect(formatUnitPrice(value)).toBe(text);
  });
});

describe("renderEstimate", () => {
  const config = configWith();
  const estimate = estimateCost(
    config,
    { hours: 2, viewers: 30 },
    distinctPrices(),
  );
  const text = renderEstimate(estimate, config);

  test("says it is an estimate", () => {
    expect(text).toContain("This is an estimate");
    expect(text).toContain("Total (estimate)");
  });

  test("shows the total", () => {
    expect(text).toMatch(
      new RegExp(
        `Total \\(estimate\\) +${formatUsd(estimate.total).replace("$", "\\$")}`,
      ),
    );
  });

  test("shows cost per event-hour", () => {
    expect(text).toMatch(
      new RegExp(
        `Per event-hour +${formatUsd(estimate.total / 2).replace("$", "\\$")}`,
      ),
    );
  });

  test("names event size", () => {
    expect(text.split("\n")[0]).toBe(
      'Cost estimate for environment "demo" in us-east-1: a 2-hour event with 30 viewers',
    );
  });

  test("lists every line", () => {
    for (const item of estimate.lines) expect(text).toContain(item.item);
  });
});

describe("cost script", () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "cost-script-"));
    writeFileSync(
      join(directory, "config.json"),
      JSON.stringify({ environment: "keynote" }),
    );
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function runCost(args: string[]) {
    return spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/cost.ts", ...args],
      {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 20_000,
        env: {
          ...process.env,
          STREAMING_CONFIG: join(directory, "config.json"),
        },
      },
    );
  }

  test("prints the estimate for the configured environment", () => {
    const result = runCost(["--hours", "3", "--viewers", "25"]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(
      'Cost estimate for environment "keynote" in us-east-1: a 3-hour event with 25 viewers',
    );
    expect(result.stdout).toContain("estimate");
  });

  test("invalid flag value exits 1", () => {
    const result = runCost(["--viewers", "0"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      'cost: --viewers must be a positive number, received "0". Fix: pass for example --viewers 50\n',
    );
  });
});
