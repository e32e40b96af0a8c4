import {
  collectPolicies,
  readableStatements,
  statementLabel,
} from "./policy-documents";
import type { SecurityRule } from "./rule";
import { allowsWildcardResource } from "./wildcard-resource-actions";

/** `*`, or an ARN whose resource part is only `*`, such as `arn:aws:s3:::*`. */
function isWildcardResource(resource: string): boolean {
  return resource === "*" || /^arn:[^:]*:[^:]*:[^:]*:[^:]*:\*$/.test(resource);
}

export const policyLimitsWildcardResources: SecurityRule = {
  id: "PS-IAM-002",
  name: "policy-limits-wildcard-resources",
  what: "A policy statement allows an action on every resource although AWS supports naming the resource.",
  why: "Access to every bucket, log group or interface in the account turns one leaked role into an account-wide breach.",
  check(stacks) {
    return readableStatements(collectPolicies(stacks)).flatMap(
      ({ document, statement, index }) => {
        if (document.kind === "trust" || statement.effect !== "Allow")
          return [];
        const wildcards = statement.resources.filter(isWildcardResource);
        const unbounded =
          wildcards.length > 0 || statement.notResources.length > 0;
        if (!unbounded) return [];
        const notAllowed = statement.actions.filter(
          (action) => !allowsWildcardResource(action),
        );
        if (statement.notActions.length > 0) notAllowed.push("NotAction");
        if (notAllowed.length === 0) return [];
        const scope =
          wildcards.length > 0
            ? wildcards.map((resource) => `"${resource}"`).join(", ")
            : "NotResource";
        return [
          {
            stack: document.stack,
            resource: document.address,
            detail: `${document.attribute} ${statementLabel(
              statement,
              index,
            )} allows ${notAllowed.join(
              ", ",
            )} on ${scope}; name the resources, or list the action in WILDCARD_RESOURCE_ACTIONS if AWS offers no resource-level permission for it`,
          },
        ];
      },
    );
  },
};
