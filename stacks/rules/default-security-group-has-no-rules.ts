import { pointsTo } from "./references";
import type { Finding, SecurityRule } from "./rule";
import { blockList, resourcesOfType, type Block } from "./terraform-json";

const RULE_TYPES = [
  "aws_security_group_rule",
  "aws_vpc_security_group_ingress_rule",
  "aws_vpc_security_group_egress_rule",
];

export const defaultSecurityGroupHasNoRules: SecurityRule = {
  id: "PS-VPC-002",
  name: "default-security-group-has-no-rules",
  what: "A VPC's default security group is not managed, or it keeps ingress or egress rules.",
  why: "Anything launched without an explicit group lands in the default group, and its rules must not open a path.",
  check(stacks) {
    const defaults = resourcesOfType(stacks, "aws_default_security_group");
    const findings: Finding[] = [];
    for (const vpc of resourcesOfType(stacks, "aws_vpc")) {
      const managed = defaults.filter((group) =>
        pointsTo(stacks, group.stack, group.body.vpc_id, vpc, "id"),
      );
      if (managed.length === 0) {
        findings.push({
          stack: vpc.stack,
          resource: vpc.address,
          detail: "has no aws_default_security_group that removes its rules",
        });
      }
    }
    for (const group of defaults) {
      for (const direction of ["ingress", "egress"]) {
        const rules = blockList(group.body[direction]);
        if (rules.length > 0) {
          findings.push({
            stack: group.stack,
            resource: group.address,
            detail: `has ${rules.length} ${direction} rule(s)`,
          });
        }
      }
    }
    const targetsDefault = (rule: Block) =>
      defaults.some((group) =>
        pointsTo(stacks, rule.stack, rule.body.security_group_id, group, "id"),
      ) ||
      resourcesOfType(stacks, "aws_vpc").some((vpc) =>
        pointsTo(
          stacks,
          rule.stack,
          rule.body.security_group_id,
          vpc,
          "default_security_group_id",
        ),
      );
    for (const rule of resourcesOfType(stacks, ...RULE_TYPES).filter(
      targetsDefault,
    )) {
      findings.push({
        stack: rule.stack,
        resource: rule.address,
        detail: "adds a rule to the default security group",
      });
    }
    return findings;
  },
};
