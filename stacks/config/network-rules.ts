import { cidrsOverlap, parseCidr } from "./cidr";
import type { ConfigProblem } from "./errors";
import { ruleMessage, type Config } from "./schema";
import { planSubnets, SMALLEST_SUBNET_PREFIX } from "./subnet-plan";

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
  if (plan.prefixLength > SMALLEST_SUBNET_PREFIX) {
    problems.push({
      path: "network.availabilityZones",
      value: network.availabilityZones,
      message: ruleMessage(
        `needs subnets of /${plan.prefixLength}, smaller than the /${SMALLEST_SUBNET_PREFIX} minimum, to fit ${network.availabilityZones} subnets in ${network.vpcCidr}`,
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
        'choose a client block outside the VPC, such as "10.100.0.0/22"',
      ),
    });
  }

  network.corporateCidrs.forEach((text, index) => {
    const corporate = parseCidr(text)!;
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

  if (network.transitGatewayId !== undefined && network.corporateCidrs.length === 0) {
    problems.push({
      path: "network.transitGatewayId",
      value: network.transitGatewayId,
      message: ruleMessage(
        "needs network.corporateCidrs to know which blocks to route through the transit gateway",
        "list the corporate networks in network.corporateCidrs",
      ),
    });
  }

  if (vpn.associatedSubnets !== undefined && vpn.associatedSubnets > network.availabilityZones) {
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
