import { namesFor } from "../naming";
import type { ConfigProblem } from "./errors";
import { ruleMessage, type Config } from "./schema";

/** S3 bucket names are at most 63 characters long. */
export const MAX_BUCKET_NAME_LENGTH = 63;

/** Bucket name prefixes that S3 reserves. */
const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"] as const;

/** Any account id gives the same length: account ids are always 12 digits. */
const SAMPLE_ACCOUNT_ID = "000000000000";

/** Returns the partition of a region code accepted by the schema: `aws`, `aws-cn`, `aws-us-gov` or an ISO partition. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region);
  if (iso) return iso[1] === "" ? "aws-iso" : `aws-iso-${iso[1]}`;
  return "aws";
}

/**
 * Checks the storage rules that S3 and IAM enforce only at apply time, or
 * never report: the media bucket name derived from the environment and
 * region, and the admin principals the bucket policy exempts. The schema
 * already limits media.s3CannedAcl to the one ACL the bucket accepts.
 */
export function checkStorage(config: Config): ConfigProblem[] {
  return [...checkBucketName(config), ...checkAdminPrincipals(config)];
}

function checkBucketName(config: Config): ConfigProblem[] {
  const bucketName = namesFor(config).bucketName(SAMPLE_ACCOUNT_ID);
  const problems: ConfigProblem[] = [];

  if (bucketName.length > MAX_BUCKET_NAME_LENGTH) {
    const longestEnvironment =
      MAX_BUCKET_NAME_LENGTH - (bucketName.length - config.environment.length);
    problems.push({
      path: "environment",
      value: config.environment,
      message: ruleMessage(
        `makes the media bucket name ${bucketName.length} characters long in region ${config.region}, over the ${MAX_BUCKET_NAME_LENGTH} that S3 allows`,
        `shorten environment to at most ${longestEnvironment} characters`,
      ),
    });
  }

  const reserved = RESERVED_BUCKET_PREFIXES.find((prefix) =>
    bucketName.startsWith(prefix),
  );
  if (reserved) {
    problems.push({
      path: "environment",
      value: config.environment,
      message: ruleMessage(
        `makes the media bucket name start with "${reserved}", a prefix S3 reserves`,
        "choose an environment name that does not start with it",
      ),
    });
  }

  return problems;
}

function checkAdminPrincipals(config: Config): ConfigProblem[] {
  const names = namesFor(config);
  const partition = partitionOfRegion(config.region);
  const serviceRoles = [names.mediaLiveRoleName, names.apiGatewayRoleName];
  const firstIndexByArn = new Map<string, number>();
  const problems: ConfigProblem[] = [];

  config.storage.adminPrincipalArns.forEach((arn, index) => {
    const path = `storage.adminPrincipalArns[${index}]`;
    const arnPartition = arn.split(":")[1];
    const roleName = /:role\/([^/]+)$/.exec(arn)?.[1];
    const first = firstIndexByArn.get(arn);

    if (first !== undefined) {
      problems.push({
        path,
        value: arn,
        message: ruleMessage(
          `duplicates storage.adminPrincipalArns[${first}]`,
          "list each principal once",
        ),
      });
    } else {
      firstIndexByArn.set(arn, index);
    }

    if (arnPartition !== partition) {
      problems.push({
        path,
        value: arn,
        message: ruleMessage(
          `is in partition ${arnPartition}, but region ${config.region} is in partition ${partition}, so the bucket policy would never match it`,
          `use an ARN that starts with "arn:${partition}:iam::"`,
        ),
      });
    }

    if (roleName !== undefined && serviceRoles.includes(roleName)) {
      problems.push({
        path,
        value: arn,
        message: ruleMessage(
          `names the ${roleName} role that the media stack creates, which would give that service role full access to the bucket`,
          "list only human or pipeline principals that administer the bucket",
        ),
      });
    }
  });

  return problems;
}
