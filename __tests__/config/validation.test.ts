import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, parseConfig } from "../../stacks/config/load";
import { configSchema } from "../../stacks/config/schema";
import { problemsOf } from "../support/config-problems";

describe("config defaults", () => {
  test("empty object gets every default", () => {
    const config = parseConfig({});
    expect(config.environment).toBe("demo");
    expect(config.region).toBe("us-east-1");
    expect(config.network).toEqual({
      vpcCidr: "10.20.0.0/16",
      availabilityZones: 2,
      corporateCidrs: [],
    });
    expect(config.vpn.enabled).toBe(true);
    expect(config.vpn.clientCidr).toBe("10.100.0.0/22");
    expect(config.vpn.users).toEqual(["operator"]);
    expect(config.vpn.port).toBe(443);
    expect(config.vpn.transportProtocol).toBe("udp");
    expect(config.vpn.splitTunnel).toBe(true);
    expect(config.vpn.sessionTimeoutHours).toBe(12);
    expect(config.vpn.associatedSubnets).toBeUndefined();
    expect(config.certificates.validityDays).toBe(365);
    expect(config.logRetentionDays).toBe(30);
    expect(config.backend).toEqual({ type: "local" });
  });

  test("overrides keep sibling defaults", () => {
    const config = parseConfig({ vpn: { port: 1194 } });
    expect(config.vpn.port).toBe(1194);
    expect(config.vpn.clientCidr).toBe("10.100.0.0/22");
  });

  test("result is deeply frozen", () => {
    const config = parseConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.vpn.users)).toBe(true);
  });

  test("s3 backend gets a key prefix default", () => {
    const config = parseConfig({
      backend: { type: "s3", bucket: "state-bucket", region: "eu-west-1" },
    });
    expect(config.backend).toEqual({
      type: "s3",
      bucket: "state-bucket",
      region: "eu-west-1",
      keyPrefix: "protected-streaming",
    });
  });

  test("$schema key is accepted for editors", () => {
    expect(parseConfig({ $schema: "./config.schema.json" }).environment).toBe(
      "demo",
    );
  });
});

describe("invalid configurations", () => {
  test.each<[string, unknown, string]>([
    [
      "environment with uppercase",
      { environment: "Prod" },
      'environment: received "Prod"; must be 1-20 lowercase letters, digits or single hyphens, starting with a letter. Fix: use a name such as "events-prod"',
    ],
    [
      "environment over 20 characters",
      { environment: "a-very-long-environment" },
      'environment: received "a-very-long-environment"; must be 1-20 lowercase letters, digits or single hyphens, starting with a letter. Fix: use a name such as "events-prod"',
    ],
    [
      "environment with trailing hyphen",
      { environment: "prod-" },
      'environment: received "prod-"; must be 1-20 lowercase letters, digits or single hyphens, starting with a letter. Fix: use a name such as "events-prod"',
    ],
    [
      "environment of the wrong type",
      { environment: 5 },
      "environment: received 5; must be a string, not a number. Fix: set environment to a string",
    ],
    [
      "malformed region",
      { region: "us-east" },
      'region: received "us-east"; must be an AWS region code. Fix: use a code such as "us-east-1"',
    ],
    [
      "tag key with the aws: prefix",
      { tags: { "aws:team": "video" } },
      'tags.aws:team: received "aws:team"; must be a tag key of 1-128 letters, digits, spaces and _ . : / = + - @, not starting with "aws:" in any case. Fix: rename the tag',
    ],
    [
      "VPC CIDR with host bits",
      { network: { vpcCidr: "10.20.0.1/16" } },
      'network.vpcCidr: received "10.20.0.1/16"; must be an IPv4 CIDR with no host bits set. Fix: set network.vpcCidr to a network address such as "10.20.0.0/16"',
    ],
    [
      "VPC CIDR that is not a CIDR",
      { network: { vpcCidr: "10.20.0.0" } },
      'network.vpcCidr: received "10.20.0.0"; must be an IPv4 CIDR with no host bits set. Fix: set network.vpcCidr to a network address such as "10.20.0.0/16"',
    ],
    [
      "VPC CIDR larger than /16",
      { network: { vpcCidr: "10.0.0.0/8" } },
      'network.vpcCidr: received "10.0.0.0/8"; must have a prefix length between /16 and /28, the range AWS allows for a VPC. Fix: choose a block from /16 to /28',
    ],
    [
      "zero availability zones",
      { network: { availabilityZones: 0 } },
      "network.availabilityZones: received 0; must be at least 1. Fix: set network.availabilityZones to 2-6",
    ],
    [
      "subnets that do not fit the VPC",
      { network: { vpcCidr: "10.20.0.0/27", availabilityZones: 3 } },
      "network.availabilityZones: received 3; needs subnets of /29 to fit 3 subnets in 10.20.0.0/27, smaller than the /27 that Client VPN needs in each associated subnet. Fix: use a larger network.vpcCidr or fewer availability zones",
    ],
    [
      "client CIDR smaller than /22",
      { vpn: { clientCidr: "10.100.0.0/24" } },
      'vpn.clientCidr: received "10.100.0.0/24"; must have a prefix length between /12 and /22, the range Client VPN allows. Fix: choose a block from /12 to /22',
    ],
    [
      "client CIDR larger than /12",
      { vpn: { clientCidr: "10.0.0.0/8" } },
      'vpn.clientCidr: received "10.0.0.0/8"; must have a prefix length between /12 and /22, the range Client VPN allows. Fix: choose a block from /12 to /22',
    ],
    [
      "client CIDR overlapping the VPC",
      { vpn: { clientCidr: "10.20.4.0/22" } },
      'vpn.clientCidr: received "10.20.4.0/22"; overlaps network.vpcCidr 10.20.0.0/16. Fix: choose a client block outside the VPC, such as "10.100.0.0/22"',
    ],
    [
      "VPN port other than 443 or 1194",
      { vpn: { port: 8443 } },
      "vpn.port: received 8443; must be 443 or 1194, the only ports Client VPN accepts. Fix: set vpn.port to 443 or 1194",
    ],
    [
      "unknown transport protocol",
      { vpn: { transportProtocol: "quic" } },
      'vpn.transportProtocol: received "quic"; must be "udp" or "tcp". Fix: set vpn.transportProtocol to "udp" (faster) or "tcp"',
    ],
    [
      "session timeout AWS does not allow",
      { vpn: { sessionTimeoutHours: 6 } },
      "vpn.sessionTimeoutHours: received 6; must be a session length Client VPN accepts. Fix: use one of 8, 10, 12, 24",
    ],
    [
      "split tunnel as a string",
      { vpn: { splitTunnel: "yes" } },
      'vpn.splitTunnel: received "yes"; must be a boolean, not a string. Fix: set vpn.splitTunnel to a boolean',
    ],
    [
      "empty user list",
      { vpn: { users: [] } },
      'vpn.users: received []; must list at least one user. Fix: add a user name such as "operator"',
    ],
    [
      "user name with a space",
      { vpn: { users: ["alice smith"] } },
      `vpn.users[0]: received "alice smith"; must be 1-64 letters, digits, '.', '_' or '-', starting and ending with a letter or digit. Fix: rename the user, for example "alice" or "ops.team-1"`,
    ],
    [
      "user names equal ignoring case",
      { vpn: { users: ["alice", "Alice"] } },
      `vpn.users[1]: received "Alice"; duplicates vpn.users[0] (names are compared ignoring case, with '.' equal to '_', because they become resource addresses and file names). Fix: give every user a distinct name`,
    ],
    [
      "more associated subnets than zones",
      { vpn: { associatedSubnets: 3 } },
      "vpn.associatedSubnets: received 3; exceeds the 2 private subnets (network.availabilityZones). Fix: set vpn.associatedSubnets to 1-2 or omit it",
    ],
    [
      "certificate validity over ten years",
      { certificates: { validityDays: 4000 } },
      "certificates.validityDays: received 4000; must be at most 3650 days. Fix: set certificates.validityDays to 1-3650",
    ],
    [
      "log retention CloudWatch rejects",
      { logRetentionDays: 10 },
      "logRetentionDays: received 10; must be a retention period that CloudWatch Logs accepts. Fix: use one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653",
    ],
    [
      "unknown backend type",
      { backend: { type: "gcs" } },
      'backend.type: received "gcs"; must have "type" set to "local" or "s3". Fix: use { "type": "local" } or { "type": "s3", "bucket": ..., "region": ... }',
    ],
    [
      "S3 backend without a bucket",
      { backend: { type: "s3", region: "us-east-1" } },
      "backend.bucket: received nothing; is required for an S3 backend. Fix: set backend.bucket to the state bucket's name",
    ],
    [
      "S3 backend key prefix with a leading slash",
      {
        backend: {
          type: "s3",
          bucket: "state-bucket",
          region: "us-east-1",
          keyPrefix: "/state",
        },
      },
      'backend.keyPrefix: received "/state"; must be a key prefix without leading, trailing or double slashes. Fix: use a prefix such as "protected-streaming"',
    ],
    [
      "misspelt top-level field",
      { enviroment: "prod" },
      `enviroment: received "prod"; is not a known field (a misspelt field would otherwise fall back to its default). Fix: remove it or correct the spelling; fields allowed here: ${Object.keys(configSchema.shape).sort().join(", ")}`,
    ],
    [
      "misspelt nested field",
      { vpn: { splitTunel: false } },
      "vpn.splitTunel: received false; is not a known field (a misspelt field would otherwise fall back to its default). Fix: remove it or correct the spelling; fields allowed here: associatedSubnets, clientCidr, enabled, port, sessionTimeoutHours, splitTunnel, transportProtocol, users",
    ],
    [
      "configuration that is not an object",
      [1, 2],
      '(root): received [1,2]; must be a JSON object. Fix: write the file as { "environment": "...", ... }',
    ],
  ])("%s", (_title, raw, expected) => {
    expect(problemsOf(raw)).toContain(expected);
  });

  test("every problem is listed at once", () => {
    const problems = problemsOf({
      environment: "Bad",
      vpn: { port: 1, sessionTimeoutHours: 5 },
      logRetentionDays: 2,
    });
    expect(problems).toHaveLength(4);
    expect(problems.map((line) => line.split(":")[0])).toEqual([
      "environment",
      "vpn.port",
      "vpn.sessionTimeoutHours",
      "logRetentionDays",
    ]);
  });

  test("header names the source and count", () => {
    expect(() => parseConfig({ vpn: { port: 1 } }, "events.json")).toThrow(
      /^Invalid configuration \(events\.json\), 1 problem:\n {2}- vpn\.port: /,
    );
  });
});

describe("loadConfig", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "protected-streaming-config-"));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  test("unset variable gives the defaults", () => {
    expect(loadConfig({}).environment).toBe("demo");
  });

  test("reads the file named by STREAMING_CONFIG", () => {
    const file = join(directory, "events.json");
    writeFileSync(
      file,
      JSON.stringify({
        environment: "events",
        vpn: { users: ["alice", "bob"] },
      }),
    );
    const config = loadConfig({ STREAMING_CONFIG: file });
    expect(config.environment).toBe("events");
    expect(config.vpn.users).toEqual(["alice", "bob"]);
  });

  test("missing file names the variable and the fix", () => {
    const file = join(directory, "absent.json");
    expect(() => loadConfig({ STREAMING_CONFIG: file })).toThrow(
      `STREAMING_CONFIG: received ${JSON.stringify(file)}; could not be read (ENOENT). Fix: point STREAMING_CONFIG at a readable JSON file, or unset it to use the defaults`,
    );
  });

  test("invalid JSON is reported with the file", () => {
    const file = join(directory, "broken.json");
    writeFileSync(file, "{ environment: ");
    expect(() => loadConfig({ STREAMING_CONFIG: file })).toThrow(
      new RegExp(
        `^Invalid configuration \\(${file.replace(/[.]/g, "\\.")}\\), 1 problem:\\n  - \\(root\\): received nothing; is not valid JSON`,
      ),
    );
  });
});

describe("tags and odd values", () => {
  test.each<[string, unknown, string]>([
    [
      "reserved tag key",
      { tags: { Name: "x" } },
      'tags.Name: received "Name"; is set by this project on every resource (Name, Project, Environment, ManagedBy). Fix: rename the tag, for example to Team or CostCenter',
    ],
    [
      "aws: prefix in upper case",
      { tags: { "AWS:x": "v" } },
      'tags.AWS:x: received "AWS:x"; must be a tag key of 1-128 letters, digits, spaces and _ . : / = + - @, not starting with "aws:" in any case. Fix: rename the tag',
    ],
    [
      "too many tags",
      {
        tags: Object.fromEntries(
          Array.from({ length: 47 }, (_, index) => [`k${index}`, "v"]),
        ),
      },
      "must have at most 46 tags, because AWS allows 50 per resource and this project adds Name, Project, Environment, ManagedBy. Fix: remove tags until at most 46 remain",
    ],
    [
      "number too large for JSON",
      { network: { availabilityZones: Infinity } },
      "network.availabilityZones: received Infinity; must be a finite number. Fix: set network.availabilityZones to a smaller number",
    ],
  ])("%s", (_title, raw, expected) => {
    const lines = problemsOf(raw);
    expect(lines.some((line) => line.endsWith(expected))).toBe(true);
  });

  test("46 tags are accepted", () => {
    const tags = Object.fromEntries(
      Array.from({ length: 46 }, (_, index) => [`k${index}`, "v"]),
    );
    expect(Object.keys(parseConfig({ tags }).tags)).toHaveLength(46);
  });

  test("byte order mark is ignored", () => {
    const directory = mkdtempSync(join(tmpdir(), "protected-streaming-bom-"));
    try {
      const file = join(directory, "bom.json");
      writeFileSync(file, `\uFEFF${JSON.stringify({ environment: "bom" })}`);
      expect(loadConfig({ STREAMING_CONFIG: file }).environment).toBe("bom");
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
