import { CognitoManagedLoginBranding } from "@cdktf/provider-aws/lib/cognito-managed-login-branding";
import { CognitoResourceServer } from "@cdktf/provider-aws/lib/cognito-resource-server";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { Fn } from "cdktf";
import type { StreamingStack } from "../streaming-stack";
import {
  SIGN_IN_SCOPES,
  STREAM_RESOURCE_SERVER,
  STREAM_SCOPE_NAME,
} from "../viewer-access/cognito-contract";
import type { PlayerUrls } from "./player-urls";

/**
 * Password rules of viewer accounts. Cognito checks them when a viewer
 * replaces the temporary password from the invitation, which expires
 * after `temporaryPasswordValidityDays`.
 */
export const VIEWER_PASSWORD_POLICY = {
  minimumLength: 14,
  requireLowercase: true,
  requireUppercase: true,
  requireNumbers: true,
  requireSymbols: true,
  temporaryPasswordValidityDays: 7,
} as const;

/**
 * Feature plan of the user pool, the one Cognito gives new pools by default
 * ("User pool feature plans" in the Cognito developer guide). Refresh token
 * rotation needs Essentials or Plus.
 * NOTE: that requirement comes from a report of the April 2025 launch of rotation, not from the developer guide.
 */
export const USER_POOL_TIER = "ESSENTIALS";

/**
 * Seconds a rotated-out refresh token stays valid, so a refresh whose
 * response was lost can be retried (Cognito allows 0-60).
 */
export const REFRESH_TOKEN_GRACE_SECONDS = 10;

/** Hex digits of the account id's SHA-256 in the default domain prefix. */
const DOMAIN_DIGEST_LENGTH = 12;

/** Version 2 is managed login, which prompts viewers to set up MFA when the pool requires it; version 1 never does. */
const MANAGED_LOGIN_VERSION = 2;

export interface ViewerUserPoolProps {
  readonly account: DataAwsCallerIdentity;
  /** Both player URLs: the only redirect and sign-out URIs the app client accepts. */
  readonly playerUrls: PlayerUrls;
}

export interface ViewerUserPool {
  readonly pool: CognitoUserPool;
  readonly resourceServer: CognitoResourceServer;
  readonly client: CognitoUserPoolClient;
  readonly domain: CognitoUserPoolDomain;
  readonly branding: CognitoManagedLoginBranding;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: origin of the sign-in pages and OAuth endpoints. */
  readonly signInOrigin: string;
}

/**
 * Creates the Cognito user pool of the viewers, the resource server of the
 * stream scope, the player's app client, and the managed login domain.
 *
 * Viewers never sign themselves up: an administrator creates each account
 * and Cognito mails a temporary password. Deletion protection is off so
 * that `cdktf destroy` needs no manual step, which means destroying or
 * replacing the pool deletes every viewer account with it.
 */
export function createViewerUserPool(
  stack: StreamingStack,
  props: ViewerUserPoolProps,
): ViewerUserPool {
  const { config, names } = stack;
  const { cognito } = config;

  const pool = new CognitoUserPool(stack, "viewer_user_pool", {
    name: names.cognitoUserPoolName,
    userPoolTier: USER_POOL_TIER,
    deletionProtection: "INACTIVE",
    adminCreateUserConfig: { allowAdminCreateUserOnly: true },
    // Viewers sign in with their e-mail address, which is also where
    // invitations and password resets go.
    usernameAttributes: ["email"],
    usernameConfiguration: { caseSensitive: false },
    autoVerifiedAttributes: ["email"],
    userAttributeUpdateSettings: {
      attributesRequireVerificationBeforeUpdate: ["email"],
    },
    accountRecoverySetting: {
      recoveryMechanism: [{ name: "verified_email", priority: 1 }],
    },
    passwordPolicy: { ...VIEWER_PASSWORD_POLICY },
    mfaConfiguration: cognito.mfa,
    ...(cognito.mfa === "OFF"
      ? {}
      : { softwareTokenMfaConfiguration: { enabled: true } }),
    tags: { Name: names.cognitoUserPoolName },
  });

  const resourceServer = new CognitoResourceServer(
    stack,
    "viewer_stream_scope",
    {
      userPoolId: pool.id,
      identifier: STREAM_RESOURCE_SERVER,
      name: names.resource(STREAM_RESOURCE_SERVER),
      scope: [
        {
          scopeName: STREAM_SCOPE_NAME,
          scopeDescription: "Watch the live stream",
        },
      ],
    },
  );

  const redirectUris = [
    props.playerUrls.privateDns,
    props.playerUrls.endpointSpecific,
  ];
  const client = new CognitoUserPoolClient(stack, "player_client", {
    name: names.cognitoClientName,
    userPoolId: pool.id,
    // A browser cannot keep a secret, so the player is a public client and
    // proves possession of the code with PKCE instead. Cognito has no app
    // client setting that requires PKCE (AWS provider 6.25 has no argument
    // for one), so the player must always send a code challenge.
    generateSecret: false,
    allowedOauthFlowsUserPoolClient: true,
    allowedOauthFlows: ["code"],
    allowedOauthScopes: [...SIGN_IN_SCOPES],
    supportedIdentityProviders: ["COGNITO"],
    callbackUrls: redirectUris,
    logoutUrls: redirectUris,
    // Only the sign-in pages sign viewers in. ALLOW_REFRESH_TOKEN_AUTH stays
    // off, because refresh token rotation requires it off ("Refresh tokens"
    // in the Cognito developer guide); refreshes go to the token endpoint.
    // NOTE: that managed login signs in with only ALLOW_USER_SRP_AUTH was not checked against a live user pool.
    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
    preventUserExistenceErrors: "ENABLED",
    enableTokenRevocation: true,
    accessTokenValidity: cognito.accessTokenMinutes,
    idTokenValidity: cognito.idTokenMinutes,
    refreshTokenValidity: cognito.refreshTokenDays,
    tokenValidityUnits: [
      { accessToken: "minutes", idToken: "minutes", refreshToken: "days" },
    ],
    refreshTokenRotation: [
      {
        feature: "ENABLED",
        retryGracePeriodSeconds: REFRESH_TOKEN_GRACE_SECONDS,
      },
    ],
    // The stream scope exists only once the resource server does.
    dependsOn: [resourceServer],
  });

  const prefix =
    cognito.domainPrefix ??
    names.cognitoDomainPrefix(
      Fn.substr(Fn.sha256(props.account.accountId), 0, DOMAIN_DIGEST_LENGTH),
    );
  const domain = new CognitoUserPoolDomain(stack, "viewer_sign_in_domain", {
    domain: prefix,
    userPoolId: pool.id,
    managedLoginVersion: MANAGED_LOGIN_VERSION,
  });

  // Managed login pages need a style assigned to the app client; this one
  // is Cognito's default.
  const branding = new CognitoManagedLoginBranding(
    stack,
    "viewer_sign_in_branding",
    {
      userPoolId: pool.id,
      clientId: client.id,
      useCognitoProvidedValues: true,
    },
  );

  return {
    pool,
    resourceServer,
    client,
    domain,
    branding,
    signInOrigin: `https://${domain.domain}.auth.${config.region}.amazoncognito.com`,
  };
}
