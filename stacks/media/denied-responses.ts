import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { StreamingStack } from "../streaming-stack";

/** Request header that carries `Bearer <token>`; the identity source of every viewer authorizer. */
export const VIEWER_TOKEN_HEADER = "Authorization";

/**
 * Cache-Control of a 401 or 403. A cached denial would outlive the token
 * that replaced it, so no cache may store one.
 */
export const DENIED_CACHE_CONTROL = "no-store";

/**
 * The gateway responses of a rejected viewer token. API Gateway returns 401
 * (UNAUTHORIZED) when the request has no usable token, and 403
 * (ACCESS_DENIED) when an authorizer denies a token it could read.
 */
export const DENIED_RESPONSES = [
  { key: "unauthorized", responseType: "UNAUTHORIZED", statusCode: "401" },
  { key: "access_denied", responseType: "ACCESS_DENIED", statusCode: "403" },
] as const;

/**
 * Creates the 401 and 403 gateway responses of the gate on the live
 * routes, as `<idPrefix>_unauthorized_response` and
 * `<idPrefix>_access_denied_response`, each with a JSON body that carries
 * `message` for the player to show.
 */
export function createDeniedResponses(
  stack: StreamingStack,
  api: ApiGatewayRestApi,
  idPrefix: string,
  message: string,
): ApiGatewayGatewayResponse[] {
  return DENIED_RESPONSES.map(
    (response) =>
      new ApiGatewayGatewayResponse(
        stack,
        `${idPrefix}_${response.key}_response`,
        {
          restApiId: api.id,
          responseType: response.responseType,
          statusCode: response.statusCode,
          responseParameters: {
            "gatewayresponse.header.Content-Type": "'application/json'",
            "gatewayresponse.header.Cache-Control": `'${DENIED_CACHE_CONTROL}'`,
            // RFC 6750 section 3: a 401 names the authentication scheme.
            ...(response.statusCode === "401"
              ? { "gatewayresponse.header.WWW-Authenticate": "'Bearer'" }
              : {}),
          },
          responseTemplates: {
            "application/json": JSON.stringify({ message }),
          },
        },
      ),
  );
}
