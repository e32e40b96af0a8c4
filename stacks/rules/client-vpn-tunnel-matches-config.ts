import type { SecurityRule } from "./rule";
import { booleanValue, resourcesOfType, show } from "./terraform-json";

export const clientVpnTunnelMatchesConfig: SecurityRule = {
  id: "PS-VPN-004",
  name: "client-vpn-tunnel-matches-config",
  what: "A Client VPN endpoint's split tunnel setting differs from vpn.splitTunnel.",
  why: "An override that changes it silently sends all client traffic through the VPC, or sends VPC traffic outside it.",
  check(stacks, config) {
    const expected = config.vpn.splitTunnel;
    return resourcesOfType(stacks, "aws_ec2_client_vpn_endpoint").flatMap(
      (endpoint) => {
        // AWS turns split tunnel off when the attribute is absent.
        const actual = booleanValue(endpoint.body.split_tunnel) ?? false;
        return actual === expected
          ? []
          : [
              {
                stack: endpoint.stack,
                resource: endpoint.address,
                detail: `split_tunnel is ${show(
                  endpoint.body.split_tunnel,
                )}, but vpn.splitTunnel is ${expected}`,
              },
            ];
      },
    );
  },
};
