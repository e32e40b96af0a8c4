import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import type { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import type { TerraformResource } from "cdktf";
import { BUCKET_PREFIXES } from "../naming";
import type { StreamingStack } from "../streaming-stack";
import {
  COGNITO_AUTH_CONFIG_VERSION,
  COGNITO_AUTH_FILE,
  SIGN_IN_DENIED_MESSAGE,
  SIGN_IN_SCOPES,
  STREAM_SCOPE,
  type CognitoAuthConfig,
} from "../viewer-access/cognito-contract";
import type { LiveRouteAuthorization } from "./api-routes";
import { createViewerUserPool, type ViewerUserPool } from "./cognito-user-pool";
import { createDeniedResponses, VIEWER_TOKEN_HEADER } from "./denied-responses";
import type { PlayerUrls } from "./player-urls";

/** Cache-Control of `auth.json`: revalidated on every load, like `config.json`. */
export const AUTH_CONFIG_CACHE_CONTROL = "no-cache";

export interface CognitoSignInProps {
  readonly api: ApiGatewayRestApi;
  readonly account: DataAwsCallerIdentity;
  readonly playerUrls: PlayerUrls;
  /** The media bucket, from the storage stack's outputs. */
  readonly bucketName: string;
}

export interface CognitoSignIn {
  readonly userPool: ViewerUserPool;
  readonly authorizer: ApiGatewayAuthorizer;
  readonly deniedResponses: readonly ApiGatewayGatewayResponse[];
  /** `player/auth.json`: the player's sign-in settings. */
  readonly authConfigObject: S3Object;
  /** The contents of `auth.json`, with Terraform references in place of ids known at deploy time. */
  readonly authConfig: CognitoAuthConfig;
  /** Authorization of the live methods: the user pool authorizer, accepting access tokens with the stream scope. */
  readonly liveAuthorization: LiveRouteAuthorization;
  /** The authorizer and the gateway responses, for the deployment: a change to any of them redeploys the API. */
  readonly elements: readonly TerraformResource[];
  /**
   * The user pool ARN, which the authorizer names and which is known only
   * at plan time once the pool is replaced, for the deployment's trigger.
   */
  readonly planTimeValues: readonly string[];
}

/**
 * Creates the Cognito sign-in gate of the live routes when `viewerAccess`
 * is "cognito", and nothing otherwise: the user pool with its app client
 * and sign-in domain, the COGNITO_USER_POOLS authorizer, the 401 and 403
 * gateway responses, and `player/auth.json`. The routes attach the
 * authorizer to the live methods and serve `/auth.json`.
 *
 * `auth.json` is written here and not by the storage stack with
 * `config.json`, because the pool, client and domain exist only once this
 * stack is deployed, after the storage stack. The bucket policy lets the
 * administrators, among them the principal that deployed the storage
 * stack, write under `player/`, so deploy this stack as the same principal.
 */
export function createCognitoSignIn(
  stack: StreamingStack,
  props: CognitoSignInProps,
): CognitoSignIn | undefined {
  const { config, names } = stack;
  if (config.viewerAccess !== "cognito") return undefined;
  const { api } = props;

  const userPool = createViewerUserPool(stack, {
    account: props.account,
    playerUrls: props.playerUrls,
  });

  // API Gateway checks the token's signature, expiry and issuer itself and
  // bills nothing per check, so caching saves little. A cached result
  // could keep accepting a token after it expires.
  const authorizer = new ApiGatewayAuthorizer(stack, "viewer_sign_in", {
    restApiId: api.id,
    name: names.resource("viewer-sign-in"),
    type: "COGNITO_USER_POOLS",
    providerArns: [userPool.pool.arn],
    identitySource: `method.request.header.${VIEWER_TOKEN_HEADER}`,
    authorizerResultTtlInSeconds: 0,
  });

  const deniedResponses = createDeniedResponses(
    stack,
    api,
    "viewer_sign_in",
    SIGN_IN_DENIED_MESSAGE,
  );

  const authConfig = cognitoAuthConfig(userPool, props.playerUrls);
  const authConfigObject = new S3Object(stack, "player_auth_config", {
    bucket: props.bucketName,
    key: `${BUCKET_PREFIXES.player}${COGNITO_AUTH_FILE}`,
    content: `${JSON.stringify(authConfig, null, 2)}\n`,
    contentType: "application/json; charset=utf-8",
    cacheControl: AUTH_CONFIG_CACHE_CONTROL,
    // Provider default tags would become S3 object tags, of which S3
    // allows ten per object; the bucket carries the tags instead.
    overrideProvider: { defaultTags: { tags: {} } },
  });

  return {
    userPool,
    authorizer,
    deniedResponses,
    authConfigObject,
    authConfig,
    // With scopes on the method, the authorizer accepts only access tokens
    // that carry one of them. An ID token would also carry the viewer's
    // e-mail address and name on every segment request.
    liveAuthorization: {
      authorization: "COGNITO_USER_POOLS",
      authorizerId: authorizer.id,
      authorizationScopes: [STREAM_SCOPE],
    },
    elements: [authorizer, ...deniedResponses],
    planTimeValues: [userPool.pool.arn],
  };
}

/** Builds the contents of `auth.json` from the user pool and the player URLs. */
export function cognitoAuthConfig(
  userPool: ViewerUserPool,
  playerUrls: PlayerUrls,
): CognitoAuthConfig {
  const origin = userPool.signInOrigin;
  const pageUris = [playerUrls.privateDns, playerUrls.endpointSpecific];
  return {
    version: COGNITO_AUTH_CONFIG_VERSION,
    issuer: `https://${userPool.pool.endpoint}`,
    clientId: userPool.client.id,
    authorizationEndpoint: `${origin}/oauth2/authorize`,
    tokenEndpoint: `${origin}/oauth2/token`,
    revocationEndpoint: `${origin}/oauth2/revoke`,
    logoutEndpoint: `${origin}/logout`,
    scopes: [...SIGN_IN_SCOPES],
    redirectUris: pageUris,
    logoutUris: pageUris,
    bearerToken: "access_token",
    codeChallengeMethod: "S256",
  };
}
