import { vpcResolverAddress } from "../config/subnet-plan";
import type { SecurityRule } from "./rule";
import { resourcesOfType, show, stringList } from "./terraform-json";

export const clientVpnUsesVpcResolver: SecurityRule = {
  id: "PS-VPN-003",
  name: "client-vpn-uses-vpc-resolver",
  what: "A Client VPN endpoint does not give clients exactly the VPC resolver as DNS server.",
  why: "Clients must resolve the private API through the VPC resolver; another server can see, or redirect, every name they look up.",
  check(stacks, config) {
    const expected = vpcResolverAddress(config.network.vpcCidr);
    return resourcesOfType(stacks, "aws_ec2_client_vpn_endpoint").flatMap(
      (endpoint) => {
        const servers = stringList(endpoint.body.dns_servers);
        return servers.length === 1 && servers[0] === expected
          ? []
          : [
              {
                stack: endpoint.stack,
                resource: endpoint.address,
                detail: `dns_servers is ${show(
                  endpoint.body.dns_servers,
                )}, expected ["${expected}"] from network.vpcCidr`,
              },
            ];
      },
    );
  },
};
