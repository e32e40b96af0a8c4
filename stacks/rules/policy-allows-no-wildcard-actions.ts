import {
  collectPolicies,
  readableStatements,
  statementLabel,
} from "./policy-documents";
import type { Finding, SecurityRule } from "./rule";

export const policyAllowsNoWildcardActions: SecurityRule = {
  id: "PS-IAM-001",
  name: "policy-allows-no-wildcard-actions",
  what: "A policy statement allows a wildcard action or uses NotAction.",
  why: "A wildcard grants every action the service adds later, including ones nobody reviewed.",
  check(stacks) {
    return readableStatements(collectPolicies(stacks)).flatMap(
      ({ document, statement, index }): Finding[] => {
        if (statement.effect !== "Allow") return [];
        const where = `${document.attribute} ${statementLabel(
          statement,
          index,
        )}`;
        const findings: Finding[] = [];
        const wildcards = statement.actions.filter((action) =>
          action.includes("*"),
        );
        if (wildcards.length > 0) {
          findings.push({
            stack: document.stack,
            resource: document.address,
            detail: `${where} allows ${wildcards
              .map((action) => `"${action}"`)
              .join(", ")}`,
          });
        }
        if (statement.notActions.length > 0) {
          findings.push({
            stack: document.stack,
            resource: document.address,
            detail: `${where} allows every action except ${statement.notActions.join(
              ", ",
            )} (NotAction)`,
          });
        }
        return findings;
      },
    );
  },
};
