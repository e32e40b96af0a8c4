import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CostError } from "../../scripts/lib/cost/errors";
import { estimateCost } from "../../scripts/lib/cost/estimate";
import { loadPriceTable, priceTablePath } from "../../scripts/lib/cost/prices";
import { configWith } from "../support/synth";

describe("us-east-1 price table", () => {
  const table = loadPriceTable("us-east-1");

  test("states region, currency and date", () => {
    expect(table.region).toBe("us-east-1");
    expect(table.currency).toBe("USD");
    expect(table.retrieved).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  test("calls itself an estimate", () => {
    expect(table.description).toContain("estimate");
  });

  test("every unconfirmed price explains itself", () => {
    const entries = [
      ...Object.entries(table.prices),
      ...Object.entries(table.medialive.inputs),
      ...Object.entries(table.medialive.outputs),
    ];
    const unexplained = entries
      .filter(([, price]) => !price.confirmed && !price.note)
      .map(([name]) => name);
    expect(unexplained).toEqual([]);
  });

  test("every confirmed price has a URL", () => {
    const confirmed = Object.entries(table.prices).filter(
      ([, price]) => price.confirmed,
    );
    expect(confirmed.length).toBeGreaterThan(0);
    for (const [, price] of confirmed)
      expect(price.source).toMatch(/^https:\/\//);
  });

  test("default deployment is fully priced", () => {
    const estimate = estimateCost(
      configWith(),
      { hours: 1, viewers: 1 },
      table,
    );
    expect(estimate.missing).toEqual([]);
  });
});

describe("loadPriceTable", () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "prices-"));
    writeFileSync(join(directory, "prices-eu-west-1.json"), "{ not json");
    const real = loadPriceTable("us-east-1");
    const { lambdaMillionRequests: _dropped, ...incomplete } = real.prices;
    writeFileSync(
      join(directory, "prices-eu-west-2.json"),
      JSON.stringify({ ...real, region: "eu-west-2", prices: incomplete }),
    );
    writeFileSync(
      join(directory, "prices-eu-west-3.json"),
      JSON.stringify({ ...real, region: "eu-north-1" }),
    );
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  test("missing region names the file and fix", () => {
    expect(() => loadPriceTable("ap-south-1", directory)).toThrow(
      new CostError(
        `no price table for region ap-south-1 (${priceTablePath("ap-south-1", directory)} not found). ` +
          "Fix: add one with the fields of prices-us-east-1.json, or pass --price-region us-east-1 to use those prices",
      ),
    );
  });

  test("invalid JSON is rejected", () => {
    expect(() => loadPriceTable("eu-west-1", directory)).toThrow(
      /prices-eu-west-1\.json is not valid JSON \(.*\)\. Fix: correct the JSON syntax$/,
    );
  });

  test("incomplete table names the field", () => {
    expect(() => loadPriceTable("eu-west-2", directory)).toThrow(
      /prices-eu-west-2\.json: prices\.lambdaMillionRequests is invalid \(.*\)\. Fix: compare it with prices-us-east-1\.json$/,
    );
  });

  test("region mismatch is rejected", () => {
    expect(() => loadPriceTable("eu-west-3", directory)).toThrow(
      `${priceTablePath("eu-west-3", directory)} is for region eu-north-1, not eu-west-3. Fix: correct its "region" field`,
    );
  });
});
