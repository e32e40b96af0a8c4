import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import type { TerraformResource } from "cdktf";
import type { StreamingStack } from "../streaming-stack";
import { authorizerEnvironment } from "../viewer-access/authorizer/environment";
import { viewerTokenAudience } from "../viewer-access/outputs";
import { createViewerLinkSigningKey, type ViewerLinkSigningKey } from "../viewer-access/signing-key";
import { createAuthorizerFunction, type AuthorizerFunction } from "./authorizer-function";

/** Request header that carries `Bearer <viewer token>`; the authorizer's identity source. */
export const VIEWER_TOKEN_HEADER = "Authorization";

/** Message in the body of every 401 and 403 from the live routes; the player shows it. */
export const VIEWER_LINK_DENIED_MESSAGE = "this link has expired or is not valid";

/**
 * Cache-Control of a 401 or 403. A cached denial would outlive the link
 * that replaced it, so no cache may store one.
 */
export const DENIED_CACHE_CONTROL = "no-store";

/**
 * The gateway responses of a rejected viewer token. API Gateway returns 401
 * (UNAUTHORIZED) when the request has no Authorization header or the
 * authorizer throws "Unauthorized" for a token it cannot parse, and 403
 * (ACCESS_DENIED) when the authorizer returns a Deny policy.
 */
export const DENIED_RESPONSES = [
  { key: "unauthorized", responseType: "UNAUTHORIZED", statusCode: "401" },
  { key: "access_denied", responseType: "ACCESS_DENIED", statusCode: "403" },
] as const;

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
export function createViewerAccess(stack: StreamingStack, props: ViewerAccessProps): ViewerAccess | undefined {
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
  const permission = new LambdaPermission(stack, "viewer_link_authorizer_permission", {
    statementId: "AllowViewerLinkAuthorizer",
    action: "lambda:InvokeFunction",
    functionName: authorizerFunction.function.functionName,
    principal: "apigateway.amazonaws.com",
    sourceArn: `${api.executionArn}/authorizers/${authorizer.id}`,
  });

  const deniedResponses = DENIED_RESPONSES.map(
    (response) =>
      new ApiGatewayGatewayResponse(stack, `viewer_link_${response.key}_response`, {
        restApiId: api.id,
        responseType: response.responseType,
        statusCode: response.statusCode,
        responseParameters: {
          "gatewayresponse.header.Content-Type": "'application/json'",
          "gatewayresponse.header.Cache-Control": `'${DENIED_CACHE_CONTROL}'`,
          // RFC 6750 section 3: a 401 names the authentication scheme.
          ...(response.statusCode === "401" ? { "gatewayresponse.header.WWW-Authenticate": "'Bearer'" } : {}),
        },
        responseTemplates: { "application/json": JSON.stringify({ message: VIEWER_LINK_DENIED_MESSAGE }) },
      }),
  );

  return {
    signingKey,
    authorizer,
    authorizerFunction,
    permission,
    deniedResponses,
    elements: [authorizer, authorizerFunction.function, permission, ...deniedResponses],
  };
}
