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

  // The schema has already rejected text that is not a CIDR.
  if (cidrsOverlap(parseCidr(network.vpcCidr)!, parseCidr(vpn.clientCidr)!)) {
    problems.push({
      path: "vpn.clientCidr",
      value: vpn.clientCidr,
      message: ruleMessage(
        `overlaps network.vpcCidr ${network.vpcCidr}`,
        'choose a client block outside the VPC, such as "10.100.0.0/22"',
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
