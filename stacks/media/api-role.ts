import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { policyDocument, serviceTrustPolicy } from "../iam";
import { BUCKET_PREFIXES } from "../naming";
import type { StreamingStack } from "../streaming-stack";

/**
 * Creates the role the private API's S3 integrations use as credentials.
 * It may only read objects under the player and live prefixes. Without
 * s3:ListBucket, S3 returns 403 rather than 404 for a missing key, and the
 * integration responses turn both into 404.
 *
 * Its name is fixed by the naming module, because the storage stack's
 * bucket policy admits reads only from this role's ARN.
 */
export function createApiRole(
  stack: StreamingStack,
  account: DataAwsCallerIdentity,
  bucketArn: string,
): IamRole {
  const { names } = stack;

  const role = new IamRole(stack, "api_s3_role", {
    name: names.apiGatewayRoleName,
    description:
      "Lets the private API read the player and the live HLS output from the media bucket",
    assumeRolePolicy: serviceTrustPolicy(
      "apigateway.amazonaws.com",
      account.accountId,
    ),
  });

  new IamRolePolicy(stack, "api_s3_role_policy", {
    name: "read-player-and-live",
    role: role.id,
    policy: policyDocument([
      {
        Sid: "ReadPlayerAndLive",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: [
          `${bucketArn}/${BUCKET_PREFIXES.player}*`,
          `${bucketArn}/${BUCKET_PREFIXES.live}*`,
        ],
      },
    ]),
  });

  return role;
}
