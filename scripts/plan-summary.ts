import { parseArgs } from "node:util";
import { parsePlanArguments } from "./lib/plan-summary/arguments";
import { PlanSummaryError } from "./lib/plan-summary/errors";
import { readPlanFile } from "./lib/plan-summary/plan-format";
import { renderSummary } from "./lib/plan-summary/render";
import { summarizePlan } from "./lib/plan-summary/summary";

const USAGE = `Usage: npm run plan-summary -- [LABEL=]PLAN.json...

Prints a Markdown summary of Terraform plans for a pull request comment:
changes that interrupt the stream, need new VPN profiles or viewer links,
change access, or delete data come first, then counts per stack.

  PLAN.json   output of "terraform show -json plan.tfplan", one per stack, in deploy order.
  LABEL       stack name to show (default: the file name without .json).`;

function main(): void {
  const { values, positionals } = parseArgs({
    options: { help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const summaries = parsePlanArguments(positionals).map(({ label, path }) =>
    summarizePlan(label, readPlanFile(path)),
  );
  process.stdout.write(renderSummary(summaries));
}

try {
  main();
} catch (error) {
  if (error instanceof PlanSummaryError) {
    process.stderr.write(`plan-summary: ${error.message}\n`);
    process.exit(1);
  }
  if (
    error instanceof TypeError &&
    "code" in error &&
    String(error.code).startsWith("ERR_PARSE_ARGS")
  ) {
    process.stderr.write(`plan-summary: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  throw error;
}
