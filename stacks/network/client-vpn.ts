import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { Ec2ClientVpnAuthorizationRule } from "@cdktf/provider-aws/lib/ec2-client-vpn-authorization-rule";
import { Ec2ClientVpnEndpoint } from "@cdktf/provider-aws/lib/ec2-client-vpn-endpoint";
import { Ec2ClientVpnNetworkAssociation } from "@cdktf/provider-aws/lib/ec2-client-vpn-network-association";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Fn } from "cdktf";
import { vpcResolverAddress } from "../config/subnet-plan";
import type { StreamingStack } from "../streaming-stack";
import type { VpnCertificates } from "./certificates";
import { renderVpnProfile } from "./vpn-profile";
import type { PrivateNetwork } from "./vpc";

/**
 * Timeouts for associations and authorization rules. The provider's
 * defaults are known to expire while AWS is still provisioning.
 */
export const CLIENT_VPN_TIMEOUTS = { create: "30m", delete: "30m" } as const;

export interface ClientVpn {
  readonly endpoint: Ec2ClientVpnEndpoint;
  /** OpenVPN profile per user, keyed by user name. */
  readonly profiles: Readonly<Record<string, string>>;
}

/**
 * Creates the Client VPN endpoint with mutual TLS, connection logging,
 * the VPC resolver as DNS server, and its subnet associations and
 * authorization rule, and renders one client profile per user.
 */
export function createClientVpn(
  stack: StreamingStack,
  network: PrivateNetwork,
  certificates: VpnCertificates,
): ClientVpn {
  const { config, names } = stack;
  const { vpn } = config;

  const logGroup = new CloudwatchLogGroup(stack, "client_vpn_log_group", {
    name: names.logGroup("client-vpn"),
    retentionInDays: config.logRetentionDays,
  });
  const logStream = new CloudwatchLogStream(stack, "client_vpn_log_stream", {
    name: "connections",
    logGroupName: logGroup.name,
  });

  const securityGroup = new SecurityGroup(stack, "client_vpn_security_group", {
    name: names.resource("client-vpn"),
    description: "Client VPN traffic into the VPC",
    vpcId: network.vpc.id,
    tags: { Name: names.resource("client-vpn") },
  });
  new VpcSecurityGroupEgressRule(stack, "client_vpn_egress_vpc", {
    securityGroupId: securityGroup.id,
    description: "VPN clients to the VPC",
    ipProtocol: "-1",
    cidrIpv4: config.network.vpcCidr,
  });

  const endpoint = new Ec2ClientVpnEndpoint(stack, "client_vpn_endpoint", {
    description: names.resource("client-vpn"),
    serverCertificateArn: certificates.serverCertificate.arn,
    clientCidrBlock: vpn.clientCidr,
    authenticationOptions: [
      {
        type: "certificate-authentication",
        rootCertificateChainArn: certificates.serverCertificate.arn,
      },
    ],
    connectionLogOptions: {
      enabled: true,
      cloudwatchLogGroup: logGroup.name,
      cloudwatchLogStream: logStream.name,
    },
    dnsServers: [vpcResolverAddress(config.network.vpcCidr)],
    splitTunnel: vpn.splitTunnel,
    transportProtocol: vpn.transportProtocol,
    vpnPort: vpn.port,
    sessionTimeoutHours: vpn.sessionTimeoutHours,
    selfServicePortal: "disabled",
    vpcId: network.vpc.id,
    securityGroupIds: [securityGroup.id],
    tags: { Name: names.resource("client-vpn") },
  });

  const associatedCount = vpn.associatedSubnets ?? network.subnets.length;
  network.subnets.slice(0, associatedCount).forEach((subnet, index) => {
    new Ec2ClientVpnNetworkAssociation(
      stack,
      `client_vpn_association_${index}`,
      {
        clientVpnEndpointId: endpoint.id,
        subnetId: subnet.id,
        timeouts: { ...CLIENT_VPN_TIMEOUTS },
      },
    );
  });

  new Ec2ClientVpnAuthorizationRule(stack, "client_vpn_authorize_vpc", {
    clientVpnEndpointId: endpoint.id,
    targetNetworkCidr: config.network.vpcCidr,
    authorizeAllGroups: true,
    description: "All VPN users may reach the VPC",
    timeouts: { ...CLIENT_VPN_TIMEOUTS },
  });

  const remoteHost = Fn.replace(endpoint.dnsName, "*.", "");
  const profiles: Record<string, string> = {};
  for (const client of certificates.clients) {
    profiles[client.user] = renderVpnProfile({
      remoteHost,
      port: vpn.port,
      transportProtocol: vpn.transportProtocol,
      serverName: names.serverCommonName,
      caCertificatePem: Fn.chomp(certificates.caCertificatePem),
      clientCertificatePem: Fn.chomp(client.certificatePem),
      clientPrivateKeyPem: Fn.chomp(client.privateKeyPem),
    });
  }

  return { endpoint, profiles };
}
