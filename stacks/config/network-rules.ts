import { cidrsOverlap, parseCidr, type Ipv4Cidr } from "./cidr";
import type { ConfigProblem } from "./errors";
import { ruleMessage, type Config } from "./schema";
import {
  planSubnets,
  SMALLEST_CLIENT_VPN_SUBNET_PREFIX,
  SMALLEST_SUBNET_PREFIX,
} from "./subnet-plan";

/** Candidate client blocks, in order of preference, for the overlap message's suggestion. */
const CLIENT_CIDR_SUGGESTIONS = [
  "10.100.0.0/22",
  "10.200.0.0/22",
  "172.30.0.0/22",
  "192.168.252.0/22",
];

/** Returns a client block that overlaps none of the given blocks, for a message's fix. */
function suggestClientCidr(taken: readonly Ipv4Cidr[]): string {
  const free = CLIENT_CIDR_SUGGESTIONS.find((text) =>
    taken.every((block) => !cidrsOverlap(block, parseCidr(text)!)),
  );
  return free ?? CLIENT_CIDR_SUGGESTIONS[0];
}

/**
 * Checks the rules between network fields that AWS enforces only at apply
 * time. Rules on a single field live in the schema.
 */
export function checkNetwork(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { network, vpn } = config;

  // The schema has already rejected text that is not a CIDR.
  const vpc = parseCidr(network.vpcCidr)!;
  const client = parseCidr(vpn.clientCidr)!;

  const plan = planSubnets(network.vpcCidr, network.availabilityZones);
  const smallest = vpn.enabled
    ? SMALLEST_CLIENT_VPN_SUBNET_PREFIX
    : SMALLEST_SUBNET_PREFIX;
  const reason = vpn.enabled
    ? "that Client VPN needs in each associated subnet"
    : "that AWS allows for a subnet";
  if (plan.prefixLength > smallest) {
    problems.push({
      path: "network.availabilityZones",
      value: network.availabilityZones,
      message: ruleMessage(
        `needs subnets of /${plan.prefixLength} to fit ${network.availabilityZones} subnets in ${network.vpcCidr}, smaller than the /${smallest} ${reason}`,
        "use a larger network.vpcCidr or fewer availability zones",
      ),
    });
  }

  if (vpn.enabled && cidrsOverlap(vpc, client)) {
    problems.push({
      path: "vpn.clientCidr",
      value: vpn.clientCidr,
      message: ruleMessage(
        `overlaps network.vpcCidr ${network.vpcCidr}`,
        `choose a client block outside the VPC, such as "${suggestClientCidr([vpc, ...network.corporateCidrs.map((text) => parseCidr(text)!)])}"`,
      ),
    });
  }

  network.corporateCidrs.forEach((text, index) => {
    const corporate = parseCidr(text)!;
    const earlier = network.corporateCidrs.findIndex(
      (other, otherIndex) =>
        otherIndex < index && cidrsOverlap(parseCidr(other)!, corporate),
    );
    if (cidrsOverlap(vpc, corporate)) {
      problems.push({
        path: `network.corporateCidrs[${index}]`,
        value: text,
        message: ruleMessage(
          `overlaps network.vpcCidr ${network.vpcCidr}`,
          "choose a VPC block that the corporate network does not use, or correct the corporate block",
        ),
      });
    } else if (vpn.enabled && cidrsOverlap(client, corporate)) {
      problems.push({
        path: `network.corporateCidrs[${index}]`,
        value: text,
        message: ruleMessage(
          `overlaps vpn.clientCidr ${vpn.clientCidr}, so replies to VPN clients could be routed to the corporate network`,
          "choose a vpn.clientCidr that the corporate network does not use",
        ),
      });
    } else if (earlier !== -1) {
      const earlierBlock = parseCidr(network.corporateCidrs[earlier])!;
      const same =
        earlierBlock.base === corporate.base &&
        earlierBlock.prefixLength === corporate.prefixLength;
      problems.push({
        path: `network.corporateCidrs[${index}]`,
        value: text,
        message: ruleMessage(
          same
            ? `duplicates network.corporateCidrs[${earlier}], and AWS rejects a second identical security group rule or route`
            : `overlaps network.corporateCidrs[${earlier}] ${network.corporateCidrs[earlier]}, and overlapping routes and rules are ambiguous`,
          "list each corporate block once, merging overlapping blocks into the larger one",
        ),
      });
    }
  });

  if (!vpn.enabled && network.corporateCidrs.length === 0) {
    problems.push({
      path: "network.corporateCidrs",
      value: network.corporateCidrs,
      message: ruleMessage(
        "must list at least one block when vpn.enabled is false, or nobody can reach the stream",
        'add the corporate networks, such as ["192.168.0.0/16"], or set vpn.enabled to true',
      ),
    });
  }

  if (
    network.transitGatewayId !== undefined &&
    network.corporateCidrs.length === 0
  ) {
    problems.push({
      path: "network.transitGatewayId",
      value: network.transitGatewayId,
      message: ruleMessage(
        "needs network.corporateCidrs to know which blocks to route through the transit gateway",
        "list the corporate networks in network.corporateCidrs",
      ),
    });
  }

  if (
    vpn.associatedSubnets !== undefined &&
    vpn.associatedSubnets > network.availabilityZones
  ) {
    problems.push({
      path: "vpn.associatedSubnets",
      value: vpn.associatedSubnets,
      message: ruleMessage(
        `exceeds the ${network.availabilityZones} private subnets (network.availabilityZones)`,
        `set vpn.associatedSubnets to 1-${network.availabilityZones} or omit it`,
      ),
    });
  }

  return problems;
}
