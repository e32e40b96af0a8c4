import { userPoolClientUsesCodeFlow } from "../../stacks/rules/user-pool-client-uses-code-flow";
import { userPoolDisallowsSelfSignUp } from "../../stacks/rules/user-pool-disallows-self-sign-up";
import { userPoolEnforcesStrongPasswords } from "../../stacks/rules/user-pool-enforces-strong-passwords";
import type { SynthesizedStacks } from "../../stacks/synthesize";
import { findingsOf, stackJson, stacksOf } from "./fixture";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const POOL = "media/aws_cognito_user_pool.viewer_user_pool";
const CLIENT = "media/aws_cognito_user_pool_client.player_client";

/** Builds the user pool and app client as the media stack writes them with Cognito sign-in. */
function compliantCognito(): Resources {
  return {
    aws_cognito_user_pool: {
      viewer_user_pool: {
        name: "demo-viewers",
        admin_create_user_config: { allow_admin_create_user_only: true },
        password_policy: {
          minimum_length: 14,
          require_lowercase: true,
          require_uppercase: true,
          require_numbers: true,
          require_symbols: true,
          temporary_password_validity_days: 7,
        },
      },
    },
    aws_cognito_user_pool_client: {
      player_client: { allowed_oauth_flows: ["code"], generate_secret: false },
    },
  };
}

function cognito(
  change: (resources: Resources) => void = () => undefined,
): SynthesizedStacks {
  const resources = compliantCognito();
  change(resources);
  return stacksOf({ media: stackJson(resources) });
}

const pool = (resources: Resources) =>
  resources.aws_cognito_user_pool!.viewer_user_pool!;
const passwordPolicy = (resources: Resources) =>
  pool(resources).password_policy as Record<string, unknown>;

describe("user-pool-disallows-self-sign-up", () => {
  test("admin-only pool passes", () => {
    expect(findingsOf(userPoolDisallowsSelfSignUp, cognito())).toEqual([]);
  });

  test("no pools pass", () => {
    expect(findingsOf(userPoolDisallowsSelfSignUp, stacksOf({}))).toEqual([]);
  });

  test("string true passes", () => {
    const stacks = cognito((resources) => {
      pool(resources).admin_create_user_config = [
        { allow_admin_create_user_only: "true" },
      ];
    });
    expect(findingsOf(userPoolDisallowsSelfSignUp, stacks)).toEqual([]);
  });

  test.each<[string, unknown, string]>([
    ["self sign-up allowed", { allow_admin_create_user_only: false }, "false"],
    ["empty block", {}, "nothing"],
    ["missing block", undefined, "nothing"],
  ])("%s is a finding", (_title, block, shown) => {
    const stacks = cognito((resources) => {
      if (block === undefined) delete pool(resources).admin_create_user_config;
      else pool(resources).admin_create_user_config = block;
    });
    expect(findingsOf(userPoolDisallowsSelfSignUp, stacks)).toEqual([
      `${POOL}: admin_create_user_config.allow_admin_create_user_only is ${shown}, not true`,
    ]);
  });
});

describe("user-pool-enforces-strong-passwords", () => {
  test("strong policy passes", () => {
    expect(findingsOf(userPoolEnforcesStrongPasswords, cognito())).toEqual([]);
  });

  test("12 characters pass", () => {
    const stacks = cognito((resources) => {
      passwordPolicy(resources).minimum_length = "12";
    });
    expect(findingsOf(userPoolEnforcesStrongPasswords, stacks)).toEqual([]);
  });

  test.each<[string, Record<string, unknown>, string]>([
    [
      "11 characters",
      { minimum_length: 11 },
      "password_policy.minimum_length is 11, below 12",
    ],
    [
      "no lowercase",
      { require_lowercase: false },
      "password_policy.require_lowercase is false, not true",
    ],
    [
      "no uppercase",
      { require_uppercase: undefined },
      "password_policy.require_uppercase is nothing, not true",
    ],
    [
      "no numbers",
      { require_numbers: false },
      "password_policy.require_numbers is false, not true",
    ],
    [
      "no symbols",
      { require_symbols: false },
      "password_policy.require_symbols is false, not true",
    ],
    [
      "invitation valid 8 days",
      { temporary_password_validity_days: 8 },
      "password_policy.temporary_password_validity_days is 8, not 1-7",
    ],
    [
      "invitation validity unset",
      { temporary_password_validity_days: undefined },
      "password_policy.temporary_password_validity_days is nothing, not 1-7",
    ],
  ])("%s is a finding", (_title, changes, detail) => {
    const stacks = cognito((resources) => {
      Object.assign(passwordPolicy(resources), changes);
    });
    expect(findingsOf(userPoolEnforcesStrongPasswords, stacks)).toEqual([
      `${POOL}: ${detail}`,
    ]);
  });

  test("missing policy is a finding", () => {
    const stacks = cognito((resources) => {
      delete pool(resources).password_policy;
    });
    expect(findingsOf(userPoolEnforcesStrongPasswords, stacks)).toEqual([
      `${POOL}: has no password_policy, so Cognito's default policy applies`,
    ]);
  });

  test("each weakness is listed", () => {
    const stacks = cognito((resources) => {
      Object.assign(passwordPolicy(resources), {
        minimum_length: 8,
        require_symbols: false,
      });
    });
    expect(findingsOf(userPoolEnforcesStrongPasswords, stacks)).toHaveLength(2);
  });
});

describe("user-pool-client-uses-code-flow", () => {
  test("code flow passes", () => {
    expect(findingsOf(userPoolClientUsesCodeFlow, cognito())).toEqual([]);
  });

  test("client without OAuth passes", () => {
    const stacks = cognito((resources) => {
      delete resources.aws_cognito_user_pool_client!.player_client!
        .allowed_oauth_flows;
    });
    expect(findingsOf(userPoolClientUsesCodeFlow, stacks)).toEqual([]);
  });

  test.each<[string, string[], string]>([
    ["implicit grant", ["code", "implicit"], "implicit"],
    ["client credentials", ["client_credentials"], "client_credentials"],
  ])("%s is a finding", (_title, flows, named) => {
    const stacks = cognito((resources) => {
      resources.aws_cognito_user_pool_client!.player_client!.allowed_oauth_flows =
        flows;
    });
    expect(findingsOf(userPoolClientUsesCodeFlow, stacks)).toEqual([
      `${CLIENT}: allowed_oauth_flows is ${JSON.stringify(flows)}, which allows ${named}`,
    ]);
  });
});
