import type { Finding, SecurityRule } from "./rule";
import { booleanValue, resourcesOfType } from "./terraform-json";

const GATEWAY_TYPES = [
  "aws_internet_gateway",
  "aws_internet_gateway_attachment",
  "aws_egress_only_internet_gateway",
  "aws_nat_gateway",
];

export const networkHasNoInternetPath: SecurityRule = {
  id: "PS-VPC-004",
  name: "network-has-no-internet-path",
  what: "The network has an internet or NAT gateway, or a subnet that gives public addresses.",
  why: "The design keeps every resource private; an internet path makes the stream reachable or lets data leave unseen.",
  check(stacks) {
    const gateways: Finding[] = resourcesOfType(stacks, ...GATEWAY_TYPES).map(
      (gateway) => ({
        stack: gateway.stack,
        resource: gateway.address,
        detail: `${gateway.type} connects the VPC to the internet`,
      }),
    );
    const publicSubnets: Finding[] = resourcesOfType(stacks, "aws_subnet")
      .filter(
        (subnet) => booleanValue(subnet.body.map_public_ip_on_launch) === true,
      )
      .map((subnet) => ({
        stack: subnet.stack,
        resource: subnet.address,
        detail: "map_public_ip_on_launch is true",
      }));
    return [...gateways, ...publicSubnets];
  },
};
