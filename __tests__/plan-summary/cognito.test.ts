import {
  classifyChange,
  planChange,
} from "../../scripts/lib/plan-summary/classify";
import type { SynthesizedStacks } from "../../stacks/synthesize";
import { synthAll } from "../support/synth";
import { resourceChange } from "./helpers";

function impactsOf(change: ReturnType<typeof resourceChange>): string[] {
  return classifyChange(planChange(change)).map(
    (impact) => `${impact.category} ${impact.ruleId}`,
  );
}

const POOL = "aws_cognito_user_pool";
const CLIENT = "aws_cognito_user_pool_client";

describe("Cognito changes", () => {
  test("pool replacement is redistribution", () => {
    const change = resourceChange(
      POOL,
      "viewer_user_pool",
      ["delete", "create"],
      { username_attributes: [] },
      { username_attributes: ["email"] },
      {
        replace_paths: [["username_attributes"]],
      },
    );
    expect(impactsOf(change)).toEqual([
      "redistribution cognito-user-pool-replaced",
    ]);
    expect(classifyChange(planChange(change))[0]?.reason).toBe(
      "The viewers' user pool is deleted and created again, empty: every viewer account is lost, so create each viewer again (output addViewerCommand).",
    );
  });

  test("pool destroy is redistribution", () => {
    const change = resourceChange(
      POOL,
      "viewer_user_pool",
      ["delete"],
      { name: "demo-viewers" },
      null,
    );
    const [impact] = classifyChange(planChange(change));
    expect(impact?.ruleId).toBe("cognito-user-pool-replaced");
    expect(impact?.reason).toBe(
      "The viewers' user pool is deleted with every viewer account in it.",
    );
  });

  test.each([
    ["MFA", { mfa_configuration: "ON" }, { mfa_configuration: "OPTIONAL" }],
    [
      "self sign-up",
      { admin_create_user_config: [{ allow_admin_create_user_only: true }] },
      { admin_create_user_config: [{ allow_admin_create_user_only: false }] },
    ],
    [
      "password length",
      { password_policy: [{ minimum_length: 14 }] },
      { password_policy: [{ minimum_length: 8 }] },
    ],
  ])("pool %s update is exposure", (_title, before, after) => {
    const change = resourceChange(
      POOL,
      "viewer_user_pool",
      ["update"],
      before,
      after,
    );
    expect(impactsOf(change)).toEqual(["exposure cognito-user-pool-settings"]);
  });

  test("new pool is exposure", () => {
    const change = resourceChange(POOL, "viewer_user_pool", ["create"], null, {
      name: "demo-viewers",
    });
    expect(impactsOf(change)).toEqual(["exposure cognito-user-pool-settings"]);
  });

  test("pool tags are no exposure", () => {
    const change = resourceChange(
      POOL,
      "viewer_user_pool",
      ["update"],
      { tags: {} },
      { tags: { team: "a" } },
    );
    expect(impactsOf(change)).toEqual([]);
  });

  test("client callback change is exposure", () => {
    const change = resourceChange(
      CLIENT,
      "player_client",
      ["update"],
      { callback_urls: ["https://a/watch/"] },
      { callback_urls: ["https://b/watch/"] },
    );
    const impacts = classifyChange(planChange(change));
    expect(impacts.map((impact) => impact.ruleId)).toEqual([
      "cognito-app-client",
    ]);
    expect(impacts[0]?.reason).toBe(
      "Changes the player's sign-in client: its OAuth flows, scopes, redirect URLs or token lifetimes.",
    );
  });

  test("client replacement signs viewers out", () => {
    const change = resourceChange(
      CLIENT,
      "player_client",
      ["delete", "create"],
      { generate_secret: false },
      { generate_secret: true },
      {
        replace_paths: [["generate_secret"]],
      },
    );
    const [impact] = classifyChange(planChange(change));
    expect(impact?.category).toBe("exposure");
    expect(impact?.reason).toBe(
      "The player's sign-in client or its stream scope is replaced: every signed-in viewer must sign in again.",
    );
  });

  test("resource server change is exposure", () => {
    const change = resourceChange(
      "aws_cognito_resource_server",
      "viewer_stream_scope",
      ["update"],
      { scope: [] },
      { scope: [{ scope_name: "watch" }] },
    );
    expect(impactsOf(change)).toEqual(["exposure cognito-app-client"]);
  });

  test("domain change is exposure", () => {
    const change = resourceChange(
      "aws_cognito_user_pool_domain",
      "viewer_sign_in_domain",
      ["delete", "create"],
      { domain: "a" },
      { domain: "b" },
      {
        replace_paths: [["domain"]],
      },
    );
    expect(impactsOf(change)).toEqual(["exposure cognito-sign-in-domain"]);
  });

  test("Cognito authorizer change is exposure", () => {
    const change = resourceChange(
      "aws_api_gateway_authorizer",
      "viewer_sign_in",
      ["update"],
      {
        provider_arns: [
          "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_A",
        ],
      },
      {
        provider_arns: [
          "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_B",
        ],
      },
    );
    expect(impactsOf(change)).toEqual(["exposure api-authorizer"]);
  });

  test("method scope change is exposure", () => {
    const change = resourceChange(
      "aws_api_gateway_method",
      "api_method_live_get",
      ["update"],
      { authorization_scopes: ["live-stream/watch"] },
      {
        authorization_scopes: [],
      },
    );
    expect(impactsOf(change)).toEqual(["exposure api-method-authorization"]);
  });
});

describe("Cognito rules against synthesized names", () => {
  let stacks: SynthesizedStacks;
  beforeAll(() => {
    stacks = synthAll({ viewerAccess: "cognito" });
  });

  test.each([
    "aws_cognito_user_pool",
    "aws_cognito_user_pool_client",
    "aws_cognito_resource_server",
    "aws_cognito_user_pool_domain",
    "aws_cognito_managed_login_branding",
    "aws_api_gateway_authorizer",
  ])("every %s replacement is classified", (type) => {
    const names = Object.keys(stacks.media.resource?.[type] ?? {});
    expect(names.length).toBeGreaterThan(0);
    const unclassified = names.filter((name) => {
      const change = resourceChange(
        type,
        name,
        ["delete", "create"],
        { value: 1 },
        { value: 2 },
        { replace_paths: [["value"]] },
      );
      return classifyChange(planChange(change)).length === 0;
    });
    expect(unclassified).toEqual([]);
  });
});
