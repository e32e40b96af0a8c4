import { parseCidr } from "../../../stacks/config/cidr";
import type { Config } from "../../../stacks/config/schema";
import { requestsPerViewerHour } from "./traffic";

/**
 * Checks whether the deployment can serve the viewers an estimate is
 * priced for. Both limits are estimates, and a warning never stops the
 * cost estimate itself.
 */

/**
 * Share of the client CIDR's addresses that Client VPN can hand to
 * clients. AWS keeps part of the block for the endpoint's availability
 * model and advises a block with twice as many addresses as concurrent
 * connections ("Rules and best practices for using AWS Client VPN"), so
 * half is the estimate.
 */
const ASSIGNABLE_SHARE = 0.5;

/** Shortest client CIDR prefix that Client VPN accepts. */
const SHORTEST_CLIENT_PREFIX = 12;

/** API Gateway's default account throttle per region, the schema's maximum for api.throttleRateLimit. */
const ACCOUNT_THROTTLE_RATE = 10_000;

const SECONDS_PER_HOUR = 3600;

/** Returns the estimated number of concurrent Client VPN connections that a client CIDR prefix supports. */
export function vpnConnectionsFor(prefixLength: number): number {
  return 2 ** (32 - prefixLength) * ASSIGNABLE_SHARE;
}

/**
 * Returns the API requests per second one viewer makes: a media playlist
 * reload and a segment of the one rendition played, per segment length.
 */
export function requestsPerViewerSecond(media: Config["media"]): number {
  return requestsPerViewerHour(media) / SECONDS_PER_HOUR;
}

function vpnWarning(config: Config, viewers: number): string | undefined {
  if (!config.vpn.enabled) return undefined;
  const client = parseCidr(config.vpn.clientCidr)!;
  const capacity = vpnConnectionsFor(client.prefixLength);
  if (viewers <= capacity) return undefined;

  const problem =
    `--viewers ${viewers} exceeds the about ${capacity} concurrent connections that vpn.clientCidr ${config.vpn.clientCidr} supports ` +
    `(an estimate: AWS keeps part of the client block and advises twice as many addresses as connections)`;
  let prefix = client.prefixLength;
  while (prefix > SHORTEST_CLIENT_PREFIX && vpnConnectionsFor(prefix) < viewers)
    prefix -= 1;
  if (vpnConnectionsFor(prefix) < viewers) {
    return `${problem}. Fix: let the other viewers in through network.corporateCidrs, or split them across environments`;
  }
  return (
    `${problem}. Fix: choose a /${prefix} for vpn.clientCidr (about ${vpnConnectionsFor(prefix)} connections), ` +
    "which replaces the Client VPN endpoint, or let some viewers in through network.corporateCidrs"
  );
}

function throttleWarning(config: Config, viewers: number): string | undefined {
  const { media, api } = config;
  const requiredRate = viewers * requestsPerViewerSecond(media);
  if (requiredRate <= api.throttleRateLimit) return undefined;

  const neededLimit = Math.ceil(requiredRate);
  const problem =
    `${viewers} viewers make about ${neededLimit} API requests per second ` +
    `(an estimate: a media playlist and a segment every ${media.segmentLengthSeconds} s per viewer), ` +
    `more than api.throttleRateLimit ${api.throttleRateLimit}, so API Gateway answers the excess with 429 errors and playback stalls`;
  if (neededLimit > ACCOUNT_THROTTLE_RATE) {
    return (
      `${problem}. Fix: lengthen media.segmentLengthSeconds or split the viewers across environments, ` +
      `because the rate is above API Gateway's default account throttle of ${ACCOUNT_THROTTLE_RATE} requests per second`
    );
  }
  return `${problem}. Fix: raise api.throttleRateLimit to at least ${neededLimit}, or lengthen media.segmentLengthSeconds`;
}

/** Returns one warning for each limit that the given number of concurrent viewers exceeds. */
export function capacityWarnings(config: Config, viewers: number): string[] {
  return [vpnWarning(config, viewers), throttleWarning(config, viewers)].filter(
    (warning) => warning !== undefined,
  );
}
