import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayRestApiPolicy } from "@cdktf/provider-aws/lib/api-gateway-rest-api-policy";
import { policyDocument, type PolicyStatement } from "../iam";
import type { StreamingStack } from "../streaming-stack";

export interface PrivateApi {
  readonly api: ApiGatewayRestApi;
  readonly policy: ApiGatewayRestApiPolicy;
}

/**
 * Returns the resource policy: invoke is allowed only through the given
 * execute-api endpoint, and explicitly denied through any other. A
 * condition on `aws:SourceVpc` would also admit any other execute-api
 * endpoint created in the VPC later, and an allow without a condition
 * would admit endpoints in any VPC of any account.
 */
export function privateApiPolicyStatements(
  executionArn: string,
  endpointId: string,
): PolicyStatement[] {
  const everyMethod = `${executionArn}/*`;
  return [
    {
      Sid: "AllowInvokeThroughEndpoint",
      Effect: "Allow",
      Principal: "*",
      Action: "execute-api:Invoke",
      Resource: everyMethod,
      Condition: { StringEquals: { "aws:SourceVpce": endpointId } },
    },
    {
      Sid: "DenyInvokeThroughOtherEndpoints",
      Effect: "Deny",
      Principal: "*",
      Action: "execute-api:Invoke",
      Resource: everyMethod,
      Condition: { StringNotEquals: { "aws:SourceVpce": endpointId } },
    },
  ];
}

/**
 * Creates the REST API of endpoint type PRIVATE, bound to the network
 * stack's execute-api endpoint, with its resource policy. Every media
 * type counts as binary, so API Gateway passes every response body
 * through unchanged and HLS segments arrive byte for byte.
 */
export function createPrivateApi(
  stack: StreamingStack,
  endpointId: string,
): PrivateApi {
  const { names } = stack;

  const api = new ApiGatewayRestApi(stack, "api", {
    name: names.resource("streaming"),
    description:
      "Serves the player and the live HLS stream from the media bucket, inside the VPC only",
    endpointConfiguration: { types: ["PRIVATE"], vpcEndpointIds: [endpointId] },
    binaryMediaTypes: ["*/*"],
    tags: { Name: names.resource("streaming") },
  });

  const policy = new ApiGatewayRestApiPolicy(stack, "api_resource_policy", {
    restApiId: api.id,
    policy: policyDocument(
      privateApiPolicyStatements(api.executionArn, endpointId),
    ),
  });

  return { api, policy };
}
