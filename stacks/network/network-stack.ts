import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsPrefixList } from "@cdktf/provider-aws/lib/data-aws-prefix-list";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { TerraformIterator, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import type { Config } from "../config/schema";
import { NETWORK_OUTPUTS, publishOutputs } from "../contract";
import { STACK_IDS } from "../naming";
import { StreamingStack } from "../streaming-stack";
import { createVpnCertificates } from "./certificates";
import { createClientVpn } from "./client-vpn";
import { createEndpoints } from "./endpoints";
import { createFlowLogs } from "./flow-logs";
import { attachTransitGateway } from "./transit-gateway";
import { createPrivateNetwork } from "./vpc";

/** Output holding every user's OpenVPN profile; the `vpn-profiles` script reads it. */
export const VPN_PROFILES_OUTPUT = "vpnClientProfiles";

/**
 * The private VPC, its endpoints and the Client VPN with the certificates
 * and profiles it needs.
 */
export class NetworkStack extends StreamingStack {
  constructor(scope: Construct, config: Config) {
    super(scope, STACK_IDS.network, config);
    if (config.vpn.enabled) new TlsProvider(this, "tls");

    const account = new DataAwsCallerIdentity(this, "current_account");
    const partition = new DataAwsPartition(this, "current_partition");

    const network = createPrivateNetwork(this);
    createFlowLogs(this, network.vpc, account, partition);
    const endpoints = createEndpoints(this, network);

    if (config.network.transitGatewayId !== undefined) {
      attachTransitGateway(this, network, config.network.transitGatewayId);
    }

    const clientVpn = config.vpn.enabled
      ? createClientVpn(this, network, createVpnCertificates(this))
      : undefined;

    const s3PrefixList = new DataAwsPrefixList(this, "s3_prefix_list", {
      prefixListId: endpoints.s3Gateway.prefixListId,
    });

    publishOutputs(this, NETWORK_OUTPUTS, {
      vpcId: network.vpc.id,
      vpcCidr: network.vpc.cidrBlock,
      privateSubnetIds: network.subnets.map((subnet) => subnet.id),
      privateSubnetCidrs: network.subnets.map((subnet) => subnet.cidrBlock),
      availabilityZones: network.subnets.map(
        (subnet) => subnet.availabilityZone,
      ),
      privateRouteTableId: network.routeTable.id,
      s3GatewayEndpointId: endpoints.s3Gateway.id,
      s3PrefixListId: s3PrefixList.id,
      executeApiEndpointId: endpoints.executeApi.id,
      executeApiEndpointDnsNames: TerraformIterator.fromList(
        endpoints.executeApi.dnsEntry,
      ).pluckProperty("dns_name"),
      // Empty when the Client VPN is off, so consumers need no second contract.
      clientVpnEndpointId: clientVpn?.endpoint.id ?? "",
      clientVpnDnsName: clientVpn?.endpoint.dnsName ?? "",
      clientCidr: config.vpn.enabled ? config.vpn.clientCidr : "",
    });

    if (clientVpn) {
      new TerraformOutput(this, VPN_PROFILES_OUTPUT, {
        value: clientVpn.profiles,
        description:
          "OpenVPN profile per VPN user, with the private key inline",
        sensitive: true,
      });
    }
  }
}
