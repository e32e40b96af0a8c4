import type { Finding, SecurityRule } from "./rule";
import {
  blockList,
  resourcesOfType,
  stringList,
  type Block,
} from "./terraform-json";

/** Tells whether a CIDR covers every address: `0.0.0.0/0`, `::/0` or any other `/0`. */
export function isAnyAddress(cidr: string): boolean {
  return /\/0+$/.test(cidr.trim());
}

function openSources(block: Block, values: Record<string, unknown>): Finding[] {
  return Object.entries(values).flatMap(([attribute, value]) =>
    stringList(value)
      .filter(isAnyAddress)
      .map((cidr) => ({
        stack: block.stack,
        resource: block.address,
        detail: `${attribute} allows ingress from ${cidr}`,
      })),
  );
}

export const securityGroupAllowsNoPublicIngress: SecurityRule = {
  id: "PS-VPC-001",
  name: "security-group-allows-no-public-ingress",
  what: "A security group or MediaLive input security group accepts traffic from 0.0.0.0/0 or ::/0.",
  why: "Every address on the internet could reach the endpoint, which defeats a VPN-only design.",
  check(stacks) {
    const findings: Finding[] = [];
    for (const group of resourcesOfType(
      stacks,
      "aws_security_group",
      "aws_default_security_group",
    )) {
      blockList(group.body.ingress).forEach((rule, index) => {
        findings.push(
          ...openSources(group, {
            [`ingress[${index}].cidr_blocks`]: rule.cidr_blocks,
            [`ingress[${index}].ipv6_cidr_blocks`]: rule.ipv6_cidr_blocks,
          }),
        );
      });
    }
    for (const rule of resourcesOfType(stacks, "aws_security_group_rule")) {
      if (rule.body.type !== "ingress") continue;
      findings.push(
        ...openSources(rule, {
          cidr_blocks: rule.body.cidr_blocks,
          ipv6_cidr_blocks: rule.body.ipv6_cidr_blocks,
        }),
      );
    }
    for (const rule of resourcesOfType(
      stacks,
      "aws_vpc_security_group_ingress_rule",
    )) {
      findings.push(
        ...openSources(rule, {
          cidr_ipv4: rule.body.cidr_ipv4,
          cidr_ipv6: rule.body.cidr_ipv6,
        }),
      );
    }
    for (const group of resourcesOfType(
      stacks,
      "aws_medialive_input_security_group",
    )) {
      blockList(group.body.whitelist_rules).forEach((rule, index) => {
        findings.push(
          ...openSources(group, {
            [`whitelist_rules[${index}].cidr`]: rule.cidr,
          }),
        );
      });
    }
    return findings;
  },
};
