import { relative } from "node:path";
import type { Config } from "../../../stacks/config/schema";
import type { Estimate, LineGroup, LineItem } from "./estimate";
import { priceTablePath } from "./prices";

const GROUP_TITLES: Readonly<Record<LineGroup, string>> = {
  hourly: "While deployed, per hour",
  viewers: "Per viewer, for the length of the event",
  event: "For the event as a whole",
};

/** Marks a unit price that was not read from an AWS pricing page. */
const UNCONFIRMED_MARK = "*";

/** Renders a quantity: whole numbers with separators, others with 4 significant digits. */
export function formatQuantity(value: number): string {
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return String(Number(value.toPrecision(4)));
}

/** Renders US dollars: cents, or 4 decimals for amounts under a cent. */
export function formatUsd(value: number): string {
  if (value > 0 && value < 0.01) return `$${value.toFixed(4)}`;
  return `$${value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Renders a unit price with at least two decimals and every significant one: $0.10, $0.0004, $3.50. */
export function formatUnitPrice(value: number): string {
  const text = String(value);
  const decimals = text.includes(".") ? (text.split(".")[1] ?? "").length : 0;
  return `$${value.toFixed(Math.max(2, decimals))}`;
}

function row(item: LineItem): string[] {
  const mark = item.confirmed ? "" : ` ${UNCONFIRMED_MARK}`;
  return [
    `  ${item.item}`,
    formatQuantity(item.quantity),
    item.unit,
    `${formatUnitPrice(item.unitPrice)}${mark}`,
    formatUsd(item.cost),
  ];
}

/** Right-aligns the numeric columns (quantity, unit price, cost) and left-aligns the rest. */
const RIGHT_ALIGNED = new Set([1, 3, 4]);

function table(rows: readonly string[][]): string[] {
  const widths = [0, 1, 2, 3, 4].map((column) =>
    Math.max(...rows.map((cells) => (cells[column] ?? "").length)),
  );
  return rows.map((cells) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return RIGHT_ALIGNED.has(column)
          ? cell.padStart(width)
          : cell.padEnd(width);
      })
      .join("  ")
      .trimEnd(),
  );
}

function sumOf(lines: readonly LineItem[], group: LineGroup): number {
  return lines
    .filter((item) => item.group === group)
    .reduce((sum, item) => sum + item.cost, 0);
}

function assumptions(config: Config): string[] {
  const access = config.vpn.enabled
    ? "every viewer holds one Client VPN connection and"
    : "viewers come over the corporate network (its own charges are not included) and";
  return [
    `Assumptions: ${access} watches the top rendition for the whole event (the worst case);`,
    "each viewer fetches one segment and one playlist per segment length; the deployment exists only for the event,",
    "although hourly charges run from deploy to destroy; MediaLive STANDARD channels cost the multiplier in the price table.",
  ];
}

/** Renders the estimate as a plain-text table with subtotals, the total and the assumptions. */
export function renderEstimate(estimate: Estimate, config: Config): string {
  const { event, lines, prices } = estimate;
  const hours = event.hours === 1 ? "1-hour" : `${event.hours}-hour`;
  const viewers = event.viewers === 1 ? "1 viewer" : `${event.viewers} viewers`;
  const source =
    relative(process.cwd(), priceTablePath(prices.region)) ||
    priceTablePath(prices.region);

  const rows: string[][] = [["Item", "Quantity", "Unit", "Unit price", "Cost"]];
  for (const group of ["hourly", "viewers", "event"] as const) {
    rows.push([GROUP_TITLES[group], "", "", "", ""]);
    rows.push(...lines.filter((item) => item.group === group).map(row));
  }
  const summary = (label: string, value: number) => [
    label,
    "",
    "",
    "",
    formatUsd(value),
  ];
  rows.push(summary("Total (estimate)", estimate.total));
  rows.push(summary("Per event-hour", estimate.total / event.hours));
  rows.push(
    summary(
      "Per hour while deployed, without viewers",
      sumOf(lines, "hourly") / event.hours,
    ),
  );
  rows.push(
    summary(
      "Per viewer-hour",
      sumOf(lines, "viewers") / (event.viewers * event.hours),
    ),
  );

  const output = [
    `Cost estimate for environment "${config.environment}" in ${config.region}: a ${hours} event with ${viewers}`,
    `This is an estimate from on-demand list prices in ${prices.currency} taken on ${prices.retrieved} (${source}).`,
    "",
    ...table(rows),
    "",
    `${UNCONFIRMED_MARK} Price not confirmed on an AWS pricing page. The price table's "note" names its source.`,
  ];
  if (prices.region !== config.region) {
    output.splice(
      2,
      0,
      `Prices are for ${prices.region}; the deployment is in ${config.region}, where they differ.`,
    );
  }
  if (estimate.missing.length > 0) {
    output.push(
      `Not included, because the price table has no rate for them, so the total is too low: ${estimate.missing.join("; ")}.`,
    );
  }
  output.push(...assumptions(config), "");
  return output.join("\n");
}
