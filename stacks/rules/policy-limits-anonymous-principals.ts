import {
  collectPolicies,
  conditionsOn,
  includesAnyone,
  readableStatements,
  statementLabel,
} from "./policy-documents";
import type { Finding, SecurityRule } from "./rule";

/** Condition keys that tie an "everyone" grant to this network, account or organization. */
const LIMITING_KEYS = [
  "aws:SourceVpce",
  "aws:SourceVpc",
  "aws:PrincipalAccount",
  "aws:PrincipalOrgID",
  "aws:PrincipalArn",
  "aws:SourceAccount",
  "aws:SourceArn",
  "aws:SourceOrgID",
];

export const policyLimitsAnonymousPrincipals: SecurityRule = {
  id: "PS-IAM-004",
  name: "policy-limits-anonymous-principals",
  what: 'A policy allows every principal ("*") without a condition that limits it to this VPC, account or organization.',
  why: "Such a grant lets anyone on the internet, or in any AWS account, use the resource.",
  check(stacks) {
    return readableStatements(collectPolicies(stacks)).flatMap(
      ({ document, statement, index }): Finding[] => {
        // An endpoint policy only filters requests that already come through
        // the endpoint from inside the VPC, so "*" there is not anonymous.
        if (
          document.kind === "identity" ||
          document.kind === "endpoint" ||
          statement.effect !== "Allow"
        )
          return [];
        const where = `${document.attribute} ${statementLabel(
          statement,
          index,
        )}`;
        if (statement.notPrincipals.length > 0) {
          return [
            {
              stack: document.stack,
              resource: document.address,
              detail: `${where} allows with NotPrincipal`,
            },
          ];
        }
        if (!includesAnyone(statement.principals)) return [];
        // A negated or IfExists operator matches requests that lack the key, so it limits nothing.
        const limited = conditionsOn(statement, LIMITING_KEYS).some(
          (entry) =>
            !entry.operator.includes("Not") &&
            !entry.operator.endsWith("IfExists") &&
            entry.values.length > 0 &&
            !entry.values.includes("*"),
        );
        return limited
          ? []
          : [
              {
                stack: document.stack,
                resource: document.address,
                detail: `${where} allows every principal with no positive condition on ${LIMITING_KEYS.join(
                  ", ",
                )}`,
              },
            ];
      },
    );
  },
};
