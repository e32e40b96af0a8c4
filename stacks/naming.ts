import type { Config } from "./config/schema";

/** Project name: the first part of log group names and the `Project` tag. */
export const PROJECT_NAME = "protected-streaming";

/** Stack ids, fixed so that `cdktf deploy network storage media` works. */
export const STACK_IDS = {
  network: "network",
  storage: "storage",
  media: "media",
} as const;
export type StackId = (typeof STACK_IDS)[keyof typeof STACK_IDS];

/**
 * Key prefixes inside the media bucket, each ending with a slash: the
 * player files, the live HLS output, and the MP4 files that
 * `media.fileInputs` re-broadcasts.
 */
export const BUCKET_PREFIXES = {
  player: "player/",
  live: "live/",
  vod: "vod/",
} as const;

/**
 * Every name derived from the configuration. Two stacks that must agree on
 * a name (the bucket policy and the roles the media stack creates later)
 * both read it from here, so no stack depends on a later one.
 */
export interface Names {
  readonly environment: string;
  /** `<environment>-<suffix>`: the Name tag or name of a resource. */
  resource(suffix: string): string;
  /** CloudWatch log group name for one part of the deployment. */
  logGroup(part: string): string;
  readonly flowLogRoleName: string;
  /** MediaLive channel name; also the folder of its HLS output under the live prefix. */
  readonly channelName: string;
  /** Key of the HLS master playlist: `live/<channel>/index.m3u8`. */
  readonly hlsMasterPlaylistKey: string;
  /** MediaLive HLS destination without extension: `live/<channel>/index`. */
  readonly hlsDestinationKey: string;
  /**
   * HLS destination of a STANDARD channel's pipeline 1:
   * `live/<channel>/pipeline-1`. MediaLive needs two different destinations,
   * and with redundant manifests both master playlists list both pipelines.
   */
  readonly hlsPipeline1DestinationKey: string;
  readonly mediaLiveRoleName: string;
  /**
   * Name of the MediaLive input of one `media.fileInputs` key, which is also
   * its input attachment name on the channel: `<environment>-file-<slug>`.
   */
  fileInputName(key: string): string;
  readonly apiGatewayRoleName: string;
  /** Lambda function that checks viewer links; its role has the same name. */
  readonly authorizerFunctionName: string;
  readonly authorizerRoleName: string;
  /** Role that API Gateway uses, account-wide in the region, to write its logs. */
  readonly apiGatewayCloudWatchRoleName: string;
  /** Cognito user pool of the viewers who sign in. */
  readonly cognitoUserPoolName: string;
  /** Cognito app client through which the player signs viewers in. */
  readonly cognitoClientName: string;
  /**
   * Default prefix of the Cognito sign-in domain: `<environment>-signin-<digest>`,
   * where `digest` is known only at deploy time (the media stack passes 12
   * hex digits of the SHA-256 of the account id). It differs between
   * accounts without showing the account id in the sign-in page's address.
   */
  cognitoDomainPrefix(digest: string): string;
  /** Bucket name from the account id, known only at deploy time. */
  bucketName(accountId: string): string;
  readonly caCommonName: string;
  /** Server certificate name: contains a dot, as ACM requires for Client VPN. */
  readonly serverCommonName: string;
  /** Default tags for every taggable resource. */
  readonly tags: Readonly<Record<string, string>>;
}

export function namesFor(config: Config): Names {
  const environment = config.environment;
  const resource = (suffix: string) => `${environment}-${suffix}`;
  return {
    environment,
    resource,
    logGroup: (part) => `/${PROJECT_NAME}/${environment}/${part}`,
    flowLogRoleName: resource("vpc-flow-logs"),
    channelName: resource("channel"),
    hlsMasterPlaylistKey: `${BUCKET_PREFIXES.live}${resource("channel")}/index.m3u8`,
    hlsDestinationKey: `${BUCKET_PREFIXES.live}${resource("channel")}/index`,
    hlsPipeline1DestinationKey: `${BUCKET_PREFIXES.live}${resource("channel")}/pipeline-1`,
    mediaLiveRoleName: resource("medialive"),
    fileInputName: (key) => resource(`file-${fileInputSlug(key)}`),
    apiGatewayRoleName: resource("apigateway-s3"),
    authorizerFunctionName: resource("viewer-link-authorizer"),
    authorizerRoleName: resource("viewer-link-authorizer"),
    apiGatewayCloudWatchRoleName: resource("apigateway-cloudwatch"),
    cognitoUserPoolName: resource("viewers"),
    cognitoClientName: resource("player"),
    cognitoDomainPrefix: (digest) => resource(`signin-${digest}`),
    bucketName: (accountId) =>
      `${environment}-media-${accountId}-${config.region}`,
    caCommonName: `${environment} ${PROJECT_NAME} client VPN CA`,
    serverCommonName: `server.${environment}.vpn.internal`,
    tags: {
      ...config.tags,
      Project: PROJECT_NAME,
      Environment: environment,
      ManagedBy: "cdktf",
    },
  };
}

/**
 * Returns the part of a resource address that names a VPN user: lowercase,
 * with every character other than letters, digits, `_` and `-` replaced by
 * `_`. The config rejects two users that map to the same id.
 */
export function resourceIdForUser(user: string): string {
  return user.toLowerCase().replace(/[^a-z0-9_-]/g, "_");
}

/**
 * Returns the part of a file input's names that comes from its key: the key
 * without `vod/` and `.mp4`, lowercase, with every run of characters other
 * than letters and digits replaced by `-`. `vod/2025/Keynote_Day1.mp4`
 * becomes `2025-keynote-day1`. The config rejects two keys with the same slug.
 */
export function fileInputSlug(key: string): string {
  const withoutPrefix = key.startsWith(BUCKET_PREFIXES.vod)
    ? key.slice(BUCKET_PREFIXES.vod.length)
    : key;
  return withoutPrefix
    .replace(/\.mp4$/, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
