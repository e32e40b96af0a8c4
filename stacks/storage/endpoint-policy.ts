import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { VpcEndpointPolicy } from "@cdktf/provider-aws/lib/vpc-endpoint-policy";
import { policyDocument } from "../iam";
import type { StreamingStack } from "../streaming-stack";

/**
 * Object and listing actions allowed through the endpoint. Bucket
 * administration (policy, lifecycle, deletion) is left out, because
 * Terraform runs outside the VPC, which has no path to the internet.
 * s3:PutObjectAcl authorizes a PutObject that carries a canned ACL, which
 * MediaLive sends when media.s3CannedAcl is set.
 */
export const ENDPOINT_ALLOWED_ACTIONS = [
  "s3:GetObject",
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:DeleteObject",
  "s3:AbortMultipartUpload",
  "s3:ListMultipartUploadParts",
  "s3:ListBucket",
  "s3:ListBucketMultipartUploads",
  "s3:GetBucketLocation",
] as const;

/**
 * Replaces the S3 gateway endpoint's default full-access policy with one
 * that reaches only the media bucket, for principals of this account.
 *
 * Only requests from inside the VPC use this endpoint. The MediaLive channel
 * delivers its output through network interfaces in the private subnets,
 * so its HLS writes pass through here. The private API's S3 reads run in
 * the API Gateway service and do not, and VPN clients cannot use a gateway
 * endpoint at all. Anything added to the VPC later that needs other
 * buckets (package repositories, SSM agent updates, ECR image layers) fails
 * with AccessDenied until those buckets are added here. Destroying the
 * storage stack puts the default full-access policy back.
 */
export function attachEndpointPolicy(
  stack: StreamingStack,
  endpointId: string,
  bucket: S3Bucket,
  account: DataAwsCallerIdentity,
): VpcEndpointPolicy {
  return new VpcEndpointPolicy(stack, "s3_gateway_endpoint_policy", {
    vpcEndpointId: endpointId,
    policy: policyDocument([
      {
        Sid: "AllowMediaBucketOnly",
        Effect: "Allow",
        Principal: "*",
        Action: [...ENDPOINT_ALLOWED_ACTIONS],
        Resource: [bucket.arn, `${bucket.arn}/*`],
        Condition: {
          StringEquals: { "aws:PrincipalAccount": account.accountId },
        },
      },
    ]),
  });
}
