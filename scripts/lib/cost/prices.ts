import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CostError } from "./errors";

const priceSchema = z.strictObject({
  usd: z.number().nonnegative(),
  unit: z.string().min(1),
  source: z.string().min(1),
  /** False when the number was not read from an AWS page. The note then names where it came from. */
  confirmed: z.boolean(),
  note: z.string().optional(),
});

const assumptionSchema = z.strictObject({
  value: z.number().nonnegative(),
  note: z.string().min(1),
});

/** The price table file: one region's on-demand prices with their sources, and the model's assumptions. */
export const priceTableSchema = z.strictObject({
  region: z.string().min(1),
  currency: z.literal("USD"),
  /** Date the prices were taken, YYYY-MM-DD. */
  retrieved: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  description: z.string(),
  prices: z.strictObject({
    clientVpnAssociationHour: priceSchema,
    clientVpnConnectionHour: priceSchema,
    interfaceEndpointAzHour: priceSchema,
    interfaceEndpointDataGb: priceSchema,
    transitGatewayAttachmentHour: priceSchema,
    transitGatewayDataGb: priceSchema,
    apiGatewayRestMillionRequests: priceSchema,
    dataTransferOutGb: priceSchema,
    s3PutThousandRequests: priceSchema,
    s3GetThousandRequests: priceSchema,
    s3StorageGbMonth: priceSchema,
    cloudwatchLogsIngestGb: priceSchema,
    cloudwatchLogsStorageGbMonth: priceSchema,
    lambdaMillionRequests: priceSchema,
  }),
  medialive: z.strictObject({
    standardChannelMultiplier: z.strictObject({
      value: z.number().positive(),
      source: z.string().min(1),
      confirmed: z.boolean(),
      note: z.string().optional(),
    }),
    /** Keyed `<codec>-<resolution>-<maximum bitrate>`, for example `AVC-HD-MAX_10_MBPS`. */
    inputs: z.record(z.string(), priceSchema),
    /** Keyed `<codec>-<resolution>-<frame rate tier>`, for example `AVC-HD-UP_TO_30FPS`. */
    outputs: z.record(z.string(), priceSchema),
  }),
  assumptions: z.strictObject({
    apiAccessLogBytesPerRequest: assumptionSchema,
    flowLogRecordsPerViewerMinute: assumptionSchema,
    flowLogBytesPerRecord: assumptionSchema,
  }),
});

export type PriceTable = z.infer<typeof priceTableSchema>;
export type Price = z.infer<typeof priceSchema>;
export type PriceName = keyof PriceTable["prices"];

/** Folder of the price tables, one `prices-<region>.json` per region. */
export const PRICE_TABLE_DIRECTORY = __dirname;

/** Path of the price table for a region. */
export function priceTablePath(
  region: string,
  directory = PRICE_TABLE_DIRECTORY,
): string {
  return join(directory, `prices-${region}.json`);
}

/** Reads and validates the price table for a region; throws a CostError naming the file and the fix. */
export function loadPriceTable(
  region: string,
  directory = PRICE_TABLE_DIRECTORY,
): PriceTable {
  const path = priceTablePath(region, directory);
  if (!existsSync(path)) {
    throw new CostError(
      `no price table for region ${region} (${path} not found). ` +
        "Fix: add one with the fields of prices-us-east-1.json, or pass --price-region us-east-1 to use those prices",
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CostError(
      `${path} is not valid JSON (${(error as Error).message}). Fix: correct the JSON syntax`,
    );
  }
  const result = priceTableSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join(".") || "(root)";
    throw new CostError(
      `${path}: ${field} is invalid (${issue?.message}). Fix: compare it with prices-us-east-1.json`,
    );
  }
  if (result.data.region !== region) {
    throw new CostError(
      `${path} is for region ${result.data.region}, not ${region}. Fix: correct its "region" field`,
    );
  }
  return result.data;
}
