import { parseArgs } from "node:util";
import { CostError } from "./errors";

/** Parsed command-line options of `npm run cost`. */
export interface CostOptions {
  readonly hours: number;
  readonly viewers: number;
  /** Region whose price table to use instead of the configured region. */
  readonly priceRegion?: string;
  readonly help: boolean;
}

/** Accepts decimal numbers such as "2", "1.5" or "0.25"; rejects "", "2h", "1e3" and "Infinity". */
const DECIMAL_PATTERN = /^\d+(?:\.\d+)?$/;
const REGION_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d$/;

function positiveNumber(
  flag: string,
  text: string | undefined,
  fallback: number,
  example: string,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!DECIMAL_PATTERN.test(text) || value <= 0) {
    throw new CostError(
      `${flag} must be a positive number, received ${JSON.stringify(text)}. Fix: pass for example ${flag} ${example}`,
    );
  }
  return value;
}

/** Parses and validates the flags; throws a CostError with the value received and the fix. */
export function parseCostArguments(argv: readonly string[]): CostOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      hours: { type: "string" },
      viewers: { type: "string" },
      "price-region": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  const hours = positiveNumber("--hours", values.hours, 1, "2");
  const viewers = positiveNumber("--viewers", values.viewers, 1, "50");
  if (!Number.isInteger(viewers)) {
    throw new CostError(
      `--viewers must be a whole number, received ${JSON.stringify(values.viewers)}. Fix: pass for example --viewers 50`,
    );
  }
  const priceRegion = values["price-region"];
  if (priceRegion !== undefined && !REGION_PATTERN.test(priceRegion)) {
    throw new CostError(
      `--price-region must be an AWS region code, received ${JSON.stringify(priceRegion)}. Fix: pass for example --price-region us-east-1`,
    );
  }
  return { hours, viewers, priceRegion, help: values.help ?? false };
}
