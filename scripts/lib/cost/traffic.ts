import type { Config, Rendition } from "../../../stacks/config/schema";

/** Bytes in the gigabyte the estimate uses (10^9), slightly more than a binary gigabyte. */
export const BYTES_PER_GB = 1e9;

const SECONDS_PER_HOUR = 3600;

/** Video plus audio bitrate of a rendition, in bits per second. */
export function renditionBitrate(rendition: Rendition): number {
  return rendition.videoBitrate + rendition.audioBitrate;
}

/**
 * Bitrate a viewer receives in the worst case: the top rendition of the
 * ladder, in bits per second. Players switch down on slow links, so the
 * real average is lower.
 */
export function topRenditionBitrate(media: Config["media"]): number {
  return Math.max(...media.renditions.map(renditionBitrate));
}

/** Sum of every rendition's bitrate: what the channel writes to S3, in bits per second per pipeline. */
export function ladderBitrate(media: Config["media"]): number {
  return media.renditions.reduce(
    (sum, rendition) => sum + renditionBitrate(rendition),
    0,
  );
}

/** Gigabytes carried by a stream of the given bitrate over the given hours. */
export function gigabytes(bitsPerSecond: number, hours: number): number {
  return (bitsPerSecond * SECONDS_PER_HOUR * hours) / 8 / BYTES_PER_GB;
}

/** HLS segments each rendition produces per hour. */
export function segmentsPerHour(media: Config["media"]): number {
  return SECONDS_PER_HOUR / media.segmentLengthSeconds;
}

/**
 * API requests one viewer makes per hour: one segment and one media
 * playlist reload per segment length. The player files and the master
 * playlist are fetched once per session and left out.
 */
export function requestsPerViewerHour(media: Config["media"]): number {
  return 2 * segmentsPerHour(media);
}

/**
 * Authorizer invocations per viewer-hour with signed links: one per cache
 * period, or one per request when the cache is off.
 */
export function authorizerInvocationsPerViewerHour(config: Config): number {
  const ttl = config.signedLinks.cacheTtlSeconds;
  return ttl > 0
    ? Math.ceil(SECONDS_PER_HOUR / ttl)
    : requestsPerViewerHour(config.media);
}

/** Physical pipelines that write HLS output: two for a STANDARD channel. */
export function pipelineCount(media: Config["media"]): number {
  return media.channelClass === "STANDARD" ? 2 : 1;
}
