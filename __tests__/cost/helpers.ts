import type { PriceTable } from "../../scripts/lib/cost/prices";
import { loadPriceTable } from "../../scripts/lib/cost/prices";

/**
 * Returns the real table's shape with every price replaced by a distinct
 * number, so that a line priced with the wrong entry shows up as a wrong cost.
 */
export function distinctPrices(): PriceTable {
  const real = loadPriceTable("us-east-1");
  const prices = Object.fromEntries(
    Object.entries(real.prices).map(([name, price], index) => [
      name,
      { ...price, usd: 1 + index * 0.5, confirmed: true },
    ]),
  ) as PriceTable["prices"];
  return {
    ...real,
    prices,
    medialive: {
      standardChannelMultiplier: {
        ...real.medialive.standardChannelMultiplier,
        value: 1.75,
      },
      inputs: {
        "AVC-HD-MAX_10_MBPS": {
          ...real.medialive.inputs["AVC-HD-MAX_10_MBPS"]!,
          usd: 0.31,
        },
        "AVC-HD-MAX_20_MBPS": {
          ...real.medialive.inputs["AVC-HD-MAX_20_MBPS"]!,
          usd: 0.37,
        },
      },
      outputs: {
        "AVC-SD-UP_TO_30FPS": {
          ...real.medialive.outputs["AVC-SD-UP_TO_30FPS"]!,
          usd: 0.41,
        },
        "AVC-HD-UP_TO_30FPS": {
          ...real.medialive.outputs["AVC-HD-UP_TO_30FPS"]!,
          usd: 0.83,
        },
        "AVC-HD-UP_TO_60FPS": {
          ...real.medialive.outputs["AVC-HD-UP_TO_30FPS"]!,
          usd: 1.19,
        },
      },
    },
    assumptions: {
      apiAccessLogBytesPerRequest: { value: 400, note: "test" },
      flowLogRecordsPerViewerMinute: { value: 3, note: "test" },
      flowLogBytesPerRecord: { value: 120, note: "test" },
    },
  };
}
