import { cidrsOverlap, parseCidr } from "./cidr";
import type { ConfigProblem } from "./errors";
import { resourceIdForUser } from "../naming";
import { ruleMessage, type Config } from "./schema";
import { planSubnets, SMALLEST_SUBNET_PREFIX } from "./subnet-plan";

/** Checks the rules AWS enforces on the VPC, its subnets and the Client VPN only at apply time. */
export function checkNetwork(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const { network, vpn } = config;

  // The schema has already rejected text that is not a CIDR.
  const vpc = parseCidr(network.vpcCidr)!;
  const client = parseCidr(vpn.clientCidr)!;

  if (vpc.prefixLength < 16 || vpc.prefixLength > 28) {
    problems.push({
      path: "network.vpcCidr",
      value: network.vpcCidr,
      message: ruleMessage(
        "must have a prefix length between /16 and /28, the range AWS allows for a VPC",
        "choose a block from /16 to /28",
      ),
    });
  } else {
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
  }

  if (client.prefixLength < 12 || client.prefixLength > 22) {
    problems.push({
      path: "vpn.clientCidr",
      value: vpn.clientCidr,
      message: ruleMessage(
        "must have a prefix length between /12 and /22, the range Client VPN allows",
        "choose a block from /12 to /22",
      ),
    });
  } else if (cidrsOverlap(vpc, client)) {
    problems.push({
      path: "vpn.clientCidr",
      value: vpn.clientCidr,
      message: ruleMessage(
        `overlaps network.vpcCidr ${network.vpcCidr}`,
        "choose a client block outside the VPC, such as \"10.100.0.0/22\"",
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

  const seen = new Map<string, number>();
  vpn.users.forEach((user, index) => {
    const key = resourceIdForUser(user);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        path: `vpn.users[${index}]`,
        value: user,
        message: ruleMessage(
          `duplicates vpn.users[${first}] (names are compared ignoring case, with '.' equal to '_', because they become resource addresses and file names)`,
          "give every user a distinct name",
        ),
      });
    } else {
      seen.set(key, index);
    }
  });

  return problems;
}
