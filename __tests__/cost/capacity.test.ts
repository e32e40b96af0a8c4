import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  capacityWarnings,
  requestsPerViewerSecond,
  vpnConnectionsFor,
} from "../../scripts/lib/cost/capacity";
import { parseConfig } from "../../stacks/config/load";

const VPN_NOTE =
  "(an estimate: AWS keeps part of the client block and advises twice as many addresses as connections)";
const API_NOTE =
  "so API Gateway answers the excess with 429 errors and playback stalls";

describe("capacity estimates", () => {
  test.each<[number, number]>([
    [22, 512],
    [21, 1024],
    [12, 524_288],
  ])("a /%d supports %d connections", (prefixLength, connections) => {
    expect(vpnConnectionsFor(prefixLength)).toBe(connections);
  });

  test.each<[number, number]>([
    [1, 2],
    [2, 1],
    [4, 0.5],
  ])(
    "%d s segments make %d requests/s per viewer",
    (segmentLengthSeconds, rate) => {
      expect(
        requestsPerViewerSecond(
          parseConfig({ media: { segmentLengthSeconds } }).media,
        ),
      ).toBe(rate);
    },
  );
});

describe("capacityWarnings", () => {
  test.each<[string, Record<string, unknown>, number]>([
    ["defaults at the throttle", {}, 500],
    ["VPN block at its limit", { api: { throttleRateLimit: 1000 } }, 512],
    [
      "no VPN, within the throttle",
      {
        vpn: { enabled: false },
        network: { corporateCidrs: ["192.168.0.0/16"] },
      },
      500,
    ],
    ["4 s segments", { media: { segmentLengthSeconds: 4 } }, 512],
  ])("%s warns of nothing", (_title, overrides, viewers) => {
    expect(capacityWarnings(parseConfig(overrides), viewers)).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, number, string[]]>([
    [
      "defaults with 600 viewers",
      {},
      600,
      [
        `--viewers 600 exceeds the about 512 concurrent connections that vpn.clientCidr 10.100.0.0/22 supports ${VPN_NOTE}. ` +
          "Fix: choose a /21 for vpn.clientCidr (about 1024 connections), which replaces the Client VPN endpoint, or let some viewers in through network.corporateCidrs",
        `600 viewers make about 600 API requests per second (an estimate: a media playlist and a segment every 2 s per viewer), more than api.throttleRateLimit 500, ${API_NOTE}. ` +
          "Fix: raise api.throttleRateLimit to at least 600, or lengthen media.segmentLengthSeconds",
      ],
    ],
    [
      "3 s segments within the VPN",
      { media: { segmentLengthSeconds: 3 }, api: { throttleRateLimit: 200 } },
      301,
      [
        `301 viewers make about 201 API requests per second (an estimate: a media playlist and a segment every 3 s per viewer), more than api.throttleRateLimit 200, ${API_NOTE}. ` +
          "Fix: raise api.throttleRateLimit to at least 201, or lengthen media.segmentLengthSeconds",
      ],
    ],
    [
      "a /20 client block",
      {
        vpn: { clientCidr: "10.100.0.0/20" },
        api: { throttleRateLimit: 10_000 },
      },
      5000,
      [
        `--viewers 5000 exceeds the about 2048 concurrent connections that vpn.clientCidr 10.100.0.0/20 supports ${VPN_NOTE}. ` +
          "Fix: choose a /18 for vpn.clientCidr (about 8192 connections), which replaces the Client VPN endpoint, or let some viewers in through network.corporateCidrs",
      ],
    ],
    [
      "more than the largest block",
      {
        media: { segmentLengthSeconds: 8 },
        api: { throttleRateLimit: 10_000 },
      },
      600_000,
      [
        `--viewers 600000 exceeds the about 512 concurrent connections that vpn.clientCidr 10.100.0.0/22 supports ${VPN_NOTE}. ` +
          "Fix: let the other viewers in through network.corporateCidrs, or split them across environments",
        `600000 viewers make about 150000 API requests per second (an estimate: a media playlist and a segment every 8 s per viewer), more than api.throttleRateLimit 10000, ${API_NOTE}. ` +
          "Fix: lengthen media.segmentLengthSeconds or split the viewers across environments, because the rate is above API Gateway's default account throttle of 10000 requests per second",
      ],
    ],
    [
      "no VPN over the throttle",
      {
        vpn: { enabled: false },
        network: { corporateCidrs: ["192.168.0.0/16"] },
      },
      501,
      [
        `501 viewers make about 501 API requests per second (an estimate: a media playlist and a segment every 2 s per viewer), more than api.throttleRateLimit 500, ${API_NOTE}. ` +
          "Fix: raise api.throttleRateLimit to at least 501, or lengthen media.segmentLengthSeconds",
      ],
    ],
  ])("%s warns", (_title, overrides, viewers, warnings) => {
    expect(capacityWarnings(parseConfig(overrides), viewers)).toEqual(warnings);
  });
});

describe("cost command warnings", () => {
  const root = resolve(__dirname, "..", "..");
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "cost-capacity-"));
    writeFileSync(
      join(directory, "config.json"),
      JSON.stringify({ environment: "keynote" }),
    );
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  test("over capacity warns and exits 0", () => {
    const result = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/cost.ts", "--viewers", "600"],
      {
        cwd: root,
        encoding: "utf8",
        timeout: 20_000,
        env: {
          ...process.env,
          STREAMING_CONFIG: join(directory, "config.json"),
        },
      },
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("a 1-hour event with 600 viewers");
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^cost: warning: --viewers 600 exceeds the about 512 concurrent connections/,
    );
    expect(lines[1]).toMatch(
      /^cost: warning: 600 viewers make about 600 API requests per second/,
    );
  });
});
