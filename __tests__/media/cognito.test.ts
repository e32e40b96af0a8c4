import { readFileSync } from "node:fs";
import { join } from "node:path";
import { COGNITO_OUTPUT_NAMES } from "../../stacks/media/media-outputs";
import type { SynthesizedStacks, TerraformJson } from "../../stacks/synthesize";
import {
  parseCognitoAuthConfig,
  SIGN_IN_DENIED_MESSAGE,
} from "../../stacks/viewer-access/cognito-contract";
import { denyingStatements, type Statement } from "../support/policy-evaluator";
import {
  block,
  blocksOfType,
  parsePolicy,
  synthAll,
  synthMedia,
} from "../support/synth";

type Json = Record<string, any>;

const COGNITO = { viewerAccess: "cognito" };
const API_ID = "${aws_api_gateway_rest_api.api.id}";
const POOL = "aws_cognito_user_pool.viewer_user_pool";
const CLIENT = "aws_cognito_user_pool_client.player_client";
const AUTHORIZER_ID = "${aws_api_gateway_authorizer.viewer_sign_in.id}";
const STAGE_REFERENCE = "${aws_api_gateway_stage.api_stage.stage_name}";
const BUCKET_NAME =
  "${data.terraform_remote_state.storage_state.outputs.bucketName}";
const ENDPOINT_ID =
  "${data.terraform_remote_state.network_state.outputs.executeApiEndpointId}";
const DNS_SUFFIX = "${data.aws_partition.current_partition.dns_suffix}";
const ACCOUNT_DIGEST =
  "${substr(sha256(data.aws_caller_identity.current_account.account_id), 0, 12)}";
const COGNITO_TYPES = [
  "aws_cognito_user_pool",
  "aws_cognito_user_pool_client",
  "aws_cognito_resource_server",
  "aws_cognito_user_pool_domain",
  "aws_cognito_managed_login_branding",
];

const blockOf = (media: TerraformJson, type: string, name: string): Json =>
  block(media.resource, type, name);
const methodsOf = (media: TerraformJson): Record<string, Json> =>
  blocksOfType(media.resource, "aws_api_gateway_method");
const outputOf = (media: TerraformJson, name: string): Json =>
  media.output![name]!;

const triggerOf = (media: TerraformJson): Json =>
  blockOf(media, "aws_api_gateway_deployment", "api_deployment").triggers;

/** Values that Terraform fills in at deploy time, for reading the synthesized auth.json as the player would. */
const DEPLOY_TIME_VALUES: Record<string, string> = {
  [`\${${POOL}.endpoint}`]:
    "cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
  [`\${${CLIENT}.id}`]: "4tr1abcdefghijklmnopqrstuv",
  "${aws_cognito_user_pool_domain.viewer_sign_in_domain.domain}":
    "demo-signin-0123456789ab",
  [API_ID]: "a1b2c3d4e5",
  [ENDPOINT_ID]: "vpce-0123456789abcdef0",
  [DNS_SUFFIX]: "amazonaws.com",
};

function resolveDeployTimeValues(text: string): string {
  return Object.entries(DEPLOY_TIME_VALUES).reduce(
    (result, [reference, value]) => result.split(reference).join(value),
    text,
  );
}

describe("Cognito sign-in in the media stack", () => {
  let stacks: SynthesizedStacks;
  let media: TerraformJson;
  beforeAll(() => {
    stacks = synthAll({
      ...COGNITO,
      cognito: {
        accessTokenMinutes: 10,
        idTokenMinutes: 20,
        refreshTokenDays: 3,
      },
    });
    media = stacks.media;
  });

  describe("user pool", () => {
    test("only administrators create accounts", () => {
      expect(
        blockOf(media, "aws_cognito_user_pool", "viewer_user_pool")
          .admin_create_user_config,
      ).toEqual({
        allow_admin_create_user_only: true,
      });
    });

    test("password policy is strong", () => {
      expect(
        blockOf(media, "aws_cognito_user_pool", "viewer_user_pool")
          .password_policy,
      ).toEqual({
        minimum_length: 14,
        require_lowercase: true,
        require_uppercase: true,
        require_numbers: true,
        require_symbols: true,
        temporary_password_validity_days: 7,
      });
    });

    test("MFA defaults to an authenticator app", () => {
      const pool = blockOf(media, "aws_cognito_user_pool", "viewer_user_pool");
      expect(pool.mfa_configuration).toBe("ON");
      expect(pool.software_token_mfa_configuration).toEqual({ enabled: true });
      expect(pool.sms_configuration).toBeUndefined();
    });

    test("recovery by verified e-mail", () => {
      const pool = blockOf(media, "aws_cognito_user_pool", "viewer_user_pool");
      expect(pool.account_recovery_setting).toEqual({
        recovery_mechanism: [{ name: "verified_email", priority: 1 }],
      });
      expect(pool.auto_verified_attributes).toEqual(["email"]);
      expect(pool.username_attributes).toEqual(["email"]);
      expect(pool.username_configuration).toEqual({ case_sensitive: false });
      expect(pool.user_attribute_update_settings).toEqual({
        attributes_require_verification_before_update: ["email"],
      });
    });

    test("destroy needs no manual step", () => {
      const pool = blockOf(media, "aws_cognito_user_pool", "viewer_user_pool");
      expect(pool.deletion_protection).toBe("INACTIVE");
      expect(pool.lifecycle).toBeUndefined();
    });

    test("name, tier and tags", () => {
      const pool = blockOf(media, "aws_cognito_user_pool", "viewer_user_pool");
      expect(pool.name).toBe("demo-viewers");
      expect(pool.user_pool_tier).toBe("ESSENTIALS");
      expect(pool.tags).toEqual({ Name: "demo-viewers" });
    });

    test("stream scope on a resource server", () => {
      expect(
        blockOf(media, "aws_cognito_resource_server", "viewer_stream_scope"),
      ).toMatchObject({
        user_pool_id: `\${${POOL}.id}`,
        identifier: "live-stream",
        name: "demo-live-stream",
        scope: [
          { scope_name: "watch", scope_description: "Watch the live stream" },
        ],
      });
    });
  });

  describe("app client", () => {
    test("public client with the code flow", () => {
      const client = blockOf(
        media,
        "aws_cognito_user_pool_client",
        "player_client",
      );
      expect(client).toMatchObject({
        name: "demo-player",
        user_pool_id: `\${${POOL}.id}`,
        generate_secret: false,
        allowed_oauth_flows_user_pool_client: true,
        allowed_oauth_flows: ["code"],
        allowed_oauth_scopes: [
          "openid",
          "email",
          "profile",
          "live-stream/watch",
        ],
        supported_identity_providers: ["COGNITO"],
        prevent_user_existence_errors: "ENABLED",
        enable_token_revocation: true,
      });
      expect(client.depends_on).toEqual([
        "aws_cognito_resource_server.viewer_stream_scope",
      ]);
    });

    test("no password or refresh API flows", () => {
      expect(
        blockOf(media, "aws_cognito_user_pool_client", "player_client")
          .explicit_auth_flows,
      ).toEqual(["ALLOW_USER_SRP_AUTH"]);
    });

    test("token lifetimes from config", () => {
      const client = blockOf(
        media,
        "aws_cognito_user_pool_client",
        "player_client",
      );
      expect(client.access_token_validity).toBe(10);
      expect(client.id_token_validity).toBe(20);
      expect(client.refresh_token_validity).toBe(3);
      expect(client.token_validity_units).toEqual([
        { access_token: "minutes", id_token: "minutes", refresh_token: "days" },
      ]);
    });

    test("refresh tokens rotate", () => {
      expect(
        blockOf(media, "aws_cognito_user_pool_client", "player_client")
          .refresh_token_rotation,
      ).toEqual([{ feature: "ENABLED", retry_grace_period_seconds: 10 }]);
    });

    test("callback URLs are the player URL forms", () => {
      const client = blockOf(
        media,
        "aws_cognito_user_pool_client",
        "player_client",
      );
      const playerUrls = [
        outputOf(media, "playerUrl").value,
        outputOf(media, "playerEndpointUrl").value,
      ].map((url: string) => url.split(STAGE_REFERENCE).join("watch"));
      expect(client.callback_urls).toEqual(playerUrls);
      expect(client.logout_urls).toEqual(playerUrls);
      expect(client.callback_urls).toEqual([
        `https://${API_ID}.execute-api.us-east-1.${DNS_SUFFIX}/watch/`,
        `https://${API_ID}-${ENDPOINT_ID}.execute-api.us-east-1.${DNS_SUFFIX}/watch/`,
      ]);
    });

    test("callback URLs follow the stage", () => {
      const other = synthMedia({
        ...COGNITO,
        api: { stageName: "town_hall" },
        region: "eu-west-1",
      });
      expect(
        blockOf(other, "aws_cognito_user_pool_client", "player_client")
          .callback_urls,
      ).toEqual([
        `https://${API_ID}.execute-api.eu-west-1.${DNS_SUFFIX}/town_hall/`,
        `https://${API_ID}-${ENDPOINT_ID}.execute-api.eu-west-1.${DNS_SUFFIX}/town_hall/`,
      ]);
    });
  });

  describe("sign-in domain", () => {
    test("default prefix from the account", () => {
      expect(
        blockOf(media, "aws_cognito_user_pool_domain", "viewer_sign_in_domain"),
      ).toMatchObject({
        domain: `demo-signin-${ACCOUNT_DIGEST}`,
        user_pool_id: `\${${POOL}.id}`,
        managed_login_version: 2,
      });
    });

    test("configured prefix is used", () => {
      const other = synthMedia({
        ...COGNITO,
        cognito: { domainPrefix: "town-hall-signin" },
      });
      expect(
        blockOf(other, "aws_cognito_user_pool_domain", "viewer_sign_in_domain")
          .domain,
      ).toBe("town-hall-signin");
    });

    test("managed login has a style", () => {
      expect(
        blockOf(
          media,
          "aws_cognito_managed_login_branding",
          "viewer_sign_in_branding",
        ),
      ).toMatchObject({
        user_pool_id: `\${${POOL}.id}`,
        client_id: `\${${CLIENT}.id}`,
        use_cognito_provided_values: true,
      });
    });
  });

  describe("authorizer", () => {
    test("user pool authorizer without cache", () => {
      expect(
        blockOf(media, "aws_api_gateway_authorizer", "viewer_sign_in"),
      ).toMatchObject({
        rest_api_id: API_ID,
        name: "demo-viewer-sign-in",
        type: "COGNITO_USER_POOLS",
        provider_arns: [`\${${POOL}.arn}`],
        identity_source: "method.request.header.Authorization",
        authorizer_result_ttl_in_seconds: 0,
      });
    });

    test("live methods require the stream scope", () => {
      for (const httpMethod of ["get", "head"]) {
        const method = blockOf(
          media,
          "aws_api_gateway_method",
          `api_method_live_${httpMethod}`,
        );
        expect(method.authorization).toBe("COGNITO_USER_POOLS");
        expect(method.authorizer_id).toBe(AUTHORIZER_ID);
        // With scopes, API Gateway accepts only access tokens that carry one.
        expect(method.authorization_scopes).toEqual(["live-stream/watch"]);
      }
    });

    test("other methods stay open", () => {
      const open = Object.entries(methodsOf(media)).filter(
        ([name]) => !name.startsWith("api_method_live_"),
      );
      expect(open.map(([name]) => name).sort()).toEqual(
        ["player_assets", "player_auth", "player_config", "player_index"]
          .flatMap((route) => [
            `api_method_${route}_get`,
            `api_method_${route}_head`,
          ])
          .sort(),
      );
      for (const [, method] of open) {
        expect(method.authorization).toBe("NONE");
        expect(method.authorizer_id).toBeUndefined();
        expect(method.authorization_scopes).toBeUndefined();
      }
    });

    test.each([
      ["viewer_sign_in_unauthorized_response", "UNAUTHORIZED", "401"],
      ["viewer_sign_in_access_denied_response", "ACCESS_DENIED", "403"],
    ])("%s has a short uncached body", (name, responseType, statusCode) => {
      const response = blockOf(media, "aws_api_gateway_gateway_response", name);
      expect(response).toMatchObject({
        rest_api_id: API_ID,
        response_type: responseType,
        status_code: statusCode,
      });
      expect(
        JSON.parse(response.response_templates["application/json"]),
      ).toEqual({ message: SIGN_IN_DENIED_MESSAGE });
      expect(
        response.response_parameters["gatewayresponse.header.Cache-Control"],
      ).toBe("'no-store'");
      expect(
        response.response_parameters["gatewayresponse.header.WWW-Authenticate"],
      ).toBe(statusCode === "401" ? "'Bearer'" : undefined);
    });

    test("access log names the viewer's sub", () => {
      const format = JSON.parse(
        blockOf(media, "aws_api_gateway_stage", "api_stage").access_log_settings
          .format,
      );
      expect(format.viewer).toBe("$context.authorizer.claims.sub");
      expect(JSON.stringify(format)).not.toMatch(/header|Authorization|email/i);
    });
  });

  describe("deployment trigger", () => {
    let baseline: Json;
    beforeAll(() => {
      baseline = triggerOf(synthMedia(COGNITO));
    });

    test("deployment waits for the gate", () => {
      expect(
        blockOf(media, "aws_api_gateway_deployment", "api_deployment")
          .depends_on,
      ).toEqual(
        expect.arrayContaining([
          "aws_api_gateway_authorizer.viewer_sign_in",
          "aws_api_gateway_gateway_response.viewer_sign_in_unauthorized_response",
          "aws_api_gateway_gateway_response.viewer_sign_in_access_denied_response",
          "aws_api_gateway_method.api_method_player_auth_get",
        ]),
      );
    });

    test("pool ARN is a plan-time value", () => {
      expect(baseline.remoteValues).toBe(
        `\${sha1(jsonencode([data.terraform_remote_state.network_state.outputs.executeApiEndpointId, data.terraform_remote_state.storage_state.outputs.bucketName, ${POOL}.arn]))}`,
      );
    });

    test("same configuration, same trigger", () => {
      expect(triggerOf(synthMedia(COGNITO)).configuration).toBe(
        baseline.configuration,
      );
    });

    test("authorizer change redeploys", () => {
      const changed = synthMedia(COGNITO, (stack) => {
        stack.cognitoSignIn!.authorizer.addOverride(
          "authorizer_result_ttl_in_seconds",
          300,
        );
      });
      expect(triggerOf(changed).configuration).not.toBe(baseline.configuration);
    });

    test("gateway response change redeploys", () => {
      const changed = synthMedia(COGNITO, (stack) => {
        stack.cognitoSignIn!.deniedResponses[0]!.addOverride(
          "status_code",
          "403",
        );
      });
      expect(triggerOf(changed).configuration).not.toBe(baseline.configuration);
    });

    test("signed links have another trigger", () => {
      expect(
        triggerOf(synthMedia({ viewerAccess: "signed-links" })).configuration,
      ).not.toBe(baseline.configuration);
    });
  });

  describe("auth.json", () => {
    test("object next to the player files", () => {
      expect(
        blockOf(media, "aws_s3_object", "player_auth_config"),
      ).toMatchObject({
        bucket: BUCKET_NAME,
        key: "player/auth.json",
        content_type: "application/json; charset=utf-8",
        cache_control: "no-cache",
        override_provider: { default_tags: { tags: {} } },
      });
    });

    test("content follows the contract", () => {
      const content = blockOf(media, "aws_s3_object", "player_auth_config")
        .content as string;
      const config = parseCognitoAuthConfig(
        JSON.parse(resolveDeployTimeValues(content)),
      );
      const origin =
        "https://demo-signin-0123456789ab.auth.us-east-1.amazoncognito.com";
      const pages = [
        "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/watch/",
        "https://a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com/watch/",
      ];
      expect(config).toEqual({
        version: 1,
        issuer:
          "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
        clientId: "4tr1abcdefghijklmnopqrstuv",
        authorizationEndpoint: `${origin}/oauth2/authorize`,
        tokenEndpoint: `${origin}/oauth2/token`,
        revocationEndpoint: `${origin}/oauth2/revoke`,
        logoutEndpoint: `${origin}/logout`,
        scopes: ["openid", "email", "profile", "live-stream/watch"],
        redirectUris: pages,
        logoutUris: pages,
        bearerToken: "access_token",
        codeChallengeMethod: "S256",
      });
    });

    test("redirect URIs are the client's callbacks", () => {
      const content = JSON.parse(
        blockOf(media, "aws_s3_object", "player_auth_config").content,
      );
      const client = blockOf(
        media,
        "aws_cognito_user_pool_client",
        "player_client",
      );
      expect(content.redirectUris).toEqual(client.callback_urls);
      expect(content.logoutUris).toEqual(client.logout_urls);
      expect(content.scopes).toEqual(client.allowed_oauth_scopes);
    });

    test("route serves the object", () => {
      const integration = blockOf(
        media,
        "aws_api_gateway_integration",
        "api_integration_player_auth_get",
      );
      expect(integration.uri).toBe(
        `arn:\${data.aws_partition.current_partition.partition}:apigateway:us-east-1:s3:path/${BUCKET_NAME}/player/auth.json`,
      );
      expect(
        blockOf(media, "aws_api_gateway_resource", "api_resource_auth_json"),
      ).toMatchObject({
        parent_id: "${aws_api_gateway_rest_api.api.root_resource_id}",
        path_part: "auth.json",
      });
      const response = blockOf(
        media,
        "aws_api_gateway_integration_response",
        "api_integration_response_player_auth_get_200",
      );
      expect(
        response.response_parameters["method.response.header.Cache-Control"],
      ).toBe("'no-cache'");
    });

    test("deployer may write it", () => {
      const statements = parsePolicy(
        block(
          stacks.storage.resource,
          "aws_s3_bucket_policy",
          "media_bucket_policy",
        ).policy,
      ).Statement as Statement[];
      const object = "${aws_s3_bucket.media_bucket.arn}/player/auth.json";
      const request = (principalArn: string, action: string) => ({
        principalArn,
        action,
        resource: object,
        secureTransport: true,
      });
      const deployer = "${data.aws_iam_session_context.deployer.issuer_arn}";
      const apiRole =
        "arn:${data.aws_partition.current_partition.partition}:iam::${data.aws_caller_identity.current_account.account_id}:role/demo-apigateway-s3";
      expect(
        denyingStatements(statements, request(deployer, "s3:PutObject")),
      ).toEqual([]);
      expect(
        denyingStatements(statements, request(deployer, "s3:DeleteObject")),
      ).toEqual([]);
      expect(
        denyingStatements(statements, request(apiRole, "s3:GetObject")),
      ).toEqual([]);
      expect(
        denyingStatements(statements, request(apiRole, "s3:PutObject")),
      ).toEqual(["DenyPlayerWritesExceptAdministrators"]);
    });
  });

  describe("outputs", () => {
    test("ids and sign-in address", () => {
      expect(outputOf(media, COGNITO_OUTPUT_NAMES.userPoolId).value).toBe(
        `\${${POOL}.id}`,
      );
      expect(outputOf(media, COGNITO_OUTPUT_NAMES.clientId).value).toBe(
        `\${${CLIENT}.id}`,
      );
      expect(outputOf(media, COGNITO_OUTPUT_NAMES.signInUrl).value).toBe(
        "https://${aws_cognito_user_pool_domain.viewer_sign_in_domain.domain}.auth.us-east-1.amazoncognito.com",
      );
    });

    test("viewer commands", () => {
      const user = `--region us-east-1 --user-pool-id \${${POOL}.id} --username VIEWER_EMAIL`;
      expect(outputOf(media, COGNITO_OUTPUT_NAMES.addViewerCommand).value).toBe(
        `aws cognito-idp admin-create-user ${user} --user-attributes Name=email,Value=VIEWER_EMAIL Name=email_verified,Value=true --desired-delivery-mediums EMAIL`,
      );
      expect(
        outputOf(media, COGNITO_OUTPUT_NAMES.removeViewerCommand).value,
      ).toBe(
        `aws cognito-idp admin-user-global-sign-out ${user} && aws cognito-idp admin-disable-user ${user}`,
      );
    });

    test("none is sensitive", () => {
      for (const name of Object.values(COGNITO_OUTPUT_NAMES))
        expect(outputOf(media, name).sensitive).toBe(false);
    });

    test("how to watch mentions sign-in", () => {
      expect(outputOf(media, "howToWatch").value).toContain(
        "add each viewer with the addViewerCommand command, then open https://",
      );
      expect(outputOf(media, "howToWatch").value).toContain(
        "and sign in on https://${aws_cognito_user_pool_domain.viewer_sign_in_domain.domain}.auth.us-east-1.amazoncognito.com",
      );
    });
  });

  test("MFA off has no software token", () => {
    const pool = blockOf(
      synthMedia({ ...COGNITO, cognito: { mfa: "OFF" } }),
      "aws_cognito_user_pool",
      "viewer_user_pool",
    );
    expect(pool.mfa_configuration).toBe("OFF");
    expect(pool.software_token_mfa_configuration).toBeUndefined();
  });

  test("MFA optional keeps the software token", () => {
    const pool = blockOf(
      synthMedia({ ...COGNITO, cognito: { mfa: "OPTIONAL" } }),
      "aws_cognito_user_pool",
      "viewer_user_pool",
    );
    expect(pool.mfa_configuration).toBe("OPTIONAL");
    expect(pool.software_token_mfa_configuration).toEqual({ enabled: true });
  });

  test("other stacks are unchanged", () => {
    const plain = synthAll();
    expect(stacks.network).toEqual(plain.network);
    const storageTypes = (stack: TerraformJson) =>
      Object.keys(stack.resource ?? {}).sort();
    expect(storageTypes(stacks.storage)).toEqual(storageTypes(plain.storage));
  });
});

describe("README Cognito example", () => {
  test("synthesizes with its prefix", () => {
    const readme = readFileSync(
      join(__dirname, "..", "..", "README.md"),
      "utf8",
    );
    const start = readme.indexOf("### Cognito sign-in");
    expect(start).toBeGreaterThan(0);
    const example = /```json\n([\s\S]*?)\n```/.exec(readme.slice(start));
    const media = synthMedia(
      JSON.parse(example![1]!) as Record<string, unknown>,
    );
    expect(
      blockOf(media, "aws_cognito_user_pool", "viewer_user_pool").name,
    ).toBe("events-viewers");
    expect(
      blockOf(media, "aws_cognito_user_pool_domain", "viewer_sign_in_domain")
        .domain,
    ).toBe("events-signin");
  });
});

describe.each([
  ["network", {}],
  ["signed links", { viewerAccess: "signed-links" }],
])("no Cognito with %s", (_mode, overrides) => {
  let media: TerraformJson;
  beforeAll(() => {
    media = synthMedia(overrides);
  });

  test("no Cognito resources", () => {
    expect(
      Object.keys(media.resource ?? {}).filter((type) =>
        COGNITO_TYPES.includes(type),
      ),
    ).toEqual([]);
    expect(media.resource?.aws_s3_object).toBeUndefined();
  });

  test("no auth.json route", () => {
    expect(
      Object.keys(methodsOf(media)).filter((name) =>
        name.includes("player_auth"),
      ),
    ).toEqual([]);
    expect(
      Object.keys(media.resource?.aws_api_gateway_resource ?? {}),
    ).not.toContain("api_resource_auth_json");
  });

  test("no Cognito outputs", () => {
    for (const name of Object.values(COGNITO_OUTPUT_NAMES))
      expect(media.output?.[name]).toBeUndefined();
  });

  test("no user pool authorizer", () => {
    const authorizers = Object.values(
      media.resource?.aws_api_gateway_authorizer ?? {},
    ) as Json[];
    expect(
      authorizers.filter(
        (authorizer) => authorizer.type === "COGNITO_USER_POOLS",
      ),
    ).toEqual([]);
    for (const method of Object.values(methodsOf(media)))
      expect(method.authorization_scopes).toBeUndefined();
  });
});
