import { z } from "zod";
import { BUCKET_PREFIXES, resourceIdForUser, STACK_IDS } from "../naming";
import {
  EXAMPLE_TOKEN_ID,
  TOKEN_ID_PATTERN,
  VIEWER_NAME_PATTERN,
  VIEWER_NAME_RULE,
} from "../viewer-access/identifiers";
import { parseCidr } from "./cidr";

/**
 * The configuration schema: every field, its default and its shape rules.
 * Rules that relate two fields (CIDR overlaps, ladder limits) live in the
 * `*-rules.ts` files beside it and run after this schema has accepted the
 * shape.
 *
 * Custom messages read "<rule>. Fix: <what to change>"; the formatter in
 * `errors.ts` adds the field path and the value received.
 */

/** Joins a rule and its fix into the message format that `errors.ts` reads. */
export function ruleMessage(rule: string, fix: string): string {
  return `${rule}. Fix: ${fix}`;
}

/** CloudWatch Logs accepts only these retention periods, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827,
  2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * Fractional frame rates accepted besides whole numbers: the NTSC rates
 * 24000/1001, 30000/1001 and 60000/1001 frames per second.
 */
export const NTSC_FRAMERATES = [23.976, 29.97, 59.94] as const;

/** AWS Client VPN accepts only these maximum session lengths, in hours. */
export const SESSION_TIMEOUT_HOURS = [8, 10, 12, 24] as const;

const ENVIRONMENT_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9])){0,19}$/;
const REGION_PATTERN = /^[a-z]{2}(?:-gov|-iso[a-z]*)?-[a-z]+-\d$/;
/** Letters, digits, dot, underscore and hyphen: safe in an X.509 common name and a file name. */
const VPN_USER_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;
const TAG_KEY_PATTERN = /^(?![aA][wW][sS]:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE_PATTERN = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
/** Tag keys the project sets itself: the default tags and each resource's Name. */
const RESERVED_TAG_KEYS = ["Name", "Project", "Environment", "ManagedBy"];
/** AWS allows 50 user tags per resource; the reserved keys take the rest. */
const MAX_USER_TAGS = 50 - RESERVED_TAG_KEYS.length;
const S3_BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const STATE_KEY_PREFIX_PATTERN =
  /^[A-Za-z0-9!_.*'()-]+(?:\/[A-Za-z0-9!_.*'()-]+)*$/;
const DYNAMODB_TABLE_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;
const IAM_PRINCIPAL_ARN_PATTERN =
  /^arn:aws[a-z-]*:iam::\d{12}:(?:root|role\/[\w+=,.@/-]+|user\/[\w+=,.@/-]+)$/;
const NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
const STREAM_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const TRANSIT_GATEWAY_ID_PATTERN = /^tgw-[0-9a-f]{8,17}$/;
const STAGE_NAME_PATTERN = /^[A-Za-z0-9_]{1,128}$/;

/**
 * An IPv4 CIDR whose prefix length lies in the range AWS accepts for the
 * field, given as `[shortest, longest]` with the reason for the range.
 */
const cidrString = (
  field: string,
  example: string,
  [shortest, longest]: [number, number],
  range: string,
) =>
  z
    .string({
      error: ruleMessage(
        "must be an IPv4 CIDR string",
        `set ${field} to a block such as "${example}"`,
      ),
    })
    .refine((text) => parseCidr(text) !== undefined, {
      error: ruleMessage(
        "must be an IPv4 CIDR with no host bits set",
        `set ${field} to a network address such as "${example}"`,
      ),
      abort: true,
    })
    .refine(
      (text) => {
        const prefixLength = parseCidr(text)!.prefixLength;
        return prefixLength >= shortest && prefixLength <= longest;
      },
      {
        error: ruleMessage(
          `must have a prefix length between /${shortest} and /${longest}, the range ${range}`,
          `choose a block from /${shortest} to /${longest}`,
        ),
      },
    );

const logRetention = z
  .number()
  .int()
  .refine((days) => (LOG_RETENTION_DAYS as readonly number[]).includes(days), {
    error: ruleMessage(
      "must be a retention period that CloudWatch Logs accepts",
      `use one of ${LOG_RETENTION_DAYS.join(", ")}`,
    ),
  });

export const networkSchema = z.strictObject({
  /** VPC address block. Every private subnet is carved from it. */
  vpcCidr: cidrString(
    "network.vpcCidr",
    "10.20.0.0/16",
    [16, 28],
    "AWS allows for a VPC",
  ).default("10.20.0.0/16"),
  /** Number of availability zones, one private subnet in each. */
  availabilityZones: z
    .number()
    .int()
    .min(
      1,
      ruleMessage("must be at least 1", "set network.availabilityZones to 2-6"),
    )
    .max(
      6,
      ruleMessage("must be at most 6", "set network.availabilityZones to 2-6"),
    )
    .default(2),
  /**
   * Networks that reach the VPC over the company's own connectivity (Site-to-Site
   * VPN, Direct Connect, transit gateway). They are admitted wherever VPN
   * clients are.
   */
  corporateCidrs: z
    .array(
      cidrString(
        "network.corporateCidrs",
        "192.168.0.0/16",
        [8, 32],
        "this project admits, since a shorter prefix would admit most of the internet",
      ),
    )
    .max(
      20,
      ruleMessage(
        "must list at most 20 blocks",
        "summarize the corporate networks into fewer blocks",
      ),
    )
    .default([]),
  /** Transit gateway to attach the VPC to; the corporate blocks are routed through it. */
  transitGatewayId: z
    .string()
    .regex(
      TRANSIT_GATEWAY_ID_PATTERN,
      ruleMessage(
        "must be a transit gateway id",
        'use an id such as "tgw-0123456789abcdef0"',
      ),
    )
    .optional(),
});

export const vpnSchema = z.strictObject({
  /** Create the Client VPN. Without it, viewers reach the VPC through network.corporateCidrs. */
  enabled: z.boolean().default(true),
  /** Address block the Client VPN assigns to connected clients. */
  clientCidr: cidrString(
    "vpn.clientCidr",
    "10.100.0.0/22",
    [12, 22],
    "Client VPN allows",
  ).default("10.100.0.0/22"),
  /** One client certificate and profile is minted per user. */
  users: z
    .array(
      z
        .string()
        .regex(
          VPN_USER_PATTERN,
          ruleMessage(
            "must be 1-64 letters, digits, '.', '_' or '-', starting and ending with a letter or digit",
            'rename the user, for example "alice" or "ops.team-1"',
          ),
        ),
    )
    .min(
      1,
      ruleMessage(
        "must list at least one user",
        'add a user name such as "operator"',
      ),
    )
    .max(
      100,
      ruleMessage(
        "must list at most 100 users",
        "split the VPN users across environments",
      ),
    )
    .superRefine((users, context) => {
      const firstIndexById = new Map<string, number>();
      users.forEach((user, index) => {
        const id = resourceIdForUser(user);
        const first = firstIndexById.get(id);
        if (first === undefined) {
          firstIndexById.set(id, index);
          return;
        }
        context.addIssue({
          code: "custom",
          path: [index],
          input: user,
          message: ruleMessage(
            `duplicates vpn.users[${first}] (names are compared ignoring case, with '.' equal to '_', because they become resource addresses and file names)`,
            "give every user a distinct name",
          ),
        });
      });
    })
    .default(["operator"]),
  port: z
    .union([z.literal(443), z.literal(1194)], {
      error: ruleMessage(
        "must be 443 or 1194, the only ports Client VPN accepts",
        "set vpn.port to 443 or 1194",
      ),
    })
    .default(443),
  transportProtocol: z
    .enum(["udp", "tcp"], {
      error: ruleMessage(
        'must be "udp" or "tcp"',
        'set vpn.transportProtocol to "udp" (faster) or "tcp"',
      ),
    })
    .default("udp"),
  /** Send only VPC traffic through the tunnel, so viewers keep their own internet path. */
  splitTunnel: z.boolean().default(true),
  sessionTimeoutHours: z
    .number()
    .refine(
      (hours) => (SESSION_TIMEOUT_HOURS as readonly number[]).includes(hours),
      {
        error: ruleMessage(
          "must be a session length Client VPN accepts",
          `use one of ${SESSION_TIMEOUT_HOURS.join(", ")}`,
        ),
      },
    )
    .default(12),
  /**
   * Number of subnets the endpoint is associated with. Each association is
   * billed per hour. Absent means one per availability zone.
   */
  associatedSubnets: z
    .number()
    .int()
    .min(
      1,
      ruleMessage(
        "must be at least 1",
        "set vpn.associatedSubnets to 1 or more",
      ),
    )
    .optional(),
});

export const certificatesSchema = z.strictObject({
  /** Validity of the CA, server and client certificates, in days. */
  validityDays: z
    .number()
    .int()
    .min(
      1,
      ruleMessage(
        "must be at least 1 day",
        "set certificates.validityDays to 1-3650",
      ),
    )
    .max(
      3650,
      ruleMessage(
        "must be at most 3650 days",
        "set certificates.validityDays to 1-3650",
      ),
    )
    .default(365),
});

const localBackendSchema = z.strictObject({ type: z.literal("local") });

/** Four dot-separated groups of 1-3 digits: S3 rejects bucket names formatted as an IP address. */
const IP_ADDRESS_PATTERN = /^\d{1,3}(?:\.\d{1,3}){3}$/;
/** S3 limits an object key to 1024 bytes, and a state key contains only one-byte characters. */
const MAX_STATE_KEY_BYTES = 1024;
/** An environment name has at most 20 characters (ENVIRONMENT_PATTERN). */
const MAX_ENVIRONMENT_LENGTH = 20;
const LONGEST_STACK_ID = Math.max(
  ...Object.values(STACK_IDS).map((id) => id.length),
);
/** Longest prefix that keeps `<keyPrefix>/<environment>/<stack>.tfstate` within S3's key limit for every environment. */
const MAX_STATE_KEY_PREFIX_LENGTH =
  MAX_STATE_KEY_BYTES -
  `/${"e".repeat(MAX_ENVIRONMENT_LENGTH)}/${"s".repeat(LONGEST_STACK_ID)}.tfstate`
    .length;
const STATE_BUCKET_EXAMPLE = 'use a name such as "events-terraform-state"';

const s3BackendSchema = z.strictObject({
  type: z.literal("s3"),
  bucket: z
    .string({
      error: ruleMessage(
        "is required for an S3 backend",
        "set backend.bucket to the state bucket's name",
      ),
    })
    .regex(S3_BUCKET_PATTERN, {
      error: ruleMessage(
        "must be a valid S3 bucket name",
        "use 3-63 lowercase letters, digits, '.' and '-'",
      ),
      abort: true,
    })
    .refine((name) => !IP_ADDRESS_PATTERN.test(name), {
      error: ruleMessage(
        "must not be formatted as an IP address, which S3 does not allow for a bucket name",
        STATE_BUCKET_EXAMPLE,
      ),
    })
    .refine((name) => !/\.\.|\.-|-\./.test(name), {
      error: ruleMessage(
        "must not contain '..', '.-' or '-.', because S3 needs every dot-separated part of a bucket name to start and end with a letter or digit",
        STATE_BUCKET_EXAMPLE,
      ),
    }),
  region: z
    .string({
      error: ruleMessage(
        "is required for an S3 backend",
        'set backend.region, for example "us-east-1"',
      ),
    })
    .regex(
      REGION_PATTERN,
      ruleMessage(
        "must be an AWS region code",
        'use a code such as "us-east-1"',
      ),
    ),
  keyPrefix: z
    .string()
    .regex(
      STATE_KEY_PREFIX_PATTERN,
      ruleMessage(
        "must be a key prefix without leading, trailing or double slashes",
        'use a prefix such as "protected-streaming"',
      ),
    )
    .refine(
      (prefix) =>
        !prefix
          .split("/")
          .some((segment) => segment === "." || segment === ".."),
      {
        error: ruleMessage(
          "must not have '.' or '..' segments, which S3 stores literally but path-based tools resolve to another key",
          'use a prefix such as "protected-streaming"',
        ),
      },
    )
    .max(
      MAX_STATE_KEY_PREFIX_LENGTH,
      ruleMessage(
        `must be at most ${MAX_STATE_KEY_PREFIX_LENGTH} characters, so that every state key <keyPrefix>/<environment>/<stack>.tfstate stays within S3's ${MAX_STATE_KEY_BYTES}-byte key limit`,
        "use a shorter prefix",
      ),
    )
    .default("protected-streaming"),
  dynamodbTable: z
    .string()
    .regex(
      DYNAMODB_TABLE_PATTERN,
      ruleMessage(
        "must be a DynamoDB table name",
        "use 3-255 letters, digits, '_', '-' or '.'",
      ),
    )
    .optional(),
});

export const backendSchema = z.discriminatedUnion(
  "type",
  [localBackendSchema, s3BackendSchema],
  {
    error: ruleMessage(
      'must have "type" set to "local" or "s3"',
      'use { "type": "local" } or { "type": "s3", "bucket": ..., "region": ... }',
    ),
  },
);

export const storageSchema = z.strictObject({
  /** Days after which objects under the live prefix expire. */
  liveObjectExpirationDays: z
    .number()
    .int()
    .min(
      1,
      ruleMessage(
        "must be at least 1 day",
        "set storage.liveObjectExpirationDays to 1-3650",
      ),
    )
    .max(
      3650,
      ruleMessage(
        "must be at most 3650 days",
        "set storage.liveObjectExpirationDays to 1-3650",
      ),
    )
    .default(1),
  /** Let `cdktf destroy` delete the bucket with its objects. */
  forceDestroy: z.boolean().default(true),
  /** Principals (besides the deployer) that keep full access to the bucket. */
  adminPrincipalArns: z
    .array(
      z
        .string()
        .regex(
          IAM_PRINCIPAL_ARN_PATTERN,
          ruleMessage(
            "must be an IAM role, user or account root ARN",
            'use an ARN such as "arn:aws:iam::123456789012:role/StreamingAdmin"',
          ),
        ),
    )
    .default([]),
});

/** A positive, even pixel count: H.264 with 4:2:0 chroma needs even frame dimensions. */
const evenPixels = (field: string, example: number) =>
  z
    .number({
      error: ruleMessage(
        "must be a number of pixels",
        `set ${field} to an even number such as ${example}`,
      ),
    })
    .int(
      ruleMessage(
        "must be a whole number of pixels",
        `set ${field} to an even number such as ${example}`,
      ),
    )
    .min(
      2,
      ruleMessage(
        "must be at least 2 pixels",
        `set ${field} to an even number such as ${example}`,
      ),
    )
    .max(
      4096,
      ruleMessage(
        "must be at most 4096 pixels",
        `set ${field} to an even number such as ${example}`,
      ),
    )
    .refine((pixels) => pixels % 2 === 0, {
      error: ruleMessage(
        "must be even, because H.264 4:2:0 video has half-resolution chroma",
        `set ${field} to an even number such as ${example}`,
      ),
    });

export const renditionSchema = z.strictObject({
  /** Name of the rendition; also the HLS name modifier of its playlist and segments. */
  name: z
    .string()
    .regex(
      NAME_PATTERN,
      ruleMessage(
        "must be 1-32 lowercase letters, digits or '-'",
        'use a name such as "720p"',
      ),
    ),
  width: evenPixels("width", 1280),
  height: evenPixels("height", 720),
  /** H.264 video bitrate in bits per second (constant bitrate). */
  videoBitrate: z
    .number({
      error: ruleMessage(
        "must be a number of bits per second",
        "set videoBitrate, for example 3000000 for 3 Mbit/s",
      ),
    })
    .int(
      ruleMessage(
        "must be a whole number of bits per second",
        "set videoBitrate, for example 3000000 for 3 Mbit/s",
      ),
    )
    .min(
      100_000,
      ruleMessage(
        "must be at least 100000 bit/s",
        "set videoBitrate in bits per second, for example 3000000 for 3 Mbit/s",
      ),
    ),
  /** AAC-LC stereo audio bitrate in bits per second. */
  audioBitrate: z
    .number({
      error: ruleMessage(
        "must be a number of bits per second",
        "set audioBitrate, for example 128000",
      ),
    })
    .int(
      ruleMessage(
        "must be a whole number of bits per second",
        "set audioBitrate, for example 128000",
      ),
    )
    .min(
      32_000,
      ruleMessage(
        "must be at least 32000 bit/s for AAC-LC stereo",
        "set audioBitrate to 32000-320000, for example 128000",
      ),
    )
    .max(
      320_000,
      ruleMessage(
        "must be at most 320000 bit/s for AAC-LC stereo",
        "set audioBitrate to 32000-320000, for example 128000",
      ),
    ),
});

export type Rendition = z.infer<typeof renditionSchema>;

export const DEFAULT_RENDITIONS: Rendition[] = [
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

/**
 * MediaLive attaches at most 20 inputs to a channel, of which at most 2 are
 * push inputs ("AWS Elemental MediaLive feature rules and limits" in the
 * MediaLive user guide). The RTMP input takes one, so 19 remain for files.
 */
export const MAX_FILE_INPUTS = 19;

/** S3 limits an object key to 1024 bytes; the allowed characters are one byte each. */
const MAX_S3_KEY_LENGTH = 1024;

/** `vod/`, then parts of letters, digits, '.', '_' and '-' that each start with a letter or digit, then `.mp4`. */
const FILE_INPUT_KEY_PATTERN =
  /^vod\/(?:[A-Za-z0-9][A-Za-z0-9._-]*\/)*[A-Za-z0-9][A-Za-z0-9._-]*\.mp4$/;
const FILE_INPUT_EXAMPLE = '"vod/keynote-day1.mp4"';

/** One `media.fileInputs` entry: the key of an MP4 file under the `vod/` prefix of the media bucket. */
const fileInputKey = z
  .string({
    error: ruleMessage(
      "must be an S3 object key",
      `write the key as a string, such as ${FILE_INPUT_EXAMPLE}`,
    ),
  })
  .refine((key) => key.startsWith(BUCKET_PREFIXES.vod), {
    error: ruleMessage(
      'must start with "vod/", the only prefix the MediaLive role may read',
      `upload the file under vod/ and list its key, such as ${FILE_INPUT_EXAMPLE}`,
    ),
    abort: true,
  })
  .refine((key) => key.endsWith(".mp4"), {
    error: ruleMessage(
      'must end with ".mp4", because each file becomes an MP4 file input',
      `convert the recording to MP4 and list its key, such as ${FILE_INPUT_EXAMPLE}`,
    ),
    abort: true,
  })
  .refine((key) => !key.includes(".."), {
    error: ruleMessage(
      "must not contain '..'",
      `use a plain key below vod/, such as ${FILE_INPUT_EXAMPLE}`,
    ),
    abort: true,
  })
  .refine((key) => FILE_INPUT_KEY_PATTERN.test(key), {
    error: ruleMessage(
      "must be parts of letters, digits, '.', '_' or '-' separated by single '/', each part starting with a letter or digit",
      `rename the file, such as ${FILE_INPUT_EXAMPLE}`,
    ),
    abort: true,
  })
  .refine((key) => key.length <= MAX_S3_KEY_LENGTH, {
    error: ruleMessage(
      `must be at most ${MAX_S3_KEY_LENGTH} characters, the S3 key limit`,
      "use a shorter key",
    ),
  });

export const mediaSchema = z.strictObject({
  channelClass: z
    .enum(["SINGLE_PIPELINE", "STANDARD"], {
      error: ruleMessage(
        'must be "SINGLE_PIPELINE" or "STANDARD"',
        "set media.channelClass to one of them",
      ),
    })
    .default("SINGLE_PIPELINE"),
  /** HLS segment length in seconds. */
  segmentLengthSeconds: z
    .number({
      error: ruleMessage(
        "must be a number of seconds",
        "set media.segmentLengthSeconds to 1-10, for example 2",
      ),
    })
    .int(
      ruleMessage(
        "must be a whole number of seconds, the unit of MediaLive's HLS segment length",
        "set media.segmentLengthSeconds to 1-10, for example 2",
      ),
    )
    .min(
      1,
      ruleMessage(
        "must be at least 1 second",
        "set media.segmentLengthSeconds to 1-10, for example 2",
      ),
    )
    .max(
      10,
      ruleMessage(
        "must be at most 10 seconds, or live latency and segment size grow too large",
        "set media.segmentLengthSeconds to 1-10, for example 2",
      ),
    )
    .default(2),
  /**
   * Output frame rate in frames per second, fixed for every rendition:
   * a whole number from 1 to 60, or 23.976, 29.97 or 59.94.
   */
  framerate: z
    .number({
      error: ruleMessage(
        "must be a number of frames per second",
        "set media.framerate, for example 30",
      ),
    })
    .refine(
      (rate) =>
        (Number.isInteger(rate) && rate >= 1 && rate <= 60) ||
        (NTSC_FRAMERATES as readonly number[]).includes(rate),
      {
        error: ruleMessage(
          `must be a whole number of frames per second from 1 to 60, or one of ${NTSC_FRAMERATES.join(", ")}`,
          "set media.framerate, for example 30",
        ),
      },
    )
    .default(30),
  /** The adaptive-bitrate ladder, highest quality first, between which the player switches. */
  renditions: z
    .array(renditionSchema, {
      error: ruleMessage(
        "must be a list of renditions",
        'write [{ "name": "720p", "width": 1280, ... }]',
      ),
    })
    .min(
      1,
      ruleMessage(
        "must list at least 1 rendition",
        'add a rendition such as { "name": "720p", "width": 1280, "height": 720, "videoBitrate": 3000000, "audioBitrate": 128000 }',
      ),
    )
    .max(
      6,
      ruleMessage(
        "must list at most 6 renditions, because each one is a full encode in the channel",
        "remove renditions until at most 6 remain",
      ),
    )
    .default(DEFAULT_RENDITIONS),
  inputCodec: z
    .enum(["AVC", "HEVC", "MPEG2"], {
      error: ruleMessage(
        'must be "AVC", "HEVC" or "MPEG2"',
        "set media.inputCodec to the encoder's codec",
      ),
    })
    .default("AVC"),
  inputResolution: z
    .enum(["SD", "HD", "UHD"], {
      error: ruleMessage(
        'must be "SD", "HD" or "UHD"',
        "set media.inputResolution to the encoder's resolution class",
      ),
    })
    .default("HD"),
  maximumInputBitrate: z
    .enum(["MAX_10_MBPS", "MAX_20_MBPS", "MAX_50_MBPS"], {
      error: ruleMessage(
        'must be "MAX_10_MBPS", "MAX_20_MBPS" or "MAX_50_MBPS"',
        "set media.maximumInputBitrate to the encoder's bitrate tier",
      ),
    })
    .default("MAX_10_MBPS"),
  /** RTMP application name: the first part of the push destination. */
  applicationName: z
    .string()
    .regex(
      NAME_PATTERN,
      ruleMessage(
        "must be 1-32 lowercase letters, digits or '-'",
        'use a name such as "live"',
      ),
    )
    .default("live"),
  /** RTMP stream key: the second part of the push destination. */
  streamKey: z
    .string()
    .regex(
      STREAM_KEY_PATTERN,
      ruleMessage(
        "must be 1-64 letters, digits, '_' or '-'",
        'use a key such as "main"',
      ),
    )
    .default("main"),
  /** Start the channel on deploy. MediaLive bills every running hour. */
  startChannel: z.boolean().default(false),
  logLevel: z
    .enum(["ERROR", "WARNING", "INFO", "DEBUG", "DISABLED"], {
      error: ruleMessage(
        'must be "ERROR", "WARNING", "INFO", "DEBUG" or "DISABLED"',
        'set media.logLevel, for example "ERROR"',
      ),
    })
    .default("ERROR"),
  /**
   * Canned ACL on HLS output writes. The bucket enforces owner ownership, so
   * only BUCKET_OWNER_FULL_CONTROL (or none) is accepted.
   */
  s3CannedAcl: z
    .enum(["BUCKET_OWNER_FULL_CONTROL"], {
      error: ruleMessage(
        'must be "BUCKET_OWNER_FULL_CONTROL", the only ACL a bucket that enforces owner ownership accepts',
        "set it to that value or remove media.s3CannedAcl",
      ),
    })
    .optional(),
  /**
   * MP4 files under `vod/` in the media bucket, each attached to the channel
   * as an extra input that the channel schedule can switch to.
   */
  fileInputs: z
    .array(fileInputKey, {
      error: ruleMessage(
        "must be a list of S3 keys",
        `write ["vod/keynote-day1.mp4"], or [] for none`,
      ),
    })
    .max(
      MAX_FILE_INPUTS,
      ruleMessage(
        `must list at most ${MAX_FILE_INPUTS} files, because MediaLive attaches at most 20 inputs to a channel and the RTMP input is one of them`,
        "list only the files this event re-broadcasts",
      ),
    )
    .default([]),
});

/*
 * API Gateway throttles all APIs of an account in a region together, by
 * default at 10,000 requests per second with a burst of 5,000 ("Amazon API
 * Gateway quotas" in the API Gateway developer guide). A stage limit above
 * that has no effect, because the account throttle answers first.
 */
// NOTE: some regions default to 2,500 and 1,250, and AWS can raise the rate
// for an account on request; raise MAX_THROTTLE_RATE here for such an account.
const MAX_THROTTLE_RATE = 10_000;
const MAX_THROTTLE_BURST = 5_000;
const THROTTLE_RATE_MESSAGE = ruleMessage(
  `must be from 1 to ${MAX_THROTTLE_RATE} requests per second, because API Gateway's default account throttle stops requests above ${MAX_THROTTLE_RATE} per second`,
  `set api.throttleRateLimit to 1-${MAX_THROTTLE_RATE}, for example 500`,
);
const THROTTLE_BURST_MESSAGE = ruleMessage(
  `must be from 1 to ${MAX_THROTTLE_BURST} requests, because API Gateway's default account burst is ${MAX_THROTTLE_BURST}`,
  `set api.throttleBurstLimit to 1-${MAX_THROTTLE_BURST}, for example 1000`,
);

export const apiSchema = z.strictObject({
  stageName: z
    .string()
    .regex(
      STAGE_NAME_PATTERN,
      ruleMessage(
        "must be 1-128 letters, digits or '_'",
        'use a stage name such as "watch"',
      ),
    )
    .default("watch"),
  /** Steady-state request rate limit of the stage, in requests per second. */
  throttleRateLimit: z
    .number({
      error: ruleMessage(
        "must be a number of requests per second",
        "set api.throttleRateLimit, for example 500",
      ),
    })
    .min(1, THROTTLE_RATE_MESSAGE)
    .max(MAX_THROTTLE_RATE, THROTTLE_RATE_MESSAGE)
    .default(500),
  /** Request burst limit of the stage: requests served at once above the steady rate. */
  throttleBurstLimit: z
    .number({
      error: ruleMessage(
        "must be a number of requests",
        "set api.throttleBurstLimit, for example 1000",
      ),
    })
    .int(
      ruleMessage(
        "must be a whole number of requests",
        "set api.throttleBurstLimit, for example 1000",
      ),
    )
    .min(1, THROTTLE_BURST_MESSAGE)
    .max(MAX_THROTTLE_BURST, THROTTLE_BURST_MESSAGE)
    .default(1000),
  /**
   * Manage the account-wide CloudWatch role that API Gateway needs for
   * access logs. It replaces any role already set in this region.
   */
  manageAccountLoggingRole: z.boolean().default(true),
});

/** One minute: `viewer-link` takes whole minutes, so a shorter maximum would admit no link. */
const MIN_VALIDITY_HOURS = 1 / 60;
const MAX_VALIDITY_MESSAGE = ruleMessage(
  "must be from 1/60 hour (one minute, the shortest link viewer-link issues) to 8760 hours (one year)",
  "set signedLinks.maxValidityHours to the longest link lifetime you allow, for example 24",
);
const CACHE_TTL_MESSAGE = ruleMessage(
  "must be a whole number of seconds from 0 to 3600, the range API Gateway accepts",
  "set signedLinks.cacheTtlSeconds to 0 (no caching) up to 3600",
);

/*
 * The revocation lists reach the authorizer as Lambda environment
 * variables, which are limited to 4 KB in total. At these caps the largest
 * lists, the public key and the audience take about 3.7 KB.
 */
const MAX_REVOKED_VIEWERS = 20;
const MAX_REVOKED_TOKEN_IDS = 50;
const REVOCATION_OVERFLOW_FIX =
  "rotate the signing key, which revokes every link at once, then issue new links and empty the list";

export const signedLinksSchema = z.strictObject({
  /** Maximum link lifetime that `viewer-link` accepts, in hours. */
  maxValidityHours: z
    .number(MAX_VALIDITY_MESSAGE)
    .min(MIN_VALIDITY_HOURS, MAX_VALIDITY_MESSAGE)
    .max(8760, MAX_VALIDITY_MESSAGE)
    .default(24),
  /** Viewer names whose links the authorizer rejects, compared ignoring case. */
  revokedViewers: z
    .array(
      z
        .string()
        .regex(
          VIEWER_NAME_PATTERN,
          ruleMessage(
            VIEWER_NAME_RULE,
            'use the name the link was issued for, such as "alice" or "alice@example.com"',
          ),
        ),
    )
    .max(
      MAX_REVOKED_VIEWERS,
      ruleMessage(
        `must list at most ${MAX_REVOKED_VIEWERS} viewers, because the list travels in the authorizer's 4 KB of environment variables`,
        REVOCATION_OVERFLOW_FIX,
      ),
    )
    .default([]),
  /** Token ids (the `jti` claim) that the authorizer rejects. */
  revokedTokenIds: z
    .array(
      z
        .string()
        .regex(
          TOKEN_ID_PATTERN,
          ruleMessage(
            `must be a token id, a UUID such as "${EXAMPLE_TOKEN_ID}"`,
            'copy the token id that "npm run viewer-link" printed for the link',
          ),
        ),
    )
    .max(
      MAX_REVOKED_TOKEN_IDS,
      ruleMessage(
        `must list at most ${MAX_REVOKED_TOKEN_IDS} token ids, because the list travels in the authorizer's 4 KB of environment variables`,
        REVOCATION_OVERFLOW_FIX,
      ),
    )
    .default([]),
  /** Seconds API Gateway caches an authorizer decision per Authorization header. */
  cacheTtlSeconds: z
    .number(CACHE_TTL_MESSAGE)
    .int(CACHE_TTL_MESSAGE)
    .min(0, CACHE_TTL_MESSAGE)
    .max(3600, CACHE_TTL_MESSAGE)
    .default(60),
});

/** MFA settings of the Cognito user pool, as its `mfa_configuration` names them. */
export const COGNITO_MFA_MODES = ["OFF", "OPTIONAL", "ON"] as const;

/** Words that Cognito rejects anywhere in the prefix of a sign-in domain. */
export const COGNITO_RESERVED_DOMAIN_WORDS = [
  "aws",
  "amazon",
  "cognito",
] as const;

/** The pattern Cognito gives for a domain prefix: 1-63 lowercase letters, digits and inner hyphens. */
const COGNITO_DOMAIN_PREFIX_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Token lifetimes that Cognito accepts for access and ID tokens: 5 minutes to one day. */
const tokenMinutes = (field: string, example: number) => {
  const message = ruleMessage(
    "must be a whole number of minutes from 5 to 1440, the range Cognito accepts",
    `set ${field}, for example ${example}`,
  );
  return z.number(message).int(message).min(5, message).max(1440, message);
};

const REFRESH_TOKEN_DAYS_MESSAGE = ruleMessage(
  "must be a whole number of days from 1 to 3650, the range Cognito accepts",
  "set cognito.refreshTokenDays, for example 1",
);

export const cognitoSchema = z.strictObject({
  /**
   * Multi-factor authentication with an authenticator app (TOTP). With "ON"
   * the sign-in page prompts every viewer to set one up. With "OPTIONAL" it
   * never offers the setup, so only viewers enrolled by other means use it.
   */
  mfa: z
    .enum(COGNITO_MFA_MODES, {
      error: ruleMessage(
        'must be "OFF", "OPTIONAL" or "ON"',
        'set cognito.mfa to "ON" (every viewer uses an authenticator app), "OPTIONAL" or "OFF"',
      ),
    })
    .default("ON"),
  /**
   * First label of the sign-in domain `<prefix>.auth.<region>.amazoncognito.com`.
   * Absent means `<environment>-signin-<12 hex digits of the SHA-256 of the account id>`.
   */
  domainPrefix: z
    .string({
      error: ruleMessage(
        "must be a domain prefix",
        'use a prefix such as "events-signin"',
      ),
    })
    .regex(
      COGNITO_DOMAIN_PREFIX_PATTERN,
      ruleMessage(
        "must be 1-63 lowercase letters, digits or '-', starting and ending with a letter or digit",
        'use a prefix such as "events-signin"',
      ),
    )
    .refine(
      (prefix) =>
        !COGNITO_RESERVED_DOMAIN_WORDS.some((word) => prefix.includes(word)),
      {
        error: ruleMessage(
          `must not contain ${COGNITO_RESERVED_DOMAIN_WORDS.map((word) => `"${word}"`).join(", ")}, which Cognito reserves`,
          'choose another prefix, such as "events-signin"',
        ),
      },
    )
    .optional(),
  /** Lifetime of the access token that the player sends with every stream request, in minutes. */
  accessTokenMinutes: tokenMinutes("cognito.accessTokenMinutes", 15).default(
    15,
  ),
  /** Lifetime of the ID token, from which the player reads who signed in, in minutes. */
  idTokenMinutes: tokenMinutes("cognito.idTokenMinutes", 15).default(15),
  /**
   * Lifetime of a sign-in, in days. The refresh token is rotated on every
   * use, and each new one expires when the first one would have.
   */
  refreshTokenDays: z
    .number(REFRESH_TOKEN_DAYS_MESSAGE)
    .int(REFRESH_TOKEN_DAYS_MESSAGE)
    .min(1, REFRESH_TOKEN_DAYS_MESSAGE)
    .max(3650, REFRESH_TOKEN_DAYS_MESSAGE)
    .default(1),
});

const SECURITY_RULE_ID_PATTERN = /^PS-[A-Z0-9]+-\d{3}$/;
/** `<stack>/<address>`, as a security rule finding prints it: `storage/aws_s3_bucket.media_bucket`. */
const SUPPRESSED_RESOURCE_PATTERN = new RegExp(
  `^(?:${Object.values(STACK_IDS).join("|")})/(?:data\\.)?[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+)?$`,
);
const MINIMUM_SUPPRESSION_REASON_LENGTH = 10;

/** One accepted security rule finding. */
export const suppressionSchema = z.strictObject({
  /** Id of the rule, such as "PS-S3-002". */
  rule: z
    .string({
      error: ruleMessage(
        "must be a security rule id",
        'use the id a finding prints, such as "PS-S3-002"',
      ),
    })
    .regex(
      SECURITY_RULE_ID_PATTERN,
      ruleMessage(
        "must be a security rule id",
        'use the id a finding prints, such as "PS-S3-002"',
      ),
    ),
  /** The finding's `<stack>/<address>`. */
  resource: z
    .string({
      error: ruleMessage(
        "must be a resource as a finding prints it",
        'use "<stack>/<address>", such as "network/aws_vpc.vpc"',
      ),
    })
    .regex(
      SUPPRESSED_RESOURCE_PATTERN,
      ruleMessage(
        `must be "<stack>/<address>" with a stack of ${Object.values(STACK_IDS).join(", ")}`,
        'copy it from the finding, such as "network/aws_vpc.vpc"',
      ),
    ),
  /** Reason the finding is acceptable, printed by every synthesis. */
  reason: z
    .string({
      error: ruleMessage(
        "must explain why the finding is acceptable",
        "write the reason as text",
      ),
    })
    .refine((text) => text.trim().length >= MINIMUM_SUPPRESSION_REASON_LENGTH, {
      error: ruleMessage(
        `must explain in at least ${MINIMUM_SUPPRESSION_REASON_LENGTH} characters why the finding is acceptable`,
        "write the reason a reviewer needs, for example who accepted the risk and until when",
      ),
    }),
});

export const securityRulesSchema = z.strictObject({
  /** Findings accepted per rule and resource, each with a reason; printed in every synthesis. */
  suppressions: z.array(suppressionSchema).default([]),
});

export const configSchema = z.strictObject({
  /** Prefix of every resource name and state key. */
  environment: z
    .string()
    .regex(
      ENVIRONMENT_PATTERN,
      ruleMessage(
        "must be 1-20 lowercase letters, digits or single hyphens, starting with a letter",
        'use a name such as "events-prod"',
      ),
    )
    .default("demo"),
  region: z
    .string()
    .regex(
      REGION_PATTERN,
      ruleMessage(
        "must be an AWS region code",
        'use a code such as "us-east-1"',
      ),
    )
    .default("us-east-1"),
  /** Extra tags, applied as the AWS provider's default tags. */
  tags: z
    .record(
      z
        .string()
        .regex(
          TAG_KEY_PATTERN,
          ruleMessage(
            'must be a tag key of 1-128 letters, digits, spaces and _ . : / = + - @, not starting with "aws:" in any case',
            "rename the tag",
          ),
        )
        .refine((key) => !RESERVED_TAG_KEYS.includes(key), {
          error: ruleMessage(
            `is set by this project on every resource (${RESERVED_TAG_KEYS.join(", ")})`,
            "rename the tag, for example to Team or CostCenter",
          ),
        }),
      z
        .string()
        .regex(
          TAG_VALUE_PATTERN,
          ruleMessage(
            "must be a tag value of at most 256 letters, digits, spaces and _ . : / = + - @",
            "remove other characters, such as line breaks, and shorten the value",
          ),
        ),
    )
    .refine((tags) => Object.keys(tags).length <= MAX_USER_TAGS, {
      error: ruleMessage(
        `must have at most ${MAX_USER_TAGS} tags, because AWS allows 50 per resource and this project adds ${RESERVED_TAG_KEYS.join(", ")}`,
        `remove tags until at most ${MAX_USER_TAGS} remain`,
      ),
    })
    .default({}),
  network: networkSchema.prefault({}),
  vpn: vpnSchema.prefault({}),
  certificates: certificatesSchema.prefault({}),
  logRetentionDays: logRetention.default(30),
  backend: backendSchema.default({ type: "local" }),
  storage: storageSchema.prefault({}),
  media: mediaSchema.prefault({}),
  api: apiSchema.prefault({}),
  viewerAccess: z
    .enum(["network", "signed-links", "cognito"], {
      error: ruleMessage(
        'must be "network", "signed-links" or "cognito"',
        'set viewerAccess to "network" (VPN only), "signed-links" or "cognito" (Cognito sign-in)',
      ),
    })
    .default("network"),
  signedLinks: signedLinksSchema.prefault({}),
  cognito: cognitoSchema.prefault({}),
  securityRules: securityRulesSchema.prefault({}),
});

/** The validated, defaulted configuration every stack receives. */
export type Config = z.infer<typeof configSchema>;
export type BackendConfig = Config["backend"];
