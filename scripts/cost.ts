import { ConfigError } from "../stacks/config/errors";
import { loadConfig } from "../stacks/config/load";
import { parseCostArguments } from "./lib/cost/arguments";
import { capacityWarnings } from "./lib/cost/capacity";
import { CostError } from "./lib/cost/errors";
import { estimateCost } from "./lib/cost/estimate";
import { loadPriceTable } from "./lib/cost/prices";
import { renderEstimate } from "./lib/cost/render";

const USAGE = `Usage: npm run cost -- [--hours N] [--viewers V] [--price-region REGION]

Prints an estimate of what one event costs for the deployment configured in
the file named by STREAMING_CONFIG (or the built-in defaults).

  --hours N               length of the event in hours, from deploy to destroy (default: 1).
  --viewers V             number of viewers watching the whole event (default: 1). A warning
                          on standard error names any limit of the deployment they exceed.
  --price-region REGION   use this region's price table instead of the configured region's.`;

function main(): void {
  const options = parseCostArguments(process.argv.slice(2));
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const config = loadConfig();
  const prices = loadPriceTable(options.priceRegion ?? config.region);
  const estimate = estimateCost(
    config,
    { hours: options.hours, viewers: options.viewers },
    prices,
  );
  process.stdout.write(renderEstimate(estimate, config));
  for (const warning of capacityWarnings(config, options.viewers))
    process.stderr.write(`cost: warning: ${warning}\n`);
}

try {
  main();
} catch (error) {
  if (error instanceof CostError || error instanceof ConfigError) {
    process.stderr.write(`cost: ${error.message}\n`);
    process.exit(1);
  }
  if (
    error instanceof TypeError &&
    "code" in error &&
    String(error.code).startsWith("ERR_PARSE_ARGS")
  ) {
    process.stderr.write(`cost: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  throw error;
}
