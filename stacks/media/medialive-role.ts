import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import type { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import {
  policyDocument,
  serviceTrustPolicy,
  type PolicyStatement,
} from "../iam";
import { BUCKET_PREFIXES } from "../naming";
import type { StreamingStack } from "../streaming-stack";

// NOTE: the log group name follows MediaLive's channel-log convention and
// was not checked against a running channel. If channel logs stay empty,
// look for AccessDenied on logs:* in CloudTrail.
/**
 * CloudWatch Logs group that MediaLive writes channel logs to. MediaLive
 * chooses the name, not the channel.
 */
export const MEDIALIVE_LOG_GROUP = "ElementalMediaLive";

/** The values the MediaLive role's policy is scoped to. */
export interface MediaLiveRoleProps {
  readonly account: DataAwsCallerIdentity;
  readonly partition: DataAwsPartition;
  readonly bucketArn: string;
  readonly vpcId: string;
}

/**
 * Creates the role MediaLive assumes for the input and the channel. Its
 * name is fixed by the naming module, because the storage stack's bucket
 * policy admits writes under the live prefix only from this role's ARN.
 */
export function createMediaLiveRole(
  stack: StreamingStack,
  props: MediaLiveRoleProps,
): IamRole {
  const { names } = stack;

  const role = new IamRole(stack, "medialive_role", {
    name: names.mediaLiveRoleName,
    description:
      "Lets MediaLive write HLS output under the live prefix and manage its network interfaces in the VPC",
    assumeRolePolicy: serviceTrustPolicy(
      "medialive.amazonaws.com",
      props.account.accountId,
    ),
  });

  new IamRolePolicy(stack, "medialive_role_policy", {
    name: "medialive-channel",
    role: role.id,
    policy: policyDocument(mediaLivePolicyStatements(stack, props)),
  });

  return role;
}

/** Returns the least-privilege statements of the MediaLive role. */
export function mediaLivePolicyStatements(
  stack: StreamingStack,
  props: MediaLiveRoleProps,
): PolicyStatement[] {
  const { config } = stack;
  const { account, partition, bucketArn, vpcId } = props;
  const ec2 = (resource: string) =>
    `arn:${partition.partition}:ec2:${config.region}:${account.accountId}:${resource}`;
  const logs = (resource: string) =>
    `arn:${partition.partition}:logs:${config.region}:${account.accountId}:${resource}`;
  const inThisVpc = { ArnEquals: { "ec2:Vpc": ec2(`vpc/${vpcId}`) } };

  // A canned ACL on PutObject is authorized as s3:PutObjectAcl as well.
  const writeActions = ["s3:PutObject", "s3:DeleteObject"];
  if (config.media.s3CannedAcl !== undefined)
    writeActions.push("s3:PutObjectAcl");

  const statements: PolicyStatement[] = [
    {
      Sid: "WriteLiveOutput",
      Effect: "Allow",
      Action: writeActions,
      Resource: `${bucketArn}/${BUCKET_PREFIXES.live}*`,
    },
    {
      Sid: "ListLivePrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: bucketArn,
      Condition: { StringLike: { "s3:prefix": `${BUCKET_PREFIXES.live}*` } },
    },
    {
      // VPC inputs and VPC output delivery put MediaLive's network
      // interfaces into the subnets, and the conditions keep them in this VPC.
      Sid: "CreateNetworkInterfacesInVpc",
      Effect: "Allow",
      Action: "ec2:CreateNetworkInterface",
      Resource: [
        ec2("network-interface/*"),
        ec2("subnet/*"),
        ec2("security-group/*"),
      ],
      Condition: inThisVpc,
    },
    {
      Sid: "ManageNetworkInterfacesInVpc",
      Effect: "Allow",
      Action: [
        "ec2:DeleteNetworkInterface",
        "ec2:CreateNetworkInterfacePermission",
        "ec2:DeleteNetworkInterfacePermission",
      ],
      Resource: ec2("network-interface/*"),
      Condition: inThisVpc,
    },
    {
      // EC2 Describe actions support no resource-level permissions, so IAM
      // accepts only "*" for them. They read metadata and change nothing.
      Sid: "DescribeNetwork",
      Effect: "Allow",
      Action: [
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeVpcs",
      ],
      Resource: "*",
    },
    {
      Sid: "CreateChannelLogGroup",
      Effect: "Allow",
      Action: "logs:CreateLogGroup",
      Resource: logs(`log-group:${MEDIALIVE_LOG_GROUP}`),
    },
    {
      Sid: "WriteChannelLogs",
      Effect: "Allow",
      Action: [
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:DescribeLogStreams",
      ],
      Resource: logs(`log-group:${MEDIALIVE_LOG_GROUP}:*`),
    },
  ];
  if (config.media.fileInputs.length > 0)
    statements.push(...fileInputStatements(bucketArn));
  return statements;
}

/**
 * Lets the channel read the MP4 files of `media.fileInputs`, which it pulls
 * from S3 with this role, and list only their prefix. With s3:ListBucket,
 * S3 returns 404 rather than 403 for a key that was never uploaded, so the
 * channel's alert names the real problem.
 */
function fileInputStatements(bucketArn: string): PolicyStatement[] {
  return [
    {
      Sid: "ReadFileInputs",
      Effect: "Allow",
      Action: "s3:GetObject",
      Resource: `${bucketArn}/${BUCKET_PREFIXES.vod}*`,
    },
    {
      Sid: "ListFileInputPrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: bucketArn,
      Condition: { StringLike: { "s3:prefix": `${BUCKET_PREFIXES.vod}*` } },
    },
  ];
}
