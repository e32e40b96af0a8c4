import type { ConfigProblem } from "./errors";
import {
  COGNITO_RESERVED_DOMAIN_WORDS,
  ruleMessage,
  type Config,
} from "./schema";
import { partitionOfRegion } from "./storage-rules";

/**
 * Checks the rules that apply with `"viewerAccess": "cognito"` only. The
 * default sign-in domain prefix starts with the environment, so the
 * environment must avoid the words Cognito reserves. The region must be in
 * the `aws` partition, because the media stack writes that partition's
 * sign-in domain form, `<prefix>.auth.<region>.amazoncognito.com`. VPN
 * clients must keep their own internet path to reach that domain.
 */
export function checkCognito(config: Config): ConfigProblem[] {
  if (config.viewerAccess !== "cognito") return [];
  return [
    ...checkDefaultDomainPrefix(config),
    ...checkPartition(config),
    ...checkSplitTunnel(config),
  ];
}

function checkDefaultDomainPrefix(config: Config): ConfigProblem[] {
  if (config.cognito.domainPrefix !== undefined) return [];
  const reserved = COGNITO_RESERVED_DOMAIN_WORDS.find((word) =>
    config.environment.includes(word),
  );
  if (reserved === undefined) return [];
  return [
    {
      path: "environment",
      value: config.environment,
      message: ruleMessage(
        `contains "${reserved}", which Cognito reserves, so it cannot start the default sign-in domain prefix`,
        'set cognito.domainPrefix to a prefix without it, such as "events-signin", or rename the environment',
      ),
    },
  ];
}

function checkPartition(config: Config): ConfigProblem[] {
  const partition = partitionOfRegion(config.region);
  if (partition === "aws") return [];
  return [
    {
      path: "region",
      value: config.region,
      message: ruleMessage(
        `is in partition ${partition}, whose Cognito sign-in domains this project does not support`,
        'use a region of the aws partition, such as "us-east-1", or another viewerAccess mode',
      ),
    },
  ];
}

/**
 * Rejects a full-tunnel VPN. It sends all of a client's traffic into the
 * VPC, which has no internet path, so the browser could not load the
 * sign-in pages.
 */
function checkSplitTunnel(config: Config): ConfigProblem[] {
  if (!config.vpn.enabled || config.vpn.splitTunnel) return [];
  return [
    {
      path: "vpn.splitTunnel",
      value: false,
      message: ruleMessage(
        "sends all VPN traffic into the VPC, which has no internet path, so viewers could not reach the Cognito sign-in pages",
        'set vpn.splitTunnel to true, or use "network" or "signed-links" for viewerAccess',
      ),
    },
  ];
}
