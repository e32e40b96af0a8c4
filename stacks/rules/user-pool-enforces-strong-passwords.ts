import type { SecurityRule } from "./rule";
import {
  booleanValue,
  numberValue,
  resourcesOfType,
  show,
  singleBlock,
  type JsonObject,
} from "./terraform-json";

/** Shortest password length accepted, in characters. */
export const MINIMUM_PASSWORD_LENGTH = 12;

/** Longest validity accepted for the temporary password of an invitation, in days. */
export const MAXIMUM_TEMPORARY_PASSWORD_DAYS = 7;

/** Character classes a password must contain, as the password policy names them. */
const REQUIRED_CLASSES = [
  "require_lowercase",
  "require_uppercase",
  "require_numbers",
  "require_symbols",
] as const;

/** Lists what the password policy lacks, one item per attribute. */
function policyProblems(policy: JsonObject): string[] {
  const problems: string[] = [];
  const length = numberValue(policy.minimum_length);
  if (length === undefined || length < MINIMUM_PASSWORD_LENGTH) {
    problems.push(
      `password_policy.minimum_length is ${show(policy.minimum_length)}, below ${MINIMUM_PASSWORD_LENGTH}`,
    );
  }
  for (const name of REQUIRED_CLASSES) {
    if (booleanValue(policy[name]) !== true)
      problems.push(
        `password_policy.${name} is ${show(policy[name])}, not true`,
      );
  }
  const days = numberValue(policy.temporary_password_validity_days);
  if (
    days === undefined ||
    days < 1 ||
    days > MAXIMUM_TEMPORARY_PASSWORD_DAYS
  ) {
    problems.push(
      `password_policy.temporary_password_validity_days is ${show(policy.temporary_password_validity_days)}, not 1-${MAXIMUM_TEMPORARY_PASSWORD_DAYS}`,
    );
  }
  return problems;
}

export const userPoolEnforcesStrongPasswords: SecurityRule = {
  id: "PS-COG-002",
  name: "user-pool-enforces-strong-passwords",
  what: "A Cognito user pool accepts passwords under 12 characters or without every character class, or invitations valid over 7 days.",
  why: "The sign-in page is on the internet, where weak passwords fall to guessing and a forwarded invitation stays usable.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_cognito_user_pool").flatMap((pool) => {
      const policy = singleBlock(pool.body.password_policy);
      const problems = policy
        ? policyProblems(policy)
        : ["has no password_policy, so Cognito's default policy applies"];
      return problems.map((detail) => ({
        stack: pool.stack,
        resource: pool.address,
        detail,
      }));
    });
  },
};
