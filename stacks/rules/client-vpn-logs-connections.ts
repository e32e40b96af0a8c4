import type { SecurityRule } from "./rule";
import { booleanValue, resourcesOfType, singleBlock } from "./terraform-json";

export const clientVpnLogsConnections: SecurityRule = {
  id: "PS-VPN-002",
  name: "client-vpn-logs-connections",
  what: "A Client VPN endpoint does not log connections to a CloudWatch log group.",
  why: "Connection logs are the only record of which certificate connected, from where and when.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_ec2_client_vpn_endpoint").flatMap(
      (endpoint) => {
        const options = singleBlock(endpoint.body.connection_log_options);
        const enabled = booleanValue(options?.enabled) === true;
        const group = options?.cloudwatch_log_group;
        if (enabled && typeof group === "string" && group !== "") return [];
        const detail = enabled
          ? "connection_log_options has no cloudwatch_log_group"
          : "connection_log_options.enabled is not true";
        return [{ stack: endpoint.stack, resource: endpoint.address, detail }];
      },
    );
  },
};
