import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { policyDocument, serviceTrustPolicy } from "../iam";
import type { StreamingStack } from "../streaming-stack";

/** Sends every accepted and rejected flow of the VPC to a CloudWatch log group with retention. */
export function createFlowLogs(
  stack: StreamingStack,
  vpc: Vpc,
  account: DataAwsCallerIdentity,
  partition: DataAwsPartition,
): CloudwatchLogGroup {
  const { config, names } = stack;

  const logGroup = new CloudwatchLogGroup(stack, "vpc_flow_log_group", {
    name: names.logGroup("vpc-flow-logs"),
    retentionInDays: config.logRetentionDays,
  });

  const sourceArn = `arn:${partition.partition}:ec2:${config.region}:${account.accountId}:vpc-flow-log/*`;
  const role = new IamRole(stack, "vpc_flow_log_role", {
    name: names.flowLogRoleName,
    description: "Lets VPC Flow Logs write to the flow log group",
    assumeRolePolicy: serviceTrustPolicy(
      "vpc-flow-logs.amazonaws.com",
      account.accountId,
      sourceArn,
    ),
  });

  new IamRolePolicy(stack, "vpc_flow_log_role_policy", {
    name: "write-flow-log-group",
    role: role.id,
    policy: policyDocument([
      {
        Effect: "Allow",
        Action: [
          "logs:CreateLogStream",
          "logs:PutLogEvents",
          "logs:DescribeLogStreams",
        ],
        Resource: [logGroup.arn, `${logGroup.arn}:*`],
      },
    ]),
  });

  new FlowLog(stack, "vpc_flow_log", {
    vpcId: vpc.id,
    trafficType: "ALL",
    logDestinationType: "cloud-watch-logs",
    logDestination: logGroup.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: 60,
    tags: { Name: names.resource("vpc-flow-log") },
  });

  return logGroup;
}
