import type { ConfigProblem } from "./errors";
import { COGNITO_RESERVED_DOMAIN_WORDS, ruleMessage, type Config } from "./schema";
import { partitionOfRegion } from "./storage-rules";

/**
 * Checks the Cognito rules that only apply with `"viewerAccess": "cognito"`:
 * the default sign-in domain prefix, which starts with the environment,
 * must avoid the words Cognito reserves, and the region must be in the
 * `aws` partition, the only one whose sign-in domain form
 * (`<prefix>.auth.<region>.amazoncognito.com`) the media stack writes.
 */
export function checkCognito(config: Config): ConfigProblem[] {
  if (config.viewerAccess !== "cognito") return [];
  return [...checkDefaultDomainPrefix(config), ...checkPartition(config)];
}

function checkDefaultDomainPrefix(config: Config): ConfigProblem[] {
  if (config.cognito.domainPrefix !== undefined) return [];
  const reserved = COGNITO_RESERVED_DOMAIN_WORDS.find((word) => config.environment.includes(word));
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
