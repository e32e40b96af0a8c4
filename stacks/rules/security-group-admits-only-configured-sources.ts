import { cidrSize, parseCidr, type Ipv4Cidr } from "../config/cidr";
import type { Config } from "../config/schema";
import { admittedSourceCidrs } from "../config/sources";
import type { SynthesizedStacks } from "../synthesize";
import { resolveRemote } from "./references";
import type { Finding, SecurityRule } from "./rule";
import { isAnyAddress } from "./security-group-allows-no-public-ingress";
import {
  blockList,
  resourcesOfType,
  stringList,
  type Block,
} from "./terraform-json";

/** Tells whether every address of `inner` lies in `outer`. */
function contains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return (
    inner.prefixLength >= outer.prefixLength &&
    inner.base >= outer.base &&
    inner.base < outer.base + cidrSize(outer)
  );
}

/** Returns the strings of an attribute, following remote-state outputs for the list and for each item. */
function sourceTexts(
  stacks: SynthesizedStacks,
  block: Block,
  value: unknown,
): string[] {
  return stringList(resolveRemote(stacks, block.stack, value).value).flatMap(
    (item) => stringList(resolveRemote(stacks, block.stack, item).value),
  );
}

/**
 * Checks every source block of one resource's ingress attributes. Blocks
 * that cover every address are left to PS-VPC-001, so one open rule
 * gives one finding. Sources given as a prefix list or a security group
 * are not address blocks and are not checked here.
 */
function unadmittedSources(
  stacks: SynthesizedStacks,
  block: Block,
  attributes: Record<string, unknown>,
  admitted: readonly Ipv4Cidr[],
  admittedText: string,
): Finding[] {
  const finding = (detail: string): Finding => ({
    stack: block.stack,
    resource: block.address,
    detail,
  });
  return Object.entries(attributes).flatMap(([attribute, value]) =>
    sourceTexts(stacks, block, value)
      .filter((text) => !isAnyAddress(text))
      .flatMap((text): Finding[] => {
        if (text.includes(":")) {
          return [
            finding(
              `${attribute} admits ${text}, but the configuration admits no IPv6 network`,
            ),
          ];
        }
        const source = parseCidr(text);
        if (!source) {
          return [
            finding(
              `${attribute} admits ${JSON.stringify(text)}, which is not a literal IPv4 CIDR that can be compared with the admitted blocks`,
            ),
          ];
        }
        if (admitted.some((allowed) => contains(allowed, source))) return [];
        return [
          finding(
            `${attribute} admits ${text}, outside the admitted blocks ${admittedText}`,
          ),
        ];
      }),
  );
}

/** Returns, per resource, the attributes that name ingress sources, as PS-VPC-001 reads them. */
function ingressSources(
  stacks: SynthesizedStacks,
): Array<[Block, Record<string, unknown>]> {
  const sources: Array<[Block, Record<string, unknown>]> = [];
  for (const group of resourcesOfType(
    stacks,
    "aws_security_group",
    "aws_default_security_group",
  )) {
    const attributes: Record<string, unknown> = {};
    blockList(group.body.ingress).forEach((rule, index) => {
      attributes[`ingress[${index}].cidr_blocks`] = rule.cidr_blocks;
      attributes[`ingress[${index}].ipv6_cidr_blocks`] = rule.ipv6_cidr_blocks;
    });
    sources.push([group, attributes]);
  }
  for (const rule of resourcesOfType(stacks, "aws_security_group_rule")) {
    if (rule.body.type !== "ingress") continue;
    sources.push([
      rule,
      {
        cidr_blocks: rule.body.cidr_blocks,
        ipv6_cidr_blocks: rule.body.ipv6_cidr_blocks,
      },
    ]);
  }
  for (const rule of resourcesOfType(
    stacks,
    "aws_vpc_security_group_ingress_rule",
  )) {
    sources.push([
      rule,
      { cidr_ipv4: rule.body.cidr_ipv4, cidr_ipv6: rule.body.cidr_ipv6 },
    ]);
  }
  for (const group of resourcesOfType(
    stacks,
    "aws_medialive_input_security_group",
  )) {
    const attributes: Record<string, unknown> = {};
    blockList(group.body.whitelist_rules).forEach((rule, index) => {
      attributes[`whitelist_rules[${index}].cidr`] = rule.cidr;
    });
    sources.push([group, attributes]);
  }
  return sources;
}

export const securityGroupAdmitsOnlyConfiguredSources: SecurityRule = {
  id: "PS-VPC-006",
  name: "security-group-admits-only-configured-sources",
  what: "A security group accepts traffic from a block outside the VPC, the VPN clients and network.corporateCidrs.",
  why: "Only those networks may reach the private API and the RTMP input; any other block widens access past the configuration.",
  check(stacks, config: Config) {
    const blocks = admittedSourceCidrs(config).map((source) => source.cidr);
    // The schema has already rejected every text that is not a CIDR.
    const admitted = blocks.map((text) => parseCidr(text)!);
    const admittedText = blocks.join(", ");
    return ingressSources(stacks).flatMap(([block, attributes]) =>
      unadmittedSources(stacks, block, attributes, admitted, admittedText),
    );
  },
};
