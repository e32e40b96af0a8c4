import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import type { z } from "zod";
import {
  cognitoSchema,
  configSchema,
  mediaSchema,
  networkSchema,
  renditionSchema,
  suppressionSchema,
} from "../../stacks/config/schema";
import { RULE_IDS } from "../../stacks/rules/all-rules";
import type { MainResult } from "../support/main-batch";
import { problemsOf } from "../support/config-problems";

/*
 * A catalogue of invalid configurations. Every entry goes through main(),
 * the function behind `npm run synth`, in one batch process; the entries
 * marked realProcess also run as their own `node --import tsx main.ts`
 * process. Each run must return exit status 1, print exactly the listed
 * problem lines and no stack trace, remove the stale synthesis it finds,
 * leave no staging folder and touch no state. parseConfig must report
 * exactly the listed problems too, so no unexpected problem sneaks in.
 */

const PROJECT_ROOT = resolve(__dirname, "../..");
const PROJECT_STATE = join(PROJECT_ROOT, "terraform-state");
const BATCH_SCRIPT = "__tests__/support/main-batch.ts";
/** Upper bound for one process; a `main.ts` run that rejects its config exits in about 0.6 s. */
const RUN_TIMEOUT_MS = 60_000;
/** Processes run at once: each is single-threaded, so more than the cores only queue. */
const CONCURRENCY = Math.max(1, Math.min(2, availableParallelism()));

interface InvalidCase {
  /** Unit and case, used as the test title. */
  readonly title: string;
  /** Contents of the configuration file. */
  readonly config: unknown;
  /** Every problem line the configuration must produce, in output order. */
  readonly problems: readonly string[];
  /** Also run `main.ts` as its own process on this entry. */
  readonly realProcess?: true;
}

const UNKNOWN_FIELD =
  "is not a known field (a misspelt field would otherwise fall back to its default). Fix: remove it or correct the spelling; fields allowed here:";
const ENVIRONMENT_RULE =
  'must be 1-20 lowercase letters, digits or single hyphens, starting with a letter. Fix: use a name such as "events-prod"';
/** Fields an object schema accepts, as "unknown field" messages list them. */
function fieldsOf(schema: { shape: Record<string, unknown> }): string {
  return Object.keys(schema.shape).sort().join(", ");
}
const LONG_TAG_VALUE = "x".repeat(257);
const LONG_KEY_PREFIX = "p".repeat(988);
const LONG_FILE_INPUT_KEY = `vod/2025/${"k".repeat(114)}.mp4`;
const SUPPRESSION_REASON =
  "Accepted by the security team until the June event.";

/** Builds a rendition that fits the default HD, 10 Mbit/s input, with `changes` replacing its fields. */
function rendition(
  changes: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: "720p",
    width: 1280,
    height: 720,
    videoBitrate: 3_000_000,
    audioBitrate: 128_000,
    ...changes,
  };
}

const CASES: readonly InvalidCase[] = [
  // Root and top-level fields.
  {
    title: "root that is an array",
    realProcess: true,
    config: [{ environment: "events" }],
    problems: [
      '(root): received [{"environment":"events"}]; must be a JSON object. Fix: write the file as { "environment": "...", ... }',
    ],
  },
  {
    title: "root that is null",
    config: null,
    problems: [
      '(root): received null; must be a JSON object. Fix: write the file as { "environment": "...", ... }',
    ],
  },
  {
    title: "misspelt top-level field",
    realProcess: true,
    config: { enviroment: "events" },
    problems: [
      `enviroment: received "events"; ${UNKNOWN_FIELD} ${fieldsOf(configSchema)}`,
    ],
  },
  {
    title: "environment with an underscore",
    config: { environment: "events_prod" },
    problems: [`environment: received "events_prod"; ${ENVIRONMENT_RULE}`],
  },
  {
    title: "environment starting with a digit",
    config: { environment: "1events" },
    problems: [`environment: received "1events"; ${ENVIRONMENT_RULE}`],
  },
  {
    title: "empty environment",
    config: { environment: "" },
    problems: [`environment: received ""; ${ENVIRONMENT_RULE}`],
  },
  {
    title: "environment with a reserved bucket prefix",
    realProcess: true,
    config: { environment: "sthree-events" },
    problems: [
      'environment: received "sthree-events"; makes the media bucket name start with "sthree-", a prefix S3 reserves. Fix: choose an environment name that does not start with it',
    ],
  },
  {
    // NOTE: no AWS region code is long enough today; the schema accepts any code of the right form.
    title: "bucket name over 63 characters",
    config: {
      environment: "events-keynote-day1",
      region: "us-isob-northwestcentral-1",
    },
    problems: [
      'environment: received "events-keynote-day1"; makes the media bucket name 65 characters long in region us-isob-northwestcentral-1, over the 63 that S3 allows. Fix: shorten environment to at most 17 characters',
    ],
  },
  {
    title: "region in capitals",
    config: { region: "EU-WEST-1" },
    problems: [
      'region: received "EU-WEST-1"; must be an AWS region code. Fix: use a code such as "us-east-1"',
    ],
  },
  {
    title: "tags as an array",
    config: { tags: ["team"] },
    problems: [
      'tags: received ["team"]; must be an object, not an array. Fix: set tags to an object',
    ],
  },
  {
    title: "tag value that is a number",
    config: { tags: { team: 5 } },
    problems: [
      "tags.team: received 5; must be a string, not a number. Fix: set tags.team to a string",
    ],
  },
  {
    title: "tag value over 256 characters",
    config: { tags: { team: LONG_TAG_VALUE } },
    problems: [
      `tags.team: received "${LONG_TAG_VALUE.slice(0, 76)}...; must be a tag value of at most 256 letters, digits, spaces and _ . : / = + - @. Fix: remove other characters, such as line breaks, and shorten the value`,
    ],
  },
  {
    title: "log retention as a string",
    config: { logRetentionDays: "30" },
    problems: [
      'logRetentionDays: received "30"; must be a number, not a string. Fix: set logRetentionDays to a number',
    ],
  },
  {
    title: "unknown viewer access mode",
    config: { viewerAccess: "public" },
    problems: [
      'viewerAccess: received "public"; must be "network", "signed-links" or "cognito". Fix: set viewerAccess to "network" (VPN only), "signed-links" or "cognito" (Cognito sign-in)',
    ],
  },

  // Network.
  {
    title: "VPC CIDR with an octet over 255",
    config: { network: { vpcCidr: "10.300.0.0/16" } },
    problems: [
      'network.vpcCidr: received "10.300.0.0/16"; must be an IPv4 CIDR with no host bits set. Fix: set network.vpcCidr to a network address such as "10.20.0.0/16"',
    ],
  },
  {
    title: "VPC CIDR smaller than /28",
    config: { network: { vpcCidr: "10.20.0.0/29" } },
    problems: [
      'network.vpcCidr: received "10.20.0.0/29"; must have a prefix length between /16 and /28, the range AWS allows for a VPC. Fix: choose a block from /16 to /28',
    ],
  },
  {
    title: "VPC CIDR as a number",
    config: { network: { vpcCidr: 10 } },
    problems: [
      'network.vpcCidr: received 10; must be an IPv4 CIDR string. Fix: set network.vpcCidr to a block such as "10.20.0.0/16"',
    ],
  },
  {
    title: "two subnets in a /28 VPC",
    realProcess: true,
    config: { network: { vpcCidr: "10.20.0.0/28" } },
    problems: [
      "network.availabilityZones: received 2; needs subnets of /29 to fit 2 subnets in 10.20.0.0/28, smaller than the /27 that Client VPN needs in each associated subnet. Fix: use a larger network.vpcCidr or fewer availability zones",
    ],
  },
  {
    title: "seven availability zones",
    config: { network: { availabilityZones: 7 } },
    problems: [
      "network.availabilityZones: received 7; must be at most 6. Fix: set network.availabilityZones to 2-6",
    ],
  },
  {
    title: "fractional availability zones",
    config: { network: { availabilityZones: 1.5 } },
    problems: [
      "network.availabilityZones: received 1.5; must be a whole number. Fix: set network.availabilityZones to a whole number",
    ],
  },
  {
    title: "one zone for a single-pipeline channel",
    config: { network: { availabilityZones: 1 } },
    problems: [
      "network.availabilityZones: received 1; is too few for the MediaLive RTMP input, which needs subnets in two availability zones even for a SINGLE_PIPELINE channel. Fix: set network.availabilityZones to 2 or more",
    ],
  },
  {
    title: "one zone for a STANDARD channel",
    realProcess: true,
    config: {
      network: { availabilityZones: 1 },
      media: { channelClass: "STANDARD" },
    },
    problems: [
      "network.availabilityZones: received 1; is too few for a STANDARD channel, which runs two pipelines in two availability zones. Fix: set network.availabilityZones to 2 or more",
    ],
  },
  {
    title: "corporate block overlapping the VPC",
    config: { network: { corporateCidrs: ["10.20.128.0/17"] } },
    problems: [
      'network.corporateCidrs[0]: received "10.20.128.0/17"; overlaps network.vpcCidr 10.20.0.0/16. Fix: choose a VPC block that the corporate network does not use, or correct the corporate block',
    ],
  },
  {
    title: "corporate block overlapping VPN clients",
    realProcess: true,
    config: {
      network: { corporateCidrs: ["192.168.0.0/16", "10.100.0.0/16"] },
    },
    problems: [
      'network.corporateCidrs[1]: received "10.100.0.0/16"; overlaps vpn.clientCidr 10.100.0.0/22, so replies to VPN clients could be routed to the corporate network. Fix: choose a vpn.clientCidr that the corporate network does not use',
    ],
  },
  {
    // Without the Client VPN its block is unused, so only the VPC overlap counts.
    title: "corporate blocks without the VPN",
    config: {
      vpn: { enabled: false },
      network: { corporateCidrs: ["10.100.0.0/16", "10.0.0.0/8"] },
    },
    problems: [
      'network.corporateCidrs[1]: received "10.0.0.0/8"; overlaps network.vpcCidr 10.20.0.0/16. Fix: choose a VPC block that the corporate network does not use, or correct the corporate block',
    ],
  },
  {
    title: "corporate block shorter than /8",
    config: { network: { corporateCidrs: ["0.0.0.0/4"] } },
    problems: [
      'network.corporateCidrs[0]: received "0.0.0.0/4"; must have a prefix length between /8 and /32, the range this project admits, since a shorter prefix would admit most of the internet. Fix: choose a block from /8 to /32',
    ],
  },
  {
    title: "corporate block with host bits",
    config: { network: { corporateCidrs: ["192.168.1.1/24"] } },
    problems: [
      'network.corporateCidrs[0]: received "192.168.1.1/24"; must be an IPv4 CIDR with no host bits set. Fix: set network.corporateCidrs to a network address such as "192.168.0.0/16"',
    ],
  },
  {
    title: "21 corporate blocks",
    config: {
      network: {
        corporateCidrs: Array.from(
          { length: 21 },
          (_, index) => `192.168.${index}.0/24`,
        ),
      },
    },
    problems: [
      'network.corporateCidrs: received ["192.168.0.0/24","192.168.1.0/24","192.168.2.0/24","192.168.3.0/24","192.168...; must list at most 20 blocks. Fix: summarize the corporate networks into fewer blocks',
    ],
  },
  {
    title: "VPN off without corporate blocks",
    config: { vpn: { enabled: false } },
    problems: [
      'network.corporateCidrs: received []; must list at least one block when vpn.enabled is false, or nobody can reach the stream. Fix: add the corporate networks, such as ["192.168.0.0/16"], or set vpn.enabled to true',
    ],
  },
  {
    title: "malformed transit gateway id",
    config: {
      network: {
        transitGatewayId: "tgw-XYZ",
        corporateCidrs: ["192.168.0.0/16"],
      },
    },
    problems: [
      'network.transitGatewayId: received "tgw-XYZ"; must be a transit gateway id. Fix: use an id such as "tgw-0123456789abcdef0"',
    ],
  },
  {
    title: "transit gateway without corporate blocks",
    config: { network: { transitGatewayId: "tgw-0123456789abcdef0" } },
    problems: [
      'network.transitGatewayId: received "tgw-0123456789abcdef0"; needs network.corporateCidrs to know which blocks to route through the transit gateway. Fix: list the corporate networks in network.corporateCidrs',
    ],
  },
  {
    title: "misspelt network field",
    config: { network: { vpcCIDR: "10.20.0.0/16" } },
    problems: [
      `network.vpcCIDR: received "10.20.0.0/16"; ${UNKNOWN_FIELD} ${fieldsOf(networkSchema)}`,
    ],
  },

  // Client VPN and certificates.
  {
    title: "VPN section that is a boolean",
    config: { vpn: true },
    problems: [
      "vpn: received true; must be an object, not a boolean. Fix: set vpn to an object",
    ],
  },
  {
    title: "client CIDR inside a custom VPC",
    config: {
      network: { vpcCidr: "10.0.0.0/16" },
      vpn: { clientCidr: "10.0.0.0/22" },
    },
    problems: [
      'vpn.clientCidr: received "10.0.0.0/22"; overlaps network.vpcCidr 10.0.0.0/16. Fix: choose a client block outside the VPC, such as "10.100.0.0/22"',
    ],
  },
  {
    title: "client CIDR with host bits",
    config: { vpn: { clientCidr: "10.100.1.0/22" } },
    problems: [
      'vpn.clientCidr: received "10.100.1.0/22"; must be an IPv4 CIDR with no host bits set. Fix: set vpn.clientCidr to a network address such as "10.100.0.0/22"',
    ],
  },
  {
    title: "empty VPN user list",
    config: { vpn: { users: [] } },
    problems: [
      'vpn.users: received []; must list at least one user. Fix: add a user name such as "operator"',
    ],
  },
  {
    title: "VPN users equal after normalizing",
    realProcess: true,
    config: { vpn: { users: ["ops.team", "ops_team"] } },
    problems: [
      `vpn.users[1]: received "ops_team"; duplicates vpn.users[0] (names are compared ignoring case, with '.' equal to '_', because they become resource addresses and file names). Fix: give every user a distinct name`,
    ],
  },
  {
    title: "101 VPN users",
    config: {
      vpn: { users: Array.from({ length: 101 }, (_, index) => `user${index}`) },
    },
    problems: [
      'vpn.users: received ["user0","user1","user2","user3","user4","user5","user6","user7","user8","use...; must list at most 100 users. Fix: split the VPN users across environments',
    ],
  },
  {
    title: "VPN users as a string",
    config: { vpn: { users: "alice" } },
    problems: [
      'vpn.users: received "alice"; must be an array, not a string. Fix: set vpn.users to an array',
    ],
  },
  {
    title: "VPN port as a string",
    config: { vpn: { port: "443" } },
    problems: [
      'vpn.port: received "443"; must be 443 or 1194, the only ports Client VPN accepts. Fix: set vpn.port to 443 or 1194',
    ],
  },
  {
    title: "zero associated subnets",
    config: { vpn: { associatedSubnets: 0 } },
    problems: [
      "vpn.associatedSubnets: received 0; must be at least 1. Fix: set vpn.associatedSubnets to 1 or more",
    ],
  },
  {
    title: "fractional session timeout",
    config: { vpn: { sessionTimeoutHours: 12.5 } },
    problems: [
      "vpn.sessionTimeoutHours: received 12.5; must be a session length Client VPN accepts. Fix: use one of 8, 10, 12, 24",
    ],
  },
  {
    title: "zero-day certificates",
    config: { certificates: { validityDays: 0 } },
    problems: [
      "certificates.validityDays: received 0; must be at least 1 day. Fix: set certificates.validityDays to 1-3650",
    ],
  },
  {
    title: "VPN switch as a string",
    config: { vpn: { enabled: "yes" } },
    problems: [
      'vpn.enabled: received "yes"; must be a boolean, not a string. Fix: set vpn.enabled to a boolean',
    ],
  },
  {
    title: "unknown VPN transport protocol",
    config: { vpn: { transportProtocol: "quic" } },
    problems: [
      'vpn.transportProtocol: received "quic"; must be "udp" or "tcp". Fix: set vpn.transportProtocol to "udp" (faster) or "tcp"',
    ],
  },
  {
    title: "split tunnel as a number",
    config: { vpn: { splitTunnel: 1 } },
    problems: [
      "vpn.splitTunnel: received 1; must be a boolean, not a number. Fix: set vpn.splitTunnel to a boolean",
    ],
  },

  // State backend.
  {
    title: "S3 backend without a bucket",
    realProcess: true,
    config: { backend: { type: "s3", region: "us-east-1" } },
    problems: [
      "backend.bucket: received nothing; is required for an S3 backend. Fix: set backend.bucket to the state bucket's name",
    ],
  },
  {
    title: "S3 backend without a region",
    config: { backend: { type: "s3", bucket: "events-state" } },
    problems: [
      'backend.region: received nothing; is required for an S3 backend. Fix: set backend.region, for example "us-east-1"',
    ],
  },
  {
    title: "backend without a type",
    config: { backend: { bucket: "events-state", region: "us-east-1" } },
    problems: [
      'backend.type: received nothing; must have "type" set to "local" or "s3". Fix: use { "type": "local" } or { "type": "s3", "bucket": ..., "region": ... }',
    ],
  },
  {
    title: "S3 backend bucket with capitals",
    config: {
      backend: { type: "s3", bucket: "Events_State", region: "us-east-1" },
    },
    problems: [
      `backend.bucket: received "Events_State"; must be a valid S3 bucket name. Fix: use 3-63 lowercase letters, digits, '.' and '-'`,
    ],
  },
  {
    title: "S3 backend bucket shaped like an IP address",
    config: {
      backend: { type: "s3", bucket: "192.168.1.1", region: "us-east-1" },
    },
    problems: [
      'backend.bucket: received "192.168.1.1"; must not be formatted as an IP address, which S3 does not allow for a bucket name. Fix: use a name such as "events-terraform-state"',
    ],
  },
  ...["events..state", "events.-state", "events-.state"].map((bucket) => ({
    title: `S3 backend bucket with "${bucket.slice(6, 8)}"`,
    config: { backend: { type: "s3", bucket, region: "us-east-1" } },
    problems: [
      `backend.bucket: received "${bucket}"; must not contain '..', '.-' or '-.', because S3 needs every dot-separated part of a bucket name to start and end with a letter or digit. Fix: use a name such as "events-terraform-state"`,
    ],
  })),
  {
    title: "S3 backend with an unknown field",
    config: {
      backend: {
        type: "s3",
        bucket: "events-state",
        region: "us-east-1",
        lockTable: "locks",
      },
    },
    problems: [
      `backend.lockTable: received "locks"; ${UNKNOWN_FIELD} bucket, dynamodbTable, keyPrefix, region, type`,
    ],
  },
  {
    title: "local backend with a bucket",
    config: { backend: { type: "local", bucket: "events-state" } },
    problems: [
      `backend.bucket: received "events-state"; ${UNKNOWN_FIELD} type`,
    ],
  },
  {
    title: "DynamoDB table name too short",
    config: {
      backend: {
        type: "s3",
        bucket: "events-state",
        region: "us-east-1",
        dynamodbTable: "ab",
      },
    },
    problems: [
      `backend.dynamodbTable: received "ab"; must be a DynamoDB table name. Fix: use 3-255 letters, digits, '_', '-' or '.'`,
    ],
  },
  {
    title: "state key prefix with a double slash",
    config: {
      backend: {
        type: "s3",
        bucket: "events-state",
        region: "us-east-1",
        keyPrefix: "state//events",
      },
    },
    problems: [
      'backend.keyPrefix: received "state//events"; must be a key prefix without leading, trailing or double slashes. Fix: use a prefix such as "protected-streaming"',
    ],
  },
  {
    title: "state key prefix with a '..' segment",
    config: {
      backend: {
        type: "s3",
        bucket: "events-state",
        region: "us-east-1",
        keyPrefix: "state/../events",
      },
    },
    problems: [
      `backend.keyPrefix: received "state/../events"; must not have '.' or '..' segments, which S3 stores literally but path-based tools resolve to another key. Fix: use a prefix such as "protected-streaming"`,
    ],
  },
  {
    title: "state key prefix with a '.' segment",
    config: {
      backend: {
        type: "s3",
        bucket: "events-state",
        region: "us-east-1",
        keyPrefix: "./state",
      },
    },
    problems: [
      `backend.keyPrefix: received "./state"; must not have '.' or '..' segments, which S3 stores literally but path-based tools resolve to another key. Fix: use a prefix such as "protected-streaming"`,
    ],
  },
  {
    // 988 characters plus "/<20-character environment>/network.tfstate" would be 1025 bytes.
    title: "state key prefix over the S3 key limit",
    config: {
      backend: {
        type: "s3",
        bucket: "events-state",
        region: "us-east-1",
        keyPrefix: LONG_KEY_PREFIX,
      },
    },
    problems: [
      `backend.keyPrefix: received "${LONG_KEY_PREFIX.slice(0, 76)}...; must be at most 987 characters, so that every state key <keyPrefix>/<environment>/<stack>.tfstate stays within S3's 1024-byte key limit. Fix: use a shorter prefix`,
    ],
  },

  // Storage.
  {
    title: "live objects that expire at once",
    config: { storage: { liveObjectExpirationDays: 0 } },
    problems: [
      "storage.liveObjectExpirationDays: received 0; must be at least 1 day. Fix: set storage.liveObjectExpirationDays to 1-3650",
    ],
  },
  {
    title: "force destroy as a string",
    config: { storage: { forceDestroy: "yes" } },
    problems: [
      'storage.forceDestroy: received "yes"; must be a boolean, not a string. Fix: set storage.forceDestroy to a boolean',
    ],
  },
  {
    title: "admin ARN with a short account id",
    config: {
      storage: { adminPrincipalArns: ["arn:aws:iam::123:role/Admin"] },
    },
    problems: [
      'storage.adminPrincipalArns[0]: received "arn:aws:iam::123:role/Admin"; must be an IAM role, user or account root ARN. Fix: use an ARN such as "arn:aws:iam::123456789012:role/StreamingAdmin"',
    ],
  },
  {
    title: "admin ARN listed twice",
    config: {
      storage: {
        adminPrincipalArns: [
          "arn:aws:iam::123456789012:role/Admin",
          "arn:aws:iam::123456789012:role/Admin",
        ],
      },
    },
    problems: [
      'storage.adminPrincipalArns[1]: received "arn:aws:iam::123456789012:role/Admin"; duplicates storage.adminPrincipalArns[0]. Fix: list each principal once',
    ],
  },
  {
    title: "admin ARN in another partition",
    config: {
      storage: {
        adminPrincipalArns: ["arn:aws-cn:iam::123456789012:role/Admin"],
      },
    },
    problems: [
      'storage.adminPrincipalArns[0]: received "arn:aws-cn:iam::123456789012:role/Admin"; is in partition aws-cn, but region us-east-1 is in partition aws, so the bucket policy would never match it. Fix: use an ARN that starts with "arn:aws:iam::"',
    ],
  },
  {
    title: "admin ARN of the MediaLive role",
    realProcess: true,
    config: {
      storage: {
        adminPrincipalArns: ["arn:aws:iam::123456789012:role/demo-medialive"],
      },
    },
    problems: [
      'storage.adminPrincipalArns[0]: received "arn:aws:iam::123456789012:role/demo-medialive"; names the demo-medialive role that the media stack creates, which would give that service role full access to the bucket. Fix: list only human or pipeline principals that administer the bucket',
    ],
  },

  // Media ladder and input.
  {
    title: "empty rendition list",
    config: { media: { renditions: [] } },
    problems: [
      'media.renditions: received []; must list at least 1 rendition. Fix: add a rendition such as { "name": "720p", "width": 1280, "height": 720, "videoBitrate": 3000000, "audioBitrate": 128000 }',
    ],
  },
  {
    title: "seven renditions",
    config: {
      media: {
        renditions: Array.from({ length: 7 }, (_, index) =>
          rendition({ name: `r${index}` }),
        ),
      },
    },
    problems: [
      'media.renditions: received [{"name":"r0","width":1280,"height":720,"videoBitrate":3000000,"audioBitrate"...; must list at most 6 renditions, because each one is a full encode in the channel. Fix: remove renditions until at most 6 remain',
    ],
  },
  {
    title: "rendition with an odd width",
    config: { media: { renditions: [rendition({ width: 1279 })] } },
    problems: [
      "media.renditions[0].width: received 1279; must be even, because H.264 4:2:0 video has half-resolution chroma. Fix: set width to an even number such as 1280",
    ],
  },
  {
    title: "duplicate rendition names",
    config: {
      media: {
        renditions: [rendition(), rendition({ videoBitrate: 2_000_000 })],
      },
    },
    problems: [
      'media.renditions[1].name: received "720p"; duplicates media.renditions[0].name, but each name becomes an HLS name modifier, so two renditions would write the same files. Fix: give every rendition a distinct name',
    ],
  },
  {
    title: "rendition above the SD input class",
    config: { media: { inputResolution: "SD", renditions: [rendition()] } },
    problems: [
      'media.renditions[0]: received "1280x720"; is larger than the SD input class allows (at most 1024x576), so the channel would upscale. Fix: lower the rendition\'s width and height, or set media.inputResolution to the class the encoder sends',
    ],
  },
  {
    title: "rendition bitrate above the input maximum",
    realProcess: true,
    config: {
      media: {
        renditions: [
          rendition({
            name: "1080p",
            width: 1920,
            height: 1080,
            videoBitrate: 12_000_000,
          }),
        ],
      },
    },
    problems: [
      "media.renditions[0].videoBitrate: received 12000000; must be below the 10000000 bit/s input maximum (media.maximumInputBitrate MAX_10_MBPS), because a rendition cannot carry more than the source. Fix: lower videoBitrate below 10000000, or raise media.maximumInputBitrate",
    ],
  },
  {
    title: "rendition bitrate above its H.264 level",
    config: {
      media: {
        maximumInputBitrate: "MAX_20_MBPS",
        renditions: [
          rendition({
            name: "360p",
            width: 640,
            height: 360,
            videoBitrate: 15_000_000,
          }),
        ],
      },
    },
    problems: [
      "media.renditions[0].videoBitrate: received 15000000; exceeds 12500000 bit/s, the High-profile maximum of H.264 level 3, which the channel uses for 640x360 at 30 fps. Fix: lower videoBitrate to at most 12500000",
    ],
  },
  {
    title: "rendition beyond every H.264 level",
    config: {
      media: {
        inputResolution: "UHD",
        maximumInputBitrate: "MAX_50_MBPS",
        framerate: 60,
        renditions: [
          rendition({
            name: "2304p",
            width: 4096,
            height: 2304,
            videoBitrate: 20_000_000,
          }),
        ],
      },
    },
    problems: [
      'media.renditions[0]: received "4096x2304"; is larger than the UHD input class allows (at most 3840x2160), so the channel would upscale. Fix: lower the rendition\'s width and height, or set media.inputResolution to the class the encoder sends',
      'media.renditions[0]: received "4096x2304"; at 60 fps exceeds every H.264 level up to 5.2. Fix: lower the resolution or media.framerate',
    ],
  },
  {
    title: "segment that splits a frame",
    realProcess: true,
    config: { media: { framerate: 29.97, segmentLengthSeconds: 1 } },
    problems: [
      "media.framerate: received 29.97; gives 29.97 frames per 1 s segment, but every segment must hold a whole number of frames so that it starts on an IDR frame. Fix: set media.framerate to a whole number such as 30, to which MediaLive converts the source",
    ],
  },
  {
    title: "segments over 5 MB",
    realProcess: true,
    config: { media: { segmentLengthSeconds: 10 } },
    problems: [
      'media.segmentLengthSeconds: received 10; makes segments of "1080p" about 6.1 MB (5128000 bit/s x 10 s), above the 5.0 MB allowed, half of API Gateway\'s 10 MB response limit. Fix: set media.segmentLengthSeconds to at most 8, or lower the bitrates of "1080p"',
    ],
  },
  {
    title: "frame rate between whole numbers",
    config: { media: { framerate: 25.5 } },
    problems: [
      "media.framerate: received 25.5; must be a whole number of frames per second from 1 to 60, or one of 23.976, 29.97, 59.94. Fix: set media.framerate, for example 30",
    ],
  },
  {
    title: "unknown input resolution class",
    config: { media: { inputResolution: "4K" } },
    problems: [
      'media.inputResolution: received "4K"; must be "SD", "HD" or "UHD". Fix: set media.inputResolution to the encoder\'s resolution class',
    ],
  },
  {
    title: "public-read canned ACL",
    config: { media: { s3CannedAcl: "PUBLIC_READ" } },
    problems: [
      'media.s3CannedAcl: received "PUBLIC_READ"; must be "BUCKET_OWNER_FULL_CONTROL", the only ACL a bucket that enforces owner ownership accepts. Fix: set it to that value or remove media.s3CannedAcl',
    ],
  },
  {
    title: "application name with punctuation",
    config: { media: { applicationName: "Live!" } },
    problems: [
      `media.applicationName: received "Live!"; must be 1-32 lowercase letters, digits or '-'. Fix: use a name such as "live"`,
    ],
  },
  {
    title: "stream key over 64 characters",
    config: { media: { streamKey: "k".repeat(65) } },
    problems: [
      `media.streamKey: received "${"k".repeat(65)}"; must be 1-64 letters, digits, '_' or '-'. Fix: use a key such as "main"`,
    ],
  },
  {
    title: "misspelt media field",
    config: { media: { segmentLength: 2 } },
    problems: [
      `media.segmentLength: received 2; ${UNKNOWN_FIELD} ${fieldsOf(mediaSchema)}`,
    ],
  },
  {
    title: "misspelt rendition field",
    realProcess: true,
    config: {
      media: {
        renditions: [
          {
            name: "720p",
            width: 1280,
            height: 720,
            bitrate: 3_000_000,
            audioBitrate: 128_000,
          },
        ],
      },
    },
    problems: [
      "media.renditions[0].videoBitrate: received nothing; must be a number of bits per second. Fix: set videoBitrate, for example 3000000 for 3 Mbit/s",
      `media.renditions[0].bitrate: received 3000000; ${UNKNOWN_FIELD} ${fieldsOf(renditionSchema)}`,
    ],
  },
  {
    title: "unknown channel class",
    config: { media: { channelClass: "DUAL" } },
    problems: [
      'media.channelClass: received "DUAL"; must be "SINGLE_PIPELINE" or "STANDARD". Fix: set media.channelClass to one of them',
    ],
  },
  {
    title: "rendition name in capitals",
    config: { media: { renditions: [rendition({ name: "720P" })] } },
    problems: [
      `media.renditions[0].name: received "720P"; must be 1-32 lowercase letters, digits or '-'. Fix: use a name such as "720p"`,
    ],
  },
  {
    title: "rendition of zero height",
    config: { media: { renditions: [rendition({ height: 0 })] } },
    problems: [
      "media.renditions[0].height: received 0; must be at least 2 pixels. Fix: set height to an even number such as 720",
    ],
  },
  {
    title: "audio bitrate below AAC-LC stereo",
    config: { media: { renditions: [rendition({ audioBitrate: 16_000 })] } },
    problems: [
      "media.renditions[0].audioBitrate: received 16000; must be at least 32000 bit/s for AAC-LC stereo. Fix: set audioBitrate to 32000-320000, for example 128000",
    ],
  },
  {
    title: "unknown input codec",
    config: { media: { inputCodec: "H264" } },
    problems: [
      'media.inputCodec: received "H264"; must be "AVC", "HEVC" or "MPEG2". Fix: set media.inputCodec to the encoder\'s codec',
    ],
  },
  {
    title: "unknown input bitrate tier",
    config: { media: { maximumInputBitrate: "MAX_100_MBPS" } },
    problems: [
      'media.maximumInputBitrate: received "MAX_100_MBPS"; must be "MAX_10_MBPS", "MAX_20_MBPS" or "MAX_50_MBPS". Fix: set media.maximumInputBitrate to the encoder\'s bitrate tier',
    ],
  },
  {
    title: "channel start as a string",
    config: { media: { startChannel: "true" } },
    problems: [
      'media.startChannel: received "true"; must be a boolean, not a string. Fix: set media.startChannel to a boolean',
    ],
  },
  {
    title: "unknown channel log level",
    config: { media: { logLevel: "TRACE" } },
    problems: [
      'media.logLevel: received "TRACE"; must be "ERROR", "WARNING", "INFO", "DEBUG" or "DISABLED". Fix: set media.logLevel, for example "ERROR"',
    ],
  },
  {
    title: "file input outside vod/",
    config: { media: { fileInputs: ["live/keynote.mp4"] } },
    problems: [
      'media.fileInputs[0]: received "live/keynote.mp4"; must start with "vod/", the only prefix the MediaLive role may read. Fix: upload the file under vod/ and list its key, such as "vod/keynote-day1.mp4"',
    ],
  },

  {
    // With the default environment "demo", input names start with "demo-file-" (10 characters).
    title: "file input name over 128 characters",
    config: { media: { fileInputs: [LONG_FILE_INPUT_KEY] } },
    problems: [
      `media.fileInputs[0]: received "${LONG_FILE_INPUT_KEY.slice(0, 76)}...; gives an input name of 129 characters, "demo-file-" and the key's letters and digits joined by '-', over the 128 this project allows for a MediaLive input name. Fix: shorten the key so that its letters and digits, joined by '-', take at most 118 characters`,
    ],
  },

  // Private API.
  {
    title: "zero API rate limit",
    config: { api: { throttleRateLimit: 0 } },
    problems: [
      "api.throttleRateLimit: received 0; must be from 1 to 10000 requests per second, because API Gateway's default account throttle stops requests above 10000 per second. Fix: set api.throttleRateLimit to 1-10000, for example 500",
    ],
  },
  {
    title: "API rate limit above the account throttle",
    config: { api: { throttleRateLimit: 10_001 } },
    problems: [
      "api.throttleRateLimit: received 10001; must be from 1 to 10000 requests per second, because API Gateway's default account throttle stops requests above 10000 per second. Fix: set api.throttleRateLimit to 1-10000, for example 500",
    ],
  },
  {
    title: "API burst limit above the account burst",
    config: { api: { throttleBurstLimit: 5001 } },
    problems: [
      "api.throttleBurstLimit: received 5001; must be from 1 to 5000 requests, because API Gateway's default account burst is 5000. Fix: set api.throttleBurstLimit to 1-5000, for example 1000",
    ],
  },
  {
    title: "zero API burst limit",
    config: { api: { throttleBurstLimit: 0 } },
    problems: [
      "api.throttleBurstLimit: received 0; must be from 1 to 5000 requests, because API Gateway's default account burst is 5000. Fix: set api.throttleBurstLimit to 1-5000, for example 1000",
    ],
  },
  {
    title: "API rate limit as text",
    realProcess: true,
    config: { api: { throttleRateLimit: "fast" } },
    problems: [
      'api.throttleRateLimit: received "fast"; must be a number of requests per second. Fix: set api.throttleRateLimit, for example 500',
    ],
  },
  {
    title: "fractional API burst limit",
    config: { api: { throttleBurstLimit: 2.5 } },
    problems: [
      "api.throttleBurstLimit: received 2.5; must be a whole number of requests. Fix: set api.throttleBurstLimit, for example 1000",
    ],
  },
  {
    title: "stage name with a hyphen",
    config: { api: { stageName: "watch-v2" } },
    problems: [
      `api.stageName: received "watch-v2"; must be 1-128 letters, digits or '_'. Fix: use a stage name such as "watch"`,
    ],
  },
  {
    title: "logging role switch as a string",
    config: { api: { manageAccountLoggingRole: "no" } },
    problems: [
      'api.manageAccountLoggingRole: received "no"; must be a boolean, not a string. Fix: set api.manageAccountLoggingRole to a boolean',
    ],
  },

  // Signed links.
  {
    title: "link validity over a year",
    realProcess: true,
    config: { signedLinks: { maxValidityHours: 9000 } },
    problems: [
      "signedLinks.maxValidityHours: received 9000; must be from 1/60 hour (one minute, the shortest link viewer-link issues) to 8760 hours (one year). Fix: set signedLinks.maxValidityHours to the longest link lifetime you allow, for example 24",
    ],
  },
  {
    title: "link validity under a minute",
    config: { signedLinks: { maxValidityHours: 0.01 } },
    problems: [
      "signedLinks.maxValidityHours: received 0.01; must be from 1/60 hour (one minute, the shortest link viewer-link issues) to 8760 hours (one year). Fix: set signedLinks.maxValidityHours to the longest link lifetime you allow, for example 24",
    ],
  },
  {
    title: "authorizer cache over an hour",
    config: { signedLinks: { cacheTtlSeconds: 3601 } },
    problems: [
      "signedLinks.cacheTtlSeconds: received 3601; must be a whole number of seconds from 0 to 3600, the range API Gateway accepts. Fix: set signedLinks.cacheTtlSeconds to 0 (no caching) up to 3600",
    ],
  },
  {
    title: "revoked token id that is not a UUID",
    config: { signedLinks: { revokedTokenIds: ["abc"] } },
    problems: [
      'signedLinks.revokedTokenIds[0]: received "abc"; must be a token id, a UUID such as "3f2b6c1e-8a4d-4c2f-9b7e-2d1a5c6e7f80". Fix: copy the token id that "npm run viewer-link" printed for the link',
    ],
  },
  {
    title: "21 revoked viewers",
    config: {
      signedLinks: {
        revokedViewers: Array.from(
          { length: 21 },
          (_, index) => `viewer${index}`,
        ),
      },
    },
    problems: [
      `signedLinks.revokedViewers: received ["viewer0","viewer1","viewer2","viewer3","viewer4","viewer5","viewer6","viewe...; must list at most 20 viewers, because the list travels in the authorizer's 4 KB of environment variables. Fix: rotate the signing key, which revokes every link at once, then issue new links and empty the list`,
    ],
  },
  {
    title: "revoked viewer with a space",
    config: { signedLinks: { revokedViewers: ["bad name!"] } },
    problems: [
      `signedLinks.revokedViewers[0]: received "bad name!"; must be 1-64 letters, digits, '.', '_', '@' or '-', starting and ending with a letter or digit. Fix: use the name the link was issued for, such as "alice" or "alice@example.com"`,
    ],
  },

  // Cognito sign-in.
  {
    title: "unknown MFA mode",
    config: { viewerAccess: "cognito", cognito: { mfa: "REQUIRED" } },
    problems: [
      'cognito.mfa: received "REQUIRED"; must be "OFF", "OPTIONAL" or "ON". Fix: set cognito.mfa to "ON" (every viewer uses an authenticator app), "OPTIONAL" or "OFF"',
    ],
  },
  {
    title: "domain prefix with capitals",
    realProcess: true,
    config: {
      viewerAccess: "cognito",
      cognito: { domainPrefix: "Events-SignIn" },
    },
    problems: [
      `cognito.domainPrefix: received "Events-SignIn"; must be 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit. Fix: use a prefix such as "events-signin"`,
    ],
  },
  {
    title: "domain prefix with a reserved word",
    config: {
      viewerAccess: "cognito",
      cognito: { domainPrefix: "events-cognito" },
    },
    problems: [
      'cognito.domainPrefix: received "events-cognito"; must not contain "aws", "amazon", "cognito", which Cognito reserves. Fix: choose another prefix, such as "events-signin"',
    ],
  },
  {
    title: "environment with a reserved word",
    realProcess: true,
    config: { environment: "laws-day", viewerAccess: "cognito" },
    problems: [
      'environment: received "laws-day"; contains "aws", which Cognito reserves, so it cannot start the default sign-in domain prefix. Fix: set cognito.domainPrefix to a prefix without it, such as "events-signin", or rename the environment',
    ],
  },
  {
    title: "Cognito in a China region",
    config: { region: "cn-north-1", viewerAccess: "cognito" },
    problems: [
      'region: received "cn-north-1"; is in partition aws-cn, whose Cognito sign-in domains this project does not support. Fix: use a region of the aws partition, such as "us-east-1", or another viewerAccess mode',
    ],
  },
  {
    title: "Cognito with a full-tunnel VPN",
    realProcess: true,
    config: { viewerAccess: "cognito", vpn: { splitTunnel: false } },
    problems: [
      'vpn.splitTunnel: received false; sends all VPN traffic into the VPC, which has no internet path, so viewers could not reach the Cognito sign-in pages. Fix: set vpn.splitTunnel to true, or use "network" or "signed-links" for viewerAccess',
    ],
  },
  {
    title: "access token under 5 minutes",
    config: { viewerAccess: "cognito", cognito: { accessTokenMinutes: 1 } },
    problems: [
      "cognito.accessTokenMinutes: received 1; must be a whole number of minutes from 5 to 1440, the range Cognito accepts. Fix: set cognito.accessTokenMinutes, for example 15",
    ],
  },
  {
    title: "ID token over a day",
    config: { viewerAccess: "cognito", cognito: { idTokenMinutes: 1441 } },
    problems: [
      "cognito.idTokenMinutes: received 1441; must be a whole number of minutes from 5 to 1440, the range Cognito accepts. Fix: set cognito.idTokenMinutes, for example 15",
    ],
  },
  {
    title: "fractional refresh token days",
    config: { viewerAccess: "cognito", cognito: { refreshTokenDays: 0.5 } },
    problems: [
      "cognito.refreshTokenDays: received 0.5; must be a whole number of days from 1 to 3650, the range Cognito accepts. Fix: set cognito.refreshTokenDays, for example 1",
    ],
  },
  {
    title: "misspelt Cognito field",
    config: { viewerAccess: "cognito", cognito: { MFA: "ON" } },
    problems: [
      `cognito.MFA: received "ON"; ${UNKNOWN_FIELD} ${fieldsOf(cognitoSchema)}`,
    ],
  },

  // Security rule suppressions.
  {
    title: "suppression of an unknown rule",
    realProcess: true,
    config: {
      securityRules: {
        suppressions: [
          {
            rule: "PS-S3-999",
            resource: "storage/aws_s3_bucket.media_bucket",
            reason: SUPPRESSION_REASON,
          },
        ],
      },
    },
    problems: [
      `securityRules.suppressions[0].rule: received "PS-S3-999"; is not the id of a security rule. Fix: use one of ${RULE_IDS.join(", ")}`,
    ],
  },
  {
    title: "suppression with a short reason",
    config: {
      securityRules: {
        suppressions: [
          {
            rule: "PS-ML-002",
            resource: "media/aws_medialive_channel.channel",
            reason: "ok",
          },
        ],
      },
    },
    problems: [
      'securityRules.suppressions[0].reason: received "ok"; must explain in at least 10 characters why the finding is acceptable. Fix: write the reason a reviewer needs, for example who accepted the risk and until when',
    ],
  },
  {
    title: "suppression without a stack",
    config: {
      securityRules: {
        suppressions: [
          {
            rule: "PS-ML-002",
            resource: "aws_medialive_channel.channel",
            reason: SUPPRESSION_REASON,
          },
        ],
      },
    },
    problems: [
      'securityRules.suppressions[0].resource: received "aws_medialive_channel.channel"; must be "<stack>/<address>" with a stack of network, storage, media. Fix: copy it from the finding, such as "network/aws_vpc.vpc"',
    ],
  },
  {
    title: "suppression listed twice",
    config: {
      securityRules: {
        suppressions: [1, 2].map(() => ({
          rule: "PS-ML-002",
          resource: "media/aws_medialive_channel.channel",
          reason: SUPPRESSION_REASON,
        })),
      },
    },
    problems: [
      'securityRules.suppressions[1]: received {"rule":"PS-ML-002","resource":"media/aws_medialive_channel.channel"}; suppresses the same rule and resource as securityRules.suppressions[0]. Fix: keep one entry and merge the reasons',
    ],
  },
  {
    title: "suppression with an unknown field",
    config: {
      securityRules: {
        suppressions: [
          {
            rule: "PS-ML-002",
            resource: "media/aws_medialive_channel.channel",
            reason: SUPPRESSION_REASON,
            expires: "2026-06-01",
          },
        ],
      },
    },
    problems: [
      `securityRules.suppressions[0].expires: received "2026-06-01"; ${UNKNOWN_FIELD} ${fieldsOf(suppressionSchema)}`,
    ],
  },

  // Several problems at once.
  {
    title: "shape problems in several sections",
    config: {
      environment: "Events",
      vpn: { port: 80, users: [] },
      media: { segmentLengthSeconds: 0 },
      api: { stageName: "" },
    },
    problems: [
      `environment: received "Events"; ${ENVIRONMENT_RULE}`,
      'vpn.users: received []; must list at least one user. Fix: add a user name such as "operator"',
      "vpn.port: received 80; must be 443 or 1194, the only ports Client VPN accepts. Fix: set vpn.port to 443 or 1194",
      "media.segmentLengthSeconds: received 0; must be at least 1 second. Fix: set media.segmentLengthSeconds to 1-10, for example 2",
      `api.stageName: received ""; must be 1-128 letters, digits or '_'. Fix: use a stage name such as "watch"`,
    ],
  },
  {
    title: "cross-field problems in several sections",
    realProcess: true,
    config: {
      network: {
        vpcCidr: "10.100.0.0/16",
        corporateCidrs: ["10.100.128.0/20"],
      },
      vpn: { associatedSubnets: 3 },
      media: { inputResolution: "SD" },
    },
    problems: [
      'vpn.clientCidr: received "10.100.0.0/22"; overlaps network.vpcCidr 10.100.0.0/16. Fix: choose a client block outside the VPC, such as "10.200.0.0/22"',
      'network.corporateCidrs[0]: received "10.100.128.0/20"; overlaps network.vpcCidr 10.100.0.0/16. Fix: choose a VPC block that the corporate network does not use, or correct the corporate block',
      "vpn.associatedSubnets: received 3; exceeds the 2 private subnets (network.availabilityZones). Fix: set vpn.associatedSubnets to 1-2 or omit it",
      'media.renditions[0]: received "1920x1080"; is larger than the SD input class allows (at most 1024x576), so the channel would upscale. Fix: lower the rendition\'s width and height, or set media.inputResolution to the class the encoder sends',
      'media.renditions[1]: received "1280x720"; is larger than the SD input class allows (at most 1024x576), so the channel would upscale. Fix: lower the rendition\'s width and height, or set media.inputResolution to the class the encoder sends',
    ],
  },
];

type AnySchema = z.core.$ZodType;
type Shape = Record<string, AnySchema>;

/** Unwraps defaults, optionals and pipes down to the schema that shapes the value. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { innerType?: AnySchema; in?: AnySchema };
    if (def.innerType) current = def.innerType;
    else if (def.in) current = def.in;
    else return current;
  }
}

/**
 * Lists the path of every leaf field a schema accepts, such as `vpn.port`
 * or `media.renditions[].width`. The options of an object union (the
 * backend) contribute their fields together.
 */
function leafFields(schema: AnySchema, prefix = ""): string[] {
  const def = unwrap(schema)._zod.def as {
    shape?: Shape;
    element?: AnySchema;
    options?: AnySchema[];
  };
  const shapes = [
    def.shape,
    ...(def.options ?? []).map(
      (option) => (unwrap(option)._zod.def as { shape?: Shape }).shape,
    ),
  ].filter((shape): shape is Shape => shape !== undefined);
  if (shapes.length > 0) {
    const fields = new Map(shapes.flatMap((shape) => Object.entries(shape)));
    return [...fields].flatMap(([key, field]) =>
      leafFields(field, prefix === "" ? key : `${prefix}.${key}`),
    );
  }
  if (def.element && (unwrap(def.element)._zod.def as { shape?: Shape }).shape)
    return leafFields(def.element, `${prefix}[]`);
  return [prefix];
}

/** Path, size, modification time and content of every file under a folder. */
function snapshotFiles(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const stats = statSync(path);
      return `${relative(root, path)} ${stats.size} ${stats.mtimeMs} ${readFileSync(path, "utf8")}`;
    })
    .sort();
}

/** A temporary project-like folder: the config file, a stale synthesis and local state beside it. */
interface Workspace {
  readonly root: string;
  readonly configPath: string;
  readonly outdir: string;
  /** Where the local backend keeps state for an outdir in this folder (see stacks/backend.ts). */
  readonly stateDir: string;
  readonly stateBefore: readonly string[];
}

/** Every temporary folder the tests create, removed after all tests. */
const temporaryFolders: string[] = [];

function prepareWorkspace(config: unknown): Workspace {
  const root = mkdtempSync(join(tmpdir(), "protected-streaming-catalogue-"));
  const configPath = join(root, "config.json");
  writeFileSync(configPath, JSON.stringify(config, null, 2));

  const outdir = join(root, "cdktf.out");
  mkdirSync(join(outdir, "stacks", "network"), { recursive: true });
  writeFileSync(join(outdir, "manifest.json"), '{"version":"stale"}');
  writeFileSync(
    join(outdir, "stacks", "network", "cdk.tf.json"),
    '{"resource":{"stale":{}}}',
  );

  const stateDir = join(root, "terraform-state");
  mkdirSync(join(stateDir, "demo"), { recursive: true });
  writeFileSync(
    join(stateDir, "demo", "network.tfstate"),
    '{"version":4,"serial":7}',
  );

  temporaryFolders.push(root);
  return {
    root,
    configPath,
    outdir,
    stateDir,
    stateBefore: snapshotFiles(stateDir),
  };
}

afterAll(() => {
  for (const folder of temporaryFolders)
    rmSync(folder, { recursive: true, force: true });
});

/** The variables `npm run synth` reads: the config file and the output folder. */
function synthVariables(workspace: Workspace): Record<string, string> {
  return {
    STREAMING_CONFIG: workspace.configPath,
    CDKTF_OUTDIR: workspace.outdir,
  };
}

interface ProcessRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a TypeScript file with `node --import tsx` from the project root, as `npm run synth` does. */
function runTypeScript(
  file: string,
  args: readonly string[],
  variables: Record<string, string>,
): Promise<ProcessRun> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", file, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...variables },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: RUN_TIMEOUT_MS,
    });
    let stdout = "";
    let stderr = "";
    child.stdout
      .setEncoding("utf8")
      .on("data", (chunk: string) => (stdout += chunk));
    child.stderr
      .setEncoding("utf8")
      .on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status, signal) =>
      resolvePromise({ status, signal, stdout, stderr }),
    );
  });
}

/** Runs `task` on every item with at most `limit` running at once, keeping the order. */
async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}

/**
 * Checks what a rejected synthesis must leave behind: exactly the problem
 * report on stderr, no stack trace, no output folder (the stale one
 * removed), no staging folder and the workspace's state unchanged.
 */
function expectRejected(
  invalid: InvalidCase,
  workspace: Workspace,
  stderr: string,
): void {
  const count =
    invalid.problems.length === 1
      ? "1 problem"
      : `${invalid.problems.length} problems`;
  const stderrLines = stderr.split("\n");

  for (const problem of invalid.problems)
    expect(stderrLines).toContain(`  - ${problem}`);
  expect(stderr).toBe(
    [
      `Invalid configuration (${workspace.configPath}), ${count}:`,
      ...invalid.problems.map((line) => `  - ${line}`),
      "",
    ].join("\n"),
  );
  expect(stderr).not.toMatch(/^\s+at /m);

  expect(existsSync(workspace.outdir)).toBe(false);
  expect(
    readdirSync(workspace.root).filter((name) =>
      name.startsWith(".cdktf.out-"),
    ),
  ).toEqual([]);
  expect(snapshotFiles(workspace.stateDir)).toEqual(workspace.stateBefore);
}

const ALL_CASES = CASES.map((invalid) => [invalid.title, invalid] as const);
const PROCESS_CASES = CASES.filter((invalid) => invalid.realProcess).map(
  (invalid) => [invalid.title, invalid] as const,
);

let projectStateExisted: boolean;
let projectStateBefore: string[];
/** Per case title: the workspace and what main() returned in the batch process. */
const batchRuns = new Map<
  string,
  { workspace: Workspace; result: MainResult }
>();
let batchProcess: ProcessRun;
/** Per case title: the workspace and the `main.ts` process that ran on it. */
const processRuns = new Map<
  string,
  { workspace: Workspace; run: ProcessRun }
>();

beforeAll(async () => {
  projectStateExisted = existsSync(PROJECT_STATE);
  projectStateBefore = snapshotFiles(PROJECT_STATE);

  const batchWorkspaces = CASES.map((invalid) =>
    prepareWorkspace(invalid.config),
  );
  const batchFolder = mkdtempSync(join(tmpdir(), "protected-streaming-batch-"));
  temporaryFolders.push(batchFolder);
  const jobsPath = join(batchFolder, "jobs.json");
  const resultsPath = join(batchFolder, "results.json");
  writeFileSync(jobsPath, JSON.stringify(batchWorkspaces.map(synthVariables)));

  const [batch] = await Promise.all([
    runTypeScript(BATCH_SCRIPT, [jobsPath, resultsPath], {}),
    mapWithLimit(PROCESS_CASES, CONCURRENCY, async ([title, invalid]) => {
      const workspace = prepareWorkspace(invalid.config);
      processRuns.set(title, {
        workspace,
        run: await runTypeScript("main.ts", [], synthVariables(workspace)),
      });
    }),
  ]);
  batchProcess = batch;
  if (existsSync(resultsPath)) {
    const results = JSON.parse(
      readFileSync(resultsPath, "utf8"),
    ) as MainResult[];
    CASES.forEach((invalid, index) =>
      batchRuns.set(invalid.title, {
        workspace: batchWorkspaces[index],
        result: results[index],
      }),
    );
  }
}, 4 * RUN_TIMEOUT_MS);

test("catalogue has at least 40 cases", () => {
  expect(CASES.length).toBeGreaterThanOrEqual(40);
  expect(new Set(CASES.map((invalid) => invalid.title)).size).toBe(
    CASES.length,
  );
  expect(PROCESS_CASES.length).toBeGreaterThanOrEqual(10);
});

test("catalogue covers every schema field", () => {
  const problemPaths = CASES.flatMap((invalid) =>
    invalid.problems.map((line) =>
      line.slice(0, line.indexOf(": received")).replace(/\[\d+\]/g, "[]"),
    ),
  );
  const uncovered = leafFields(configSchema).filter(
    (field) =>
      !problemPaths.some(
        (path) =>
          path === field ||
          path.startsWith(`${field}.`) ||
          path.startsWith(`${field}[`),
      ),
  );
  expect(uncovered).toEqual([]);
});

describe("parseConfig on the catalogue", () => {
  test.each(ALL_CASES)("%s", (_title, invalid) => {
    const problems = problemsOf(invalid.config);
    expect(problems).toEqual(invalid.problems);
    expect(problems).toHaveLength(invalid.problems.length);
  });
});

describe("main() on the catalogue", () => {
  test("batch process completes", () => {
    expect(batchProcess.stderr).toBe("");
    expect(batchProcess.status).toBe(0);
    expect(batchRuns.size).toBe(CASES.length);
  });

  test.each(ALL_CASES)("%s", (title, invalid) => {
    const { workspace, result } = batchRuns.get(title)!;
    expect(result.thrown).toBeUndefined();
    expect(result.status).toBe(1);
    expectRejected(invalid, workspace, result.stderr);
  });
});

describe("main.ts process on the catalogue", () => {
  test.each(PROCESS_CASES)("%s", (title, invalid) => {
    const { workspace, run } = processRuns.get(title)!;
    expect(run.signal).toBeNull();
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expectRejected(invalid, workspace, run.stderr);
  });
});

test("project state is untouched", () => {
  expect(existsSync(PROJECT_STATE)).toBe(projectStateExisted);
  expect(snapshotFiles(PROJECT_STATE)).toEqual(projectStateBefore);
});
