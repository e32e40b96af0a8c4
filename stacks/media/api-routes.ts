import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayIntegrationResponse } from "@cdktf/provider-aws/lib/api-gateway-integration-response";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodResponse } from "@cdktf/provider-aws/lib/api-gateway-method-response";
import { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { TerraformResource } from "cdktf";
import type { Config } from "../config/schema";
import { BUCKET_PREFIXES } from "../naming";
import type { StreamingStack } from "../streaming-stack";
import { COGNITO_AUTH_FILE } from "../viewer-access/cognito-contract";

/**
 * The routes of the private API. Each is an S3 integration that reads one
 * object, its key mapped from the request path:
 *
 * | route               | object                       | Cache-Control          |
 * | ------------------- | ---------------------------- | ---------------------- |
 * | `/`                 | `player/index.html`          | no-cache               |
 * | `/config.json`      | `player/config.json`         | no-cache               |
 * | `/assets/{proxy+}`  | `player/assets/{proxy}`      | one year, immutable    |
 * | `/live/{proxy+}`    | `live/{proxy}`               | no-cache               |
 * | `/auth.json`        | `player/auth.json`           | no-cache (Cognito only) |
 *
 * `/` needs its own methods because a `{proxy+}` resource never matches the
 * root. Only these paths exist, so no other key in the bucket is reachable.
 * With signed links or Cognito sign-in, the `/live/{proxy+}` methods use
 * the gate's authorizer. The page, its config and assets stay open,
 * because they hold no secret and the page must load before a viewer can
 * bring a link or sign in.
 */

/** Cache-Control of files that change in place: playlists, the page and its config. */
export const REVALIDATE_CACHE_CONTROL = "no-cache";

/** Cache-Control of the player's content-hashed files, whose names change with their content. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** HTTP methods of every route; HEAD lets clients check a file without downloading it. */
export const ROUTE_METHODS = ["GET", "HEAD"] as const;

/** Headers of an S3 object passed through to the client on success. */
export const PASSED_HEADERS = [
  "Content-Type",
  "Content-Length",
  "ETag",
  "Last-Modified",
] as const;

/** Route definition: where it hangs in the resource tree and which object it reads. */
export interface RouteSpec {
  /** Part of the Terraform ids of the route's resources. */
  readonly key: string;
  /** Path below the root; empty for the root itself. */
  readonly pathParts: readonly string[];
  /** Object key, with `{proxy}` standing for the greedy path parameter. */
  readonly objectKey: string;
  readonly cacheControl: string;
  /** Serves the stream, so the gate's authorizer guards it when one exists. */
  readonly servesStream?: boolean;
}

export const ROUTES: readonly RouteSpec[] = [
  {
    key: "player_index",
    pathParts: [],
    objectKey: `${BUCKET_PREFIXES.player}index.html`,
    cacheControl: REVALIDATE_CACHE_CONTROL,
  },
  {
    key: "player_config",
    pathParts: ["config.json"],
    objectKey: `${BUCKET_PREFIXES.player}config.json`,
    cacheControl: REVALIDATE_CACHE_CONTROL,
  },
  {
    key: "player_assets",
    pathParts: ["assets", "{proxy+}"],
    objectKey: `${BUCKET_PREFIXES.player}assets/{proxy}`,
    cacheControl: IMMUTABLE_CACHE_CONTROL,
  },
  {
    // A cached playlist would freeze live playback, so every live file
    // is revalidated. Segments are fetched once each, so they lose nothing.
    key: "live",
    pathParts: ["live", "{proxy+}"],
    objectKey: `${BUCKET_PREFIXES.live}{proxy}`,
    cacheControl: REVALIDATE_CACHE_CONTROL,
    servesStream: true,
  },
];

/** The sign-in settings the media stack writes with Cognito sign-in; open like the page's config. */
export const COGNITO_AUTH_ROUTE: RouteSpec = {
  key: "player_auth",
  pathParts: [COGNITO_AUTH_FILE],
  objectKey: `${BUCKET_PREFIXES.player}${COGNITO_AUTH_FILE}`,
  cacheControl: REVALIDATE_CACHE_CONTROL,
};

/** Returns the routes of the API for a configuration: ROUTES, plus `/auth.json` with Cognito sign-in. */
export function routesFor(config: Config): readonly RouteSpec[] {
  return config.viewerAccess === "cognito"
    ? [...ROUTES, COGNITO_AUTH_ROUTE]
    : ROUTES;
}

/**
 * Integration responses, keyed by the status the client gets. API Gateway
 * matches the S3 status code against each selection pattern and uses the
 * response without a pattern for every status that none matches. S3
 * returns 403 for a missing key when the reader may not list the bucket.
 */
export const INTEGRATION_RESPONSES = [
  { statusCode: "200", selectionPattern: "2\\d{2}" },
  { statusCode: "404", selectionPattern: "403|404", message: "Not Found" },
  { statusCode: "502", selectionPattern: undefined, message: "Bad Gateway" },
] as const;

/** Authorization of the methods that serve the stream. */
export interface LiveRouteAuthorization {
  /** The method's `authorization`: CUSTOM for a Lambda authorizer, COGNITO_USER_POOLS for a user pool. */
  readonly authorization: "CUSTOM" | "COGNITO_USER_POOLS";
  readonly authorizerId: string;
  /**
   * OAuth scopes of which an access token must carry one. With scopes, a
   * COGNITO_USER_POOLS authorizer accepts only access tokens; without, only
   * ID tokens.
   */
  readonly authorizationScopes?: readonly string[];
}

export interface RouteProps {
  readonly api: ApiGatewayRestApi;
  readonly role: IamRole;
  readonly partition: DataAwsPartition;
  readonly bucketName: string;
  /** The gate on the live routes; absent with `"viewerAccess": "network"`, which leaves them open. */
  readonly liveAuthorization?: LiveRouteAuthorization;
}

/** Every resource, method, integration and response of the API, for the deployment's trigger. */
export interface ApiRoutes {
  readonly elements: readonly TerraformResource[];
}

/** Creates the resource tree and the GET and HEAD methods of every route. */
export function createApiRoutes(
  stack: StreamingStack,
  props: RouteProps,
): ApiRoutes {
  const elements: TerraformResource[] = [];
  const resources = new Map<string, string>([["", props.api.rootResourceId]]);

  const resourceIdFor = (pathParts: readonly string[]): string => {
    const path = pathParts.join("/");
    const existing = resources.get(path);
    if (existing !== undefined) return existing;
    const parentId = resourceIdFor(pathParts.slice(0, -1));
    const pathPart = pathParts[pathParts.length - 1];
    const resource = new ApiGatewayResource(
      stack,
      `api_resource_${resourceIdSuffix(pathParts)}`,
      {
        restApiId: props.api.id,
        parentId,
        pathPart,
      },
    );
    elements.push(resource);
    resources.set(path, resource.id);
    return resource.id;
  };

  for (const route of routesFor(stack.config)) {
    const resourceId = resourceIdFor(route.pathParts);
    for (const httpMethod of ROUTE_METHODS) {
      elements.push(
        ...createRouteMethod(stack, props, route, resourceId, httpMethod),
      );
    }
  }

  // API Gateway rejects a path or method without a route as 403 "Missing
  // Authentication Token". It sends the same response to a method with
  // AWS_IAM authorization called without a signature, but every method here
  // uses NONE or, on the live routes, CUSTOM or COGNITO_USER_POOLS. Those
  // authorizers reject with UNAUTHORIZED (401) or ACCESS_DENIED (403)
  // instead. So this response only ever means an unknown route, which a 404
  // reports better.
  elements.push(
    new ApiGatewayGatewayResponse(stack, "api_unknown_path_response", {
      restApiId: props.api.id,
      responseType: "MISSING_AUTHENTICATION_TOKEN",
      statusCode: "404",
      responseTemplates: {
        "application/json": JSON.stringify({ message: "Not Found" }),
      },
    }),
  );

  return { elements };
}

/** Returns the method arguments that attach a gate's authorizer. */
function methodAuthorization(gate: LiveRouteAuthorization) {
  return {
    authorization: gate.authorization,
    authorizerId: gate.authorizerId,
    ...(gate.authorizationScopes !== undefined
      ? { authorizationScopes: [...gate.authorizationScopes] }
      : {}),
  };
}

/** Turns `["assets", "{proxy+}"]` into `assets_proxy`, for Terraform ids. */
function resourceIdSuffix(pathParts: readonly string[]): string {
  return pathParts
    .map((part) => part.replace(/[{}+]/g, "").replace(/[^A-Za-z0-9]+/g, "_"))
    .join("_");
}

function createRouteMethod(
  stack: StreamingStack,
  props: RouteProps,
  route: RouteSpec,
  resourceId: string,
  httpMethod: (typeof ROUTE_METHODS)[number],
): TerraformResource[] {
  const { config } = stack;
  const id = `${route.key}_${httpMethod.toLowerCase()}`;
  const greedy = route.objectKey.includes("{proxy}");
  const restApiId = props.api.id;

  // The resource policy admits only this VPC's endpoint. Without a gate on
  // the live routes, viewers need no credentials of their own.
  const gate = route.servesStream ? props.liveAuthorization : undefined;
  const method = new ApiGatewayMethod(stack, `api_method_${id}`, {
    restApiId,
    resourceId,
    httpMethod,
    ...(gate !== undefined
      ? methodAuthorization(gate)
      : { authorization: "NONE" }),
    ...(greedy
      ? { requestParameters: { "method.request.path.proxy": true } }
      : {}),
  });

  const integration = new ApiGatewayIntegration(
    stack,
    `api_integration_${id}`,
    {
      restApiId,
      resourceId,
      httpMethod,
      type: "AWS",
      integrationHttpMethod: httpMethod,
      uri: `arn:${props.partition.partition}:apigateway:${config.region}:s3:path/${props.bucketName}/${route.objectKey}`,
      credentials: props.role.arn,
      passthroughBehavior: "WHEN_NO_MATCH",
      ...(greedy
        ? {
            requestParameters: {
              "integration.request.path.proxy": "method.request.path.proxy",
            },
          }
        : {}),
      dependsOn: [method],
    },
  );

  const responses: TerraformResource[] = [];
  for (const response of INTEGRATION_RESPONSES) {
    const success = response.statusCode === "200";
    const methodResponse = new ApiGatewayMethodResponse(
      stack,
      `api_method_response_${id}_${response.statusCode}`,
      {
        restApiId,
        resourceId,
        httpMethod,
        statusCode: response.statusCode,
        responseParameters: Object.fromEntries(
          [
            ...(success ? PASSED_HEADERS : ["Content-Type"]),
            "Cache-Control",
          ].map((header) => [`method.response.header.${header}`, true]),
        ),
        dependsOn: [method],
      },
    );

    const integrationResponse = new ApiGatewayIntegrationResponse(
      stack,
      `api_integration_response_${id}_${response.statusCode}`,
      {
        restApiId,
        resourceId,
        httpMethod,
        statusCode: response.statusCode,
        ...(response.selectionPattern !== undefined
          ? { selectionPattern: response.selectionPattern }
          : {}),
        ...(success ? successResponse(route) : errorResponse(response.message)),
        dependsOn: [integration, methodResponse],
      },
    );
    responses.push(methodResponse, integrationResponse);
  }

  return [method, integration, ...responses];
}

/** Passes the object's headers through and sets the route's Cache-Control. */
function successResponse(route: RouteSpec) {
  return {
    responseParameters: {
      ...Object.fromEntries(
        PASSED_HEADERS.map((header) => [
          `method.response.header.${header}`,
          `integration.response.header.${header}`,
        ]),
      ),
      "method.response.header.Cache-Control": `'${route.cacheControl}'`,
    },
  };
}

/**
 * Replaces S3's XML error document with a short JSON body. The body is
 * converted to text first, because mapping templates do not apply to
 * binary payloads and every media type is binary in this API.
 */
function errorResponse(message: string) {
  return {
    contentHandling: "CONVERT_TO_TEXT",
    responseParameters: {
      "method.response.header.Content-Type": "'application/json'",
      "method.response.header.Cache-Control": `'${REVALIDATE_CACHE_CONTROL}'`,
    },
    responseTemplates: { "application/json": JSON.stringify({ message }) },
  };
}
