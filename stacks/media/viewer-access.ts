import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import type { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { TerraformResource } from "cdktf";
import type { StreamingStack } from "../streaming-stack";
import { authorizerEnvironment } from "../viewer-access/authorizer/environment";
import { viewerTokenAudience } from "../viewer-access/outputs";
import {
  createViewerLinkSigningKey,
  type ViewerLinkSigningKey,
} from "../viewer-access/signing-key";
import {
  createAuthorizerFunction,
  type AuthorizerFunction,
} from "./authorizer-function";
import { createDeniedResponses, VIEWER_TOKEN_HEADER } from "./denied-responses";

/**
 * Message in the body of every 401 and 403 from the live routes with
 * signed links; the player shows it. API Gateway returns 401 when the
 * request has no Authorization header or the authorizer throws
 * "Unauthorized" for a token it cannot parse, and 403 when the authorizer
 * returns a Deny policy.
 */
export const VIEWER_LINK_DENIED_MESSAGE =
  "this link has expired or is not valid";

export interface ViewerAccessProps {
  readonly api: ApiGatewayRestApi;
  readonly account: DataAwsCallerIdentity;
}

export interface ViewerAccess {
  readonly signingKey: ViewerLinkSigningKey;
  readonly authorizer: ApiGatewayAuthorizer;
  readonly authorizerFunction: AuthorizerFunction;
  readonly permission: LambdaPermission;
  readonly deniedResponses: readonly ApiGatewayGatewayResponse[];
  /**
   * The authorizer, its function, its invoke permission and the gateway
   * responses, for the deployment: a change to any of them redeploys the API.
   */
  readonly elements: readonly TerraformResource[];
}

/**
 * Creates the signed-link gate of the live routes when `viewerAccess` is
 * "signed-links", and nothing otherwise: the signing key, the Lambda
 * REQUEST authorizer with its invoke permission, and the 401 and 403
 * gateway responses. The routes attach the authorizer to the live methods.
 */
export function createViewerAccess(
  stack: StreamingStack,
  props: ViewerAccessProps,
): ViewerAccess | undefined {
  const { config, names } = stack;
  if (config.viewerAccess !== "signed-links") return undefined;
  const { api } = props;

  const signingKey = createViewerLinkSigningKey(stack);

  // The audience comes from the configured stage name rather than the
  // stage resource, because the stage depends on the deployment, which
  // depends on this function.
  const authorizerFunction = createAuthorizerFunction(stack, {
    account: props.account,
    environment: authorizerEnvironment({
      publicKeyPem: signingKey.publicKeyPem,
      audience: viewerTokenAudience(api.id, config.api.stageName),
      revokedViewers: config.signedLinks.revokedViewers,
      revokedTokenIds: config.signedLinks.revokedTokenIds,
    }),
  });

  // API Gateway caches each decision per Authorization header for the TTL.
  // With a TTL above 0 it returns 401 itself, without calling the function,
  // when the header is missing.
  const authorizer = new ApiGatewayAuthorizer(stack, "viewer_link", {
    restApiId: api.id,
    name: names.resource("viewer-link"),
    type: "REQUEST",
    authorizerUri: authorizerFunction.function.invokeArn,
    identitySource: `method.request.header.${VIEWER_TOKEN_HEADER}`,
    authorizerResultTtlInSeconds: config.signedLinks.cacheTtlSeconds,
  });

  // API Gateway invokes the function through this resource-based policy,
  // which admits only this authorizer of this API.
  const permission = new LambdaPermission(
    stack,
    "viewer_link_authorizer_permission",
    {
      statementId: "AllowViewerLinkAuthorizer",
      action: "lambda:InvokeFunction",
      functionName: authorizerFunction.function.functionName,
      principal: "apigateway.amazonaws.com",
      sourceArn: `${api.executionArn}/authorizers/${authorizer.id}`,
    },
  );

  const deniedResponses = createDeniedResponses(
    stack,
    api,
    "viewer_link",
    VIEWER_LINK_DENIED_MESSAGE,
  );

  return {
    signingKey,
    authorizer,
    authorizerFunction,
    permission,
    deniedResponses,
    elements: [
      authorizer,
      authorizerFunction.function,
      permission,
      ...deniedResponses,
    ],
  };
}
