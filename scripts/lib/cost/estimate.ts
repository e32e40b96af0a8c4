import type { Config } from "../../../stacks/config/schema";
import { inputPriceKey, outputsByPrice } from "./medialive";
import type { Price, PriceName, PriceTable } from "./prices";
import {
  authorizerInvocationsPerViewerHour,
  gigabytes,
  ladderBitrate,
  pipelineCount,
  requestsPerViewerHour,
  segmentsPerHour,
  topRenditionBitrate,
} from "./traffic";

/** Length and audience of the event being priced. */
export interface EventSize {
  readonly hours: number;
  readonly viewers: number;
}

/** The quantity a line scales with: deployed hours, viewer-hours, or the event as a whole. */
export type LineGroup = "hourly" | "viewers" | "event";

/** One priced line: quantity (in the price's unit) times unit price. */
export interface LineItem {
  readonly group: LineGroup;
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly confirmed: boolean;
  readonly cost: number;
}

export interface Estimate {
  readonly event: EventSize;
  readonly region: string;
  readonly prices: PriceTable;
  readonly lines: readonly LineItem[];
  /** Parts of the deployment the price table has no rate for, left out of the total. */
  readonly missing: readonly string[];
  readonly total: number;
}

const MILLION = 1e6;
const THOUSAND = 1e3;
/** Days in the month that S3 and CloudWatch Logs storage prices refer to. */
const DAYS_PER_MONTH = 30;

function line(
  group: LineGroup,
  item: string,
  quantity: number,
  price: Price,
): LineItem {
  return {
    group,
    item,
    quantity,
    unit: price.unit,
    unitPrice: price.usd,
    confirmed: price.confirmed,
    cost: quantity * price.usd,
  };
}

function networkLines(
  config: Config,
  event: EventSize,
  prices: PriceTable,
): LineItem[] {
  const price = (name: PriceName) => prices.prices[name];
  const lines: LineItem[] = [];
  if (config.vpn.enabled) {
    const associations =
      config.vpn.associatedSubnets ?? config.network.availabilityZones;
    lines.push(
      line(
        "hourly",
        "Client VPN subnet associations",
        associations * event.hours,
        price("clientVpnAssociationHour"),
      ),
    );
  }
  lines.push(
    line(
      "hourly",
      "execute-api interface endpoint, per zone",
      config.network.availabilityZones * event.hours,
      price("interfaceEndpointAzHour"),
    ),
  );
  if (config.network.transitGatewayId !== undefined) {
    lines.push(
      line(
        "hourly",
        "Transit gateway VPC attachment",
        event.hours,
        price("transitGatewayAttachmentHour"),
      ),
    );
  }
  return lines;
}

function mediaLiveLines(
  config: Config,
  event: EventSize,
  prices: PriceTable,
): { lines: LineItem[]; missing: string[] } {
  const { media } = config;
  const multiplier =
    media.channelClass === "STANDARD"
      ? prices.medialive.standardChannelMultiplier.value
      : 1;
  const lines: LineItem[] = [];
  const missing: string[] = [];

  const inputKey = inputPriceKey(media);
  const inputPrice = prices.medialive.inputs[inputKey];
  if (inputPrice) {
    lines.push(
      line(
        "hourly",
        `MediaLive input ${inputKey} (${media.channelClass})`,
        multiplier * event.hours,
        inputPrice,
      ),
    );
  } else {
    missing.push(`MediaLive input ${inputKey}`);
  }

  for (const [key, renditions] of outputsByPrice(media)) {
    const names = renditions.map((rendition) => rendition.name).join(", ");
    const outputPrice = prices.medialive.outputs[key];
    if (outputPrice) {
      const item = `MediaLive outputs ${key} (${names})`;
      lines.push(
        line(
          "hourly",
          item,
          renditions.length * multiplier * event.hours,
          outputPrice,
        ),
      );
    } else {
      missing.push(`MediaLive outputs ${key} (${names})`);
    }
  }
  return { lines, missing };
}

function viewerLines(
  config: Config,
  event: EventSize,
  prices: PriceTable,
): LineItem[] {
  const price = (name: PriceName) => prices.prices[name];
  const viewerHours = event.viewers * event.hours;
  const requests = viewerHours * requestsPerViewerHour(config.media);
  const dataGb =
    event.viewers * gigabytes(topRenditionBitrate(config.media), event.hours);
  const lines: LineItem[] = [];

  // NOTE: traffic to VPN viewers is priced as internet data transfer out.
  // Whether API Gateway adds its own transfer charge for a private API was not confirmed, so none is counted.
  if (config.vpn.enabled) {
    lines.push(
      line(
        "viewers",
        "Client VPN connections, one per viewer",
        viewerHours,
        price("clientVpnConnectionHour"),
      ),
    );
    lines.push(
      line(
        "viewers",
        "Data out to viewers over the VPN, top rendition",
        dataGb,
        price("dataTransferOutGb"),
      ),
    );
  } else if (config.network.transitGatewayId !== undefined) {
    lines.push(
      line(
        "viewers",
        "Transit gateway data to viewers, top rendition",
        dataGb,
        price("transitGatewayDataGb"),
      ),
    );
  }
  lines.push(
    line(
      "viewers",
      "execute-api endpoint data processed",
      dataGb,
      price("interfaceEndpointDataGb"),
    ),
  );
  lines.push(
    line(
      "viewers",
      "API Gateway REST requests",
      requests / MILLION,
      price("apiGatewayRestMillionRequests"),
    ),
  );
  lines.push(
    line(
      "viewers",
      "S3 GET requests from the API",
      requests / THOUSAND,
      price("s3GetThousandRequests"),
    ),
  );
  if (config.viewerAccess === "signed-links") {
    const invocations =
      viewerHours * authorizerInvocationsPerViewerHour(config);
    lines.push(
      line(
        "viewers",
        "Lambda authorizer invocations",
        invocations / MILLION,
        price("lambdaMillionRequests"),
      ),
    );
  }
  return lines;
}

/** Gigabytes of API access logs and VPC Flow Logs the viewers cause. */
function logGigabytes(
  config: Config,
  event: EventSize,
  prices: PriceTable,
): { access: number; flow: number } {
  const { assumptions } = prices;
  const viewerHours = event.viewers * event.hours;
  const requests = viewerHours * requestsPerViewerHour(config.media);
  const access =
    (requests * assumptions.apiAccessLogBytesPerRequest.value) / 1e9;
  const flowRecords =
    viewerHours * 60 * assumptions.flowLogRecordsPerViewerMinute.value;
  const flow = (flowRecords * assumptions.flowLogBytesPerRecord.value) / 1e9;
  return { access, flow };
}

function logLines(
  config: Config,
  event: EventSize,
  prices: PriceTable,
): LineItem[] {
  const price = (name: PriceName) => prices.prices[name];
  const logs = logGigabytes(config, event, prices);
  const retainedMonths = config.logRetentionDays / DAYS_PER_MONTH;
  return [
    line(
      "viewers",
      "CloudWatch Logs ingestion, API access logs",
      logs.access,
      price("cloudwatchLogsIngestGb"),
    ),
    line(
      "viewers",
      "CloudWatch Logs ingestion, VPC Flow Logs",
      logs.flow,
      price("cloudwatchLogsIngestGb"),
    ),
    line(
      "event",
      "CloudWatch Logs storage for the retention period",
      (logs.access + logs.flow) * retainedMonths,
      price("cloudwatchLogsStorageGbMonth"),
    ),
  ];
}

function storageLines(
  config: Config,
  event: EventSize,
  prices: PriceTable,
): LineItem[] {
  const price = (name: PriceName) => prices.prices[name];
  const { media } = config;
  const pipelines = pipelineCount(media);
  // Each segment write also rewrites its rendition's media playlist.
  const puts =
    pipelines *
    media.renditions.length *
    2 *
    segmentsPerHour(media) *
    event.hours;
  const storedGb = pipelines * gigabytes(ladderBitrate(media), event.hours);
  const storedMonths = config.storage.liveObjectExpirationDays / DAYS_PER_MONTH;
  return [
    line(
      "event",
      "S3 PUT requests from MediaLive",
      puts / THOUSAND,
      price("s3PutThousandRequests"),
    ),
    line(
      "event",
      "S3 storage of HLS output until it expires",
      storedGb * storedMonths,
      price("s3StorageGbMonth"),
    ),
  ];
}

/** Prices an event of the given size for the configured deployment. */
export function estimateCost(
  config: Config,
  event: EventSize,
  prices: PriceTable,
): Estimate {
  const mediaLive = mediaLiveLines(config, event, prices);
  const lines = [
    ...networkLines(config, event, prices),
    ...mediaLive.lines,
    ...viewerLines(config, event, prices),
    ...logLines(config, event, prices),
    ...storageLines(config, event, prices),
  ];
  const total = lines.reduce((sum, item) => sum + item.cost, 0);
  return {
    event,
    region: prices.region,
    prices,
    lines,
    missing: mediaLive.missing,
    total,
  };
}
