import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import type { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { serviceTrustPolicy } from "../iam";
import type { StreamingStack } from "../streaming-stack";

/**
 * Sets the CloudWatch role of API Gateway for the whole account in this
 * region, which stage access logs and execution logs need. It replaces any
 * role set before, for every API in the region, and stays set after
 * `destroy`, because API Gateway has no call that clears it.
 *
 * Returns undefined when api.manageAccountLoggingRole is off. The account
 * must then already have a role, or creating the stage fails.
 */
export function createAccountLoggingRole(
  stack: StreamingStack,
  account: DataAwsCallerIdentity,
  partition: DataAwsPartition,
): ApiGatewayAccount | undefined {
  const { config, names } = stack;
  if (!config.api.manageAccountLoggingRole) return undefined;

  // NOTE: AWS's examples for this role (AWS::ApiGateway::Account in the
  // CloudFormation reference) trust API Gateway without conditions. This
  // one adds aws:SourceAccount, as every service role here must, which was
  // not tried against a live account. If access logs stay empty, check the
  // role's trust first.
  const role = new IamRole(stack, "api_cloudwatch_role", {
    name: names.apiGatewayCloudWatchRoleName,
    description:
      "Lets API Gateway write access and execution logs to CloudWatch Logs in this region",
    assumeRolePolicy: serviceTrustPolicy(
      "apigateway.amazonaws.com",
      account.accountId,
    ),
  });

  const attachment = new IamRolePolicyAttachment(
    stack,
    "api_cloudwatch_role_policy",
    {
      role: role.name,
      policyArn: `arn:${partition.partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
    },
  );

  return new ApiGatewayAccount(stack, "api_gateway_account", {
    cloudwatchRoleArn: role.arn,
    // API Gateway checks the role when the account setting changes, so the
    // role must already carry its permissions.
    dependsOn: [attachment],
  });
}
