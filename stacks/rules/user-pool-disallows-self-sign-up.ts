import type { SecurityRule } from "./rule";
import {
  booleanValue,
  resourcesOfType,
  show,
  singleBlock,
} from "./terraform-json";

export const userPoolDisallowsSelfSignUp: SecurityRule = {
  id: "PS-COG-001",
  name: "user-pool-disallows-self-sign-up",
  what: "A Cognito user pool lets people create their own accounts (admin_create_user_config.allow_admin_create_user_only is not true).",
  why: "Anyone who finds the public sign-in page could then sign up and watch; only administrators may add viewers.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_cognito_user_pool").flatMap((pool) => {
      const value = singleBlock(
        pool.body.admin_create_user_config,
      )?.allow_admin_create_user_only;
      if (booleanValue(value) === true) return [];
      return [
        {
          stack: pool.stack,
          resource: pool.address,
          detail: `admin_create_user_config.allow_admin_create_user_only is ${show(value)}, not true`,
        },
      ];
    });
  },
};
