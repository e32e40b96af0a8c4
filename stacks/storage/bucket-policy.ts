import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import type { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import type { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { policyDocument, type PolicyStatement } from "../iam";
import { BUCKET_PREFIXES } from "../naming";
import type { StreamingStack } from "../streaming-stack";

/**
 * Object actions that create, change or delete an object. Each wildcard
 * covers a whole family: `s3:PutObject*` includes PutObjectTagging and
 * PutObjectRetention, for example. S3 authorizes multipart parts as
 * s3:PutObject.
 */
export const OBJECT_WRITE_ACTIONS = [
  "s3:PutObject*",
  "s3:DeleteObject*",
  "s3:AbortMultipartUpload",
  "s3:RestoreObject",
  "s3:Replicate*",
] as const;

/** Object actions that read an object or its metadata. S3 authorizes HEAD as s3:GetObject. */
export const OBJECT_READ_ACTIONS = ["s3:GetObject*"] as const;

/** The principals the bucket policy names, as ARNs that `aws:PrincipalArn` is compared with. */
export interface BucketPrincipals {
  /** Role that MediaLive assumes to write the HLS output. */
  readonly mediaLiveRoleArn: string;
  /** Role that the private API's S3 integration assumes to read objects. */
  readonly apiGatewayRoleArn: string;
  /** The deploying principal and the configured admin principals. */
  readonly administratorArns: readonly string[];
}

/**
 * Returns the ARN of a role in this account by name. IAM accepts a policy
 * condition on it before the role exists, so the storage stack can name
 * the roles that the media stack creates later. The role must use the
 * default path `/`, because the path is part of the ARN.
 */
export function roleArn(
  partition: DataAwsPartition,
  account: DataAwsCallerIdentity,
  roleName: string,
): string {
  return `arn:${partition.partition}:iam::${account.accountId}:role/${roleName}`;
}

/**
 * Resolves the principals of the bucket policy. The deployer is the
 * session context's issuer: when Terraform runs under an assumed role, the
 * caller ARN is an STS session ARN, which `aws:PrincipalArn` never equals,
 * while the issuer ARN is the role's ARN.
 */
export function resolveBucketPrincipals(
  stack: StreamingStack,
  account: DataAwsCallerIdentity,
  partition: DataAwsPartition,
): BucketPrincipals {
  const { config, names } = stack;
  const deployer = new DataAwsIamSessionContext(stack, "deployer", {
    arn: account.arn,
  });
  return {
    mediaLiveRoleArn: roleArn(partition, account, names.mediaLiveRoleName),
    apiGatewayRoleArn: roleArn(partition, account, names.apiGatewayRoleName),
    administratorArns: [
      deployer.issuerArn,
      ...config.storage.adminPrincipalArns,
    ],
  };
}

/**
 * Returns the bucket policy statements. Every statement is a Deny: access
 * itself comes from each principal's identity policy (the media stack
 * grants the two roles theirs). Each Deny other than the TLS one exempts
 * the administrators, and none covers a bucket-level action, so the
 * deployer can always read, write and change the policy over TLS.
 *
 * The `vod/` statements apply whether or not `media.fileInputs` lists any
 * file: administrators upload recordings there before the media stack
 * attaches them, and only the MediaLive role may read them besides.
 */
export function bucketPolicyStatements(
  bucketArn: string,
  principals: BucketPrincipals,
): PolicyStatement[] {
  const objects = (prefix: string) => `${bucketArn}/${prefix}*`;
  const exceptPrincipals = (
    ...arns: string[]
  ): PolicyStatement["Condition"] => ({
    ArnNotEquals: {
      "aws:PrincipalArn": [...arns, ...principals.administratorArns],
    },
  });

  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn, `${bucketArn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
    {
      Sid: "DenyLiveWritesExceptMediaLive",
      Effect: "Deny",
      Principal: "*",
      Action: [...OBJECT_WRITE_ACTIONS],
      Resource: objects(BUCKET_PREFIXES.live),
      Condition: exceptPrincipals(principals.mediaLiveRoleArn),
    },
    {
      Sid: "DenyPlayerWritesExceptAdministrators",
      Effect: "Deny",
      Principal: "*",
      Action: [...OBJECT_WRITE_ACTIONS],
      Resource: objects(BUCKET_PREFIXES.player),
      Condition: exceptPrincipals(),
    },
    {
      Sid: "DenyReadsExceptApiGateway",
      Effect: "Deny",
      Principal: "*",
      Action: [...OBJECT_READ_ACTIONS],
      Resource: [
        objects(BUCKET_PREFIXES.player),
        objects(BUCKET_PREFIXES.live),
      ],
      Condition: exceptPrincipals(principals.apiGatewayRoleArn),
    },
    {
      Sid: "DenyVodWritesExceptAdministrators",
      Effect: "Deny",
      Principal: "*",
      Action: [...OBJECT_WRITE_ACTIONS],
      Resource: objects(BUCKET_PREFIXES.vod),
      Condition: exceptPrincipals(),
    },
    {
      Sid: "DenyVodReadsExceptMediaLive",
      Effect: "Deny",
      Principal: "*",
      Action: [...OBJECT_READ_ACTIONS],
      Resource: objects(BUCKET_PREFIXES.vod),
      Condition: exceptPrincipals(principals.mediaLiveRoleArn),
    },
  ];
}

/** Attaches the bucket policy once the public access block is in place. */
export function createBucketPolicy(
  stack: StreamingStack,
  bucket: S3Bucket,
  publicAccessBlock: S3BucketPublicAccessBlock,
  principals: BucketPrincipals,
): S3BucketPolicy {
  return new S3BucketPolicy(stack, "media_bucket_policy", {
    bucket: bucket.id,
    policy: policyDocument(bucketPolicyStatements(bucket.arn, principals)),
    // S3 can reject concurrent changes to one bucket with 409
    // OperationAborted. The provider retries since 3.67.0
    // (hashicorp/terraform-provider-aws#7628), and ordering avoids the race.
    dependsOn: [publicAccessBlock],
  });
}
