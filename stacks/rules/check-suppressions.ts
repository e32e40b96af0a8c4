import type { ConfigProblem } from "../config/errors";
import { ruleMessage, type Config } from "../config/schema";
import { RULE_IDS } from "./all-rules";

/**
 * Checks securityRules.suppressions against the rule pack: every rule id
 * must exist, and no rule and resource may be suppressed twice. Whether a
 * suppression matches a finding is known only after synthesis, so the
 * security rules check reports that.
 */
export function checkSuppressions(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  config.securityRules.suppressions.forEach((suppression, index) => {
    if (!RULE_IDS.includes(suppression.rule)) {
      problems.push({
        path: `securityRules.suppressions[${index}].rule`,
        value: suppression.rule,
        message: ruleMessage(
          "is not the id of a security rule",
          `use one of ${RULE_IDS.join(", ")}`,
        ),
      });
    }
    const key = `${suppression.rule} ${suppression.resource}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, index);
    } else {
      problems.push({
        path: `securityRules.suppressions[${index}]`,
        value: { rule: suppression.rule, resource: suppression.resource },
        message: ruleMessage(
          `suppresses the same rule and resource as securityRules.suppressions[${first}]`,
          "keep one entry and merge the reasons",
        ),
      });
    }
  });
  return problems;
}
