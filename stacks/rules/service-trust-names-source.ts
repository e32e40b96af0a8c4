import {
  collectPolicies,
  conditionsOn,
  readableStatements,
  statementLabel,
} from "./policy-documents";
import type { SecurityRule } from "./rule";

const SOURCE_KEYS = ["aws:SourceAccount", "aws:SourceArn"];

export const serviceTrustNamesSource: SecurityRule = {
  id: "PS-IAM-003",
  name: "service-trust-names-source",
  what: "A role trusts an AWS service without an aws:SourceAccount or aws:SourceArn condition.",
  why: "Without it, the service can assume the role on behalf of another account (the confused deputy problem).",
  check(stacks) {
    return readableStatements(collectPolicies(stacks)).flatMap(
      ({ document, statement, index }) => {
        if (document.kind !== "trust" || statement.effect !== "Allow")
          return [];
        const services = statement.principals
          .filter((principal) => principal.type === "Service")
          .flatMap((principal) => principal.identifiers);
        if (services.length === 0) return [];
        const limited = conditionsOn(statement, SOURCE_KEYS).some(
          (entry) =>
            !entry.operator.endsWith("IfExists") &&
            !entry.operator.includes("Not") &&
            entry.values.length > 0,
        );
        return limited
          ? []
          : [
              {
                stack: document.stack,
                resource: document.address,
                detail: `${document.attribute} ${statementLabel(
                  statement,
                  index,
                )} trusts ${services.join(", ")} with no ${SOURCE_KEYS.join(
                  " or ",
                )} condition`,
              },
            ];
      },
    );
  },
};
