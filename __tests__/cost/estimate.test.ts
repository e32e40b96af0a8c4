import {
  estimateCost,
  type Estimate,
  type LineItem,
} from "../../scripts/lib/cost/estimate";
import type { Config } from "../../stacks/config/schema";
import { configWith } from "../support/synth";
import { distinctPrices } from "./helpers";

const prices = distinctPrices();
const p = prices.prices;
const HOUR = 3600;

function lineNamed(estimate: Estimate, prefix: string): LineItem {
  const found = estimate.lines.find((item) => item.item.startsWith(prefix));
  if (!found)
    throw new Error(
      `no line starting with "${prefix}" in: ${estimate.lines.map((item) => item.item).join(" | ")}`,
    );
  return found;
}

function hasLine(estimate: Estimate, prefix: string): boolean {
  return estimate.lines.some((item) => item.item.startsWith(prefix));
}

function topBitrate(config: Config): number {
  return Math.max(
    ...config.media.renditions.map(
      (rendition) => rendition.videoBitrate + rendition.audioBitrate,
    ),
  );
}

describe("fixed hourly lines", () => {
  const config = configWith({
    network: { availabilityZones: 3 },
    vpn: { associatedSubnets: 2 },
  });
  const estimate = estimateCost(config, { hours: 4, viewers: 10 }, prices);

  test("VPN associations per hour", () => {
    const item = lineNamed(estimate, "Client VPN subnet associations");
    expect(item.quantity).toBe(2 * 4);
    expect(item.cost).toBeCloseTo(2 * 4 * p.clientVpnAssociationHour.usd, 10);
  });

  test("associations default to zones", () => {
    const defaults = estimateCost(
      configWith({ network: { availabilityZones: 3 } }),
      { hours: 4, viewers: 10 },
      prices,
    );
    expect(lineNamed(defaults, "Client VPN subnet associations").quantity).toBe(
      3 * 4,
    );
  });

  test("interface endpoint per zone", () => {
    const item = lineNamed(estimate, "execute-api interface endpoint");
    expect(item.cost).toBeCloseTo(3 * 4 * p.interfaceEndpointAzHour.usd, 10);
  });

  test("no transit gateway by default", () => {
    expect(hasLine(estimate, "Transit gateway")).toBe(false);
  });
});

describe("MediaLive lines", () => {
  const renditions = [
    {
      name: "1080p",
      width: 1920,
      height: 1080,
      videoBitrate: 5_000_000,
      audioBitrate: 128_000,
    },
    {
      name: "720p",
      width: 1280,
      height: 720,
      videoBitrate: 3_000_000,
      audioBitrate: 128_000,
    },
    {
      name: "480p",
      width: 854,
      height: 480,
      videoBitrate: 1_200_000,
      audioBitrate: 96_000,
    },
  ];
  const single = estimateCost(
    configWith({ media: { renditions } }),
    { hours: 3, viewers: 1 },
    prices,
  );
  const standard = estimateCost(
    configWith({ media: { renditions, channelClass: "STANDARD" } }),
    { hours: 3, viewers: 1 },
    prices,
  );
  const multiplier = prices.medialive.standardChannelMultiplier.value;

  test("input by codec, class and bitrate", () => {
    const item = lineNamed(single, "MediaLive input AVC-HD-MAX_10_MBPS");
    expect(item.cost).toBeCloseTo(
      3 * prices.medialive.inputs["AVC-HD-MAX_10_MBPS"]!.usd,
      10,
    );
  });

  test("HD outputs grouped", () => {
    const item = lineNamed(single, "MediaLive outputs AVC-HD-UP_TO_30FPS");
    expect(item.item).toBe(
      "MediaLive outputs AVC-HD-UP_TO_30FPS (1080p, 720p)",
    );
    expect(item.cost).toBeCloseTo(
      2 * 3 * prices.medialive.outputs["AVC-HD-UP_TO_30FPS"]!.usd,
      10,
    );
  });

  test("SD output priced as SD", () => {
    const item = lineNamed(single, "MediaLive outputs AVC-SD-UP_TO_30FPS");
    expect(item.cost).toBeCloseTo(
      1 * 3 * prices.medialive.outputs["AVC-SD-UP_TO_30FPS"]!.usd,
      10,
    );
  });

  test("STANDARD applies the multiplier", () => {
    for (const prefix of [
      "MediaLive input",
      "MediaLive outputs AVC-HD",
      "MediaLive outputs AVC-SD",
    ]) {
      expect(lineNamed(standard, prefix).cost).toBeCloseTo(
        lineNamed(single, prefix).cost * multiplier,
        10,
      );
    }
  });

  test("frame rate above 30 uses its tier", () => {
    const fast = estimateCost(
      configWith({ media: { renditions: [renditions[1]], framerate: 60 } }),
      { hours: 1, viewers: 1 },
      prices,
    );
    expect(lineNamed(fast, "MediaLive outputs").item).toBe(
      "MediaLive outputs AVC-HD-UP_TO_60FPS (720p)",
    );
  });

  test("missing rate is listed, not priced", () => {
    const hevc = estimateCost(
      configWith({ media: { renditions, inputCodec: "HEVC" } }),
      { hours: 3, viewers: 1 },
      prices,
    );
    expect(hevc.missing).toEqual(["MediaLive input HEVC-HD-MAX_10_MBPS"]);
    expect(hasLine(hevc, "MediaLive input")).toBe(false);
  });
});

describe("per-viewer lines", () => {
  const hours = 2.5;
  const viewers = 40;
  const config = configWith({ media: { segmentLengthSeconds: 4 } });
  const estimate = estimateCost(config, { hours, viewers }, prices);
  const requests = viewers * hours * 2 * (HOUR / 4);
  const dataGb = (viewers * topBitrate(config) * HOUR * hours) / 8 / 1e9;

  test("one VPN connection per viewer", () => {
    expect(lineNamed(estimate, "Client VPN connections").cost).toBeCloseTo(
      viewers * hours * p.clientVpnConnectionHour.usd,
      10,
    );
  });

  test("data out at the top rendition", () => {
    const item = lineNamed(estimate, "Data out to viewers");
    expect(item.quantity).toBeCloseTo(dataGb, 10);
    expect(item.cost).toBeCloseTo(dataGb * p.dataTransferOutGb.usd, 10);
  });

  test("endpoint processes the same data", () => {
    expect(
      lineNamed(estimate, "execute-api endpoint data processed").cost,
    ).toBeCloseTo(dataGb * p.interfaceEndpointDataGb.usd, 10);
  });

  test("API requests per million", () => {
    const item = lineNamed(estimate, "API Gateway REST requests");
    expect(item.quantity).toBeCloseTo(requests / 1e6, 10);
    expect(item.cost).toBeCloseTo(
      (requests / 1e6) * p.apiGatewayRestMillionRequests.usd,
      10,
    );
  });

  test("S3 GET requests per thousand", () => {
    expect(lineNamed(estimate, "S3 GET requests").cost).toBeCloseTo(
      (requests / 1e3) * p.s3GetThousandRequests.usd,
      10,
    );
  });

  test("access log ingestion", () => {
    const gb =
      (requests * prices.assumptions.apiAccessLogBytesPerRequest.value) / 1e9;
    expect(
      lineNamed(estimate, "CloudWatch Logs ingestion, API access logs").cost,
    ).toBeCloseTo(gb * p.cloudwatchLogsIngestGb.usd, 12);
  });

  test("flow log ingestion", () => {
    const records =
      viewers *
      hours *
      60 *
      prices.assumptions.flowLogRecordsPerViewerMinute.value;
    const gb = (records * prices.assumptions.flowLogBytesPerRecord.value) / 1e9;
    expect(
      lineNamed(estimate, "CloudWatch Logs ingestion, VPC Flow Logs").cost,
    ).toBeCloseTo(gb * p.cloudwatchLogsIngestGb.usd, 12);
  });

  test("no authorizer without signed links", () => {
    expect(hasLine(estimate, "Lambda authorizer")).toBe(false);
  });

  test("signed links add authorizer calls", () => {
    const linked = estimateCost(
      configWith({
        viewerAccess: "signed-links",
        signedLinks: { cacheTtlSeconds: 90 },
      }),
      { hours, viewers },
      prices,
    );
    const invocations = viewers * hours * Math.ceil(HOUR / 90);
    expect(lineNamed(linked, "Lambda authorizer").cost).toBeCloseTo(
      (invocations / 1e6) * p.lambdaMillionRequests.usd,
      12,
    );
  });
});

describe("corporate network instead of VPN", () => {
  const config = configWith({
    vpn: { enabled: false },
    network: {
      corporateCidrs: ["192.168.0.0/16"],
      transitGatewayId: "tgw-0123456789abcdef0",
    },
  });
  const estimate = estimateCost(config, { hours: 2, viewers: 5 }, prices);

  test("no Client VPN lines", () => {
    expect(hasLine(estimate, "Client VPN")).toBe(false);
    expect(hasLine(estimate, "Data out to viewers")).toBe(false);
  });

  test("transit gateway attachment and data", () => {
    const dataGb = (5 * topBitrate(config) * HOUR * 2) / 8 / 1e9;
    expect(
      lineNamed(estimate, "Transit gateway VPC attachment").cost,
    ).toBeCloseTo(2 * p.transitGatewayAttachmentHour.usd, 10);
    expect(lineNamed(estimate, "Transit gateway data").cost).toBeCloseTo(
      dataGb * p.transitGatewayDataGb.usd,
      10,
    );
  });
});

describe("event lines and total", () => {
  const hours = 3;
  const config = configWith({
    media: { channelClass: "STANDARD", segmentLengthSeconds: 6 },
    storage: { liveObjectExpirationDays: 7 },
    logRetentionDays: 14,
  });
  const estimate = estimateCost(config, { hours, viewers: 20 }, prices);
  const ladder = config.media.renditions.reduce(
    (sum, rendition) => sum + rendition.videoBitrate + rendition.audioBitrate,
    0,
  );

  test("S3 PUTs from both pipelines", () => {
    const puts = 2 * config.media.renditions.length * 2 * (HOUR / 6) * hours;
    expect(lineNamed(estimate, "S3 PUT requests").cost).toBeCloseTo(
      (puts / 1e3) * p.s3PutThousandRequests.usd,
      10,
    );
  });

  test("S3 storage until expiry", () => {
    const gb = (2 * ladder * HOUR * hours) / 8 / 1e9;
    expect(lineNamed(estimate, "S3 storage").cost).toBeCloseTo(
      gb * (7 / 30) * p.s3StorageGbMonth.usd,
      10,
    );
  });

  test("log storage for retention", () => {
    const ingested =
      lineNamed(estimate, "CloudWatch Logs ingestion, API").quantity +
      lineNamed(estimate, "CloudWatch Logs ingestion, VPC").quantity;
    expect(lineNamed(estimate, "CloudWatch Logs storage").cost).toBeCloseTo(
      ingested * (14 / 30) * p.cloudwatchLogsStorageGbMonth.usd,
      12,
    );
  });

  test("total is the sum of lines", () => {
    const sum = estimate.lines.reduce(
      (total, item) => total + item.quantity * item.unitPrice,
      0,
    );
    expect(estimate.total).toBeCloseTo(sum, 10);
  });

  test("each cost is quantity times price", () => {
    for (const item of estimate.lines)
      expect(item.cost).toBeCloseTo(item.quantity * item.unitPrice, 12);
  });

  test("doubling hours doubles the total", () => {
    const longer = estimateCost(
      config,
      { hours: hours * 2, viewers: 20 },
      prices,
    );
    expect(longer.total).toBeCloseTo(estimate.total * 2, 8);
  });
});
