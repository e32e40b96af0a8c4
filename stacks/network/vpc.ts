import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Fn } from "cdktf";
import { planSubnets } from "../config/subnet-plan";
import type { StreamingStack } from "../streaming-stack";

export interface PrivateNetwork {
  readonly vpc: Vpc;
  readonly subnets: readonly Subnet[];
  readonly routeTable: RouteTable;
}

/**
 * Creates the VPC with one private subnet per availability zone, one route
 * table without any route to the internet, and the default security group
 * stripped of all rules. There is no internet or NAT gateway.
 */
export function createPrivateNetwork(stack: StreamingStack): PrivateNetwork {
  const { config, names } = stack;
  const plan = planSubnets(
    config.network.vpcCidr,
    config.network.availabilityZones,
  );

  const zones = new DataAwsAvailabilityZones(stack, "available_zones", {
    state: "available",
    filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
  });

  const vpc = new Vpc(stack, "vpc", {
    cidrBlock: config.network.vpcCidr,
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: { Name: names.resource("vpc") },
  });

  // Empty rule lists remove every rule AWS puts in the default group.
  new DefaultSecurityGroup(stack, "default_security_group", {
    vpcId: vpc.id,
    ingress: [],
    egress: [],
    tags: { Name: names.resource("default-deny-all") },
  });

  const routeTable = new RouteTable(stack, "private_route_table", {
    vpcId: vpc.id,
    tags: { Name: names.resource("private") },
  });

  const subnets = plan.cidrs.map((cidrBlock, index) => {
    const subnet = new Subnet(stack, `private_subnet_${index}`, {
      vpcId: vpc.id,
      cidrBlock,
      availabilityZone: Fn.element(zones.names, index),
      mapPublicIpOnLaunch: false,
      tags: { Name: names.resource(`private-${index}`) },
    });
    new RouteTableAssociation(stack, `private_subnet_${index}_route_table`, {
      subnetId: subnet.id,
      routeTableId: routeTable.id,
    });
    return subnet;
  });

  return { vpc, subnets, routeTable };
}
