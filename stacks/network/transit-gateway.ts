import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { Route } from "@cdktf/provider-aws/lib/route";
import type { StreamingStack } from "../streaming-stack";
import type { PrivateNetwork } from "./vpc";

/**
 * Attaches the VPC to the configured transit gateway, one subnet per zone,
 * and routes each corporate block through it. The network team still has to
 * associate the attachment with a transit gateway route table and route the
 * VPC block back; the README lists those steps.
 */
export function attachTransitGateway(
  stack: StreamingStack,
  network: PrivateNetwork,
  transitGatewayId: string,
): Ec2TransitGatewayVpcAttachment {
  const { config, names } = stack;

  const attachment = new Ec2TransitGatewayVpcAttachment(
    stack,
    "transit_gateway_attachment",
    {
      transitGatewayId,
      vpcId: network.vpc.id,
      subnetIds: network.subnets.map((subnet) => subnet.id),
      dnsSupport: "enable",
      tags: { Name: names.resource("transit-gateway") },
    },
  );

  config.network.corporateCidrs.forEach((cidr, index) => {
    new Route(stack, `corporate_route_${index}`, {
      routeTableId: network.routeTable.id,
      destinationCidrBlock: cidr,
      transitGatewayId,
      dependsOn: [attachment],
    });
  });

  return attachment;
}
