import { parseConfig } from "../../stacks/config/load";
import { admittedSourceCidrs } from "../../stacks/config/sources";
import { block, blocksOfType, configWith, synthAll } from "../support/synth";
import { problemsOf } from "../support/config-problems";

const CORPORATE = {
  vpn: { enabled: false },
  network: { corporateCidrs: ["192.168.0.0/16", "172.16.0.0/12"] },
};

function httpsSources(resources: Parameters<typeof blocksOfType>[0]): string[] {
  return Object.values(
    blocksOfType(resources, "aws_vpc_security_group_ingress_rule"),
  )
    .filter(
      (rule) =>
        rule.security_group_id ===
        "${aws_security_group.execute_api_endpoint_security_group.id}",
    )
    .map((rule) => String(rule.cidr_ipv4))
    .sort();
}

describe("admitted sources", () => {
  test("default is the VPC and the VPN clients", () => {
    expect(
      admittedSourceCidrs(configWith()).map((source) => source.key),
    ).toEqual(["vpc", "vpn_clients"]);
  });

  test("corporate blocks replace the clients without VPN", () => {
    expect(admittedSourceCidrs(configWith(CORPORATE))).toEqual([
      { key: "vpc", cidr: "10.20.0.0/16", description: "VPC" },
      {
        key: "corporate_0",
        cidr: "192.168.0.0/16",
        description: "corporate network 0",
      },
      {
        key: "corporate_1",
        cidr: "172.16.0.0/12",
        description: "corporate network 1",
      },
    ]);
  });

  test("corporate blocks add to the clients with VPN", () => {
    const config = configWith({
      network: { corporateCidrs: ["192.168.0.0/16"] },
    });
    expect(admittedSourceCidrs(config).map((source) => source.cidr)).toEqual([
      "10.20.0.0/16",
      "10.100.0.0/22",
      "192.168.0.0/16",
    ]);
  });
});

describe("network stack without Client VPN", () => {
  const stack = synthAll(CORPORATE).network;

  test("no VPN, certificates or profiles", () => {
    for (const type of [
      "aws_ec2_client_vpn_endpoint",
      "aws_ec2_client_vpn_network_association",
      "aws_ec2_client_vpn_authorization_rule",
      "aws_acm_certificate",
      "tls_private_key",
      "tls_self_signed_cert",
      "tls_locally_signed_cert",
    ]) {
      expect(stack.resource?.[type]).toBeUndefined();
    }
    expect(stack.output?.vpnClientProfiles).toBeUndefined();
    expect(stack.provider?.tls).toBeUndefined();
  });

  test("API endpoint admits the corporate blocks", () => {
    expect(httpsSources(stack.resource)).toEqual([
      "10.20.0.0/16",
      "172.16.0.0/12",
      "192.168.0.0/16",
    ]);
  });

  test("VPN outputs are empty strings", () => {
    expect(stack.output?.clientVpnEndpointId.value).toBe("");
    expect(stack.output?.clientCidr.value).toBe("");
  });
});

describe("transit gateway", () => {
  const stack = synthAll({
    ...CORPORATE,
    network: {
      ...CORPORATE.network,
      transitGatewayId: "tgw-0123456789abcdef0",
    },
  }).network;

  test("VPC attached in every subnet", () => {
    const attachment = block(
      stack.resource,
      "aws_ec2_transit_gateway_vpc_attachment",
      "transit_gateway_attachment",
    );
    expect(attachment.transit_gateway_id).toBe("tgw-0123456789abcdef0");
    expect(attachment.subnet_ids).toEqual([
      "${aws_subnet.private_subnet_0.id}",
      "${aws_subnet.private_subnet_1.id}",
    ]);
  });

  test("corporate blocks routed through it", () => {
    const routes = blocksOfType(stack.resource, "aws_route");
    expect(
      Object.values(routes).map((route) => route.destination_cidr_block),
    ).toEqual(["192.168.0.0/16", "172.16.0.0/12"]);
    for (const route of Object.values(routes)) {
      expect(route.transit_gateway_id).toBe("tgw-0123456789abcdef0");
      expect(route.route_table_id).toBe(
        "${aws_route_table.private_route_table.id}",
      );
      expect(route.depends_on).toEqual([
        "aws_ec2_transit_gateway_vpc_attachment.transit_gateway_attachment",
      ]);
    }
  });

  test("default has no attachment or routes", () => {
    const defaults = synthAll().network;
    expect(
      defaults.resource?.aws_ec2_transit_gateway_vpc_attachment,
    ).toBeUndefined();
    expect(defaults.resource?.aws_route).toBeUndefined();
  });
});

describe("connectivity validation", () => {
  test.each<[string, Record<string, unknown>, string]>([
    [
      "VPN off without corporate blocks",
      { vpn: { enabled: false } },
      'network.corporateCidrs: received []; must list at least one block when vpn.enabled is false, or nobody can reach the stream. Fix: add the corporate networks, such as ["192.168.0.0/16"], or set vpn.enabled to true',
    ],
    [
      "corporate block overlapping the VPC",
      { network: { corporateCidrs: ["10.0.0.0/8"] } },
      'network.corporateCidrs[0]: received "10.0.0.0/8"; overlaps network.vpcCidr 10.20.0.0/16. Fix: choose a VPC block that the corporate network does not use, or correct the corporate block',
    ],
    [
      "corporate block overlapping VPN clients",
      { network: { corporateCidrs: ["10.100.0.0/16"] } },
      'network.corporateCidrs[0]: received "10.100.0.0/16"; overlaps vpn.clientCidr 10.100.0.0/22, so replies to VPN clients could be routed to the corporate network. Fix: choose a vpn.clientCidr that the corporate network does not use',
    ],
    [
      "corporate block shorter than /8",
      { network: { corporateCidrs: ["0.0.0.0/0"] } },
      'network.corporateCidrs[0]: received "0.0.0.0/0"; must have a prefix length between /8 and /32, the range this project admits, since a shorter prefix would admit most of the internet. Fix: choose a block from /8 to /32',
    ],
    [
      "malformed transit gateway id",
      {
        network: {
          corporateCidrs: ["192.168.0.0/16"],
          transitGatewayId: "tgw-XYZ",
        },
      },
      'network.transitGatewayId: received "tgw-XYZ"; must be a transit gateway id. Fix: use an id such as "tgw-0123456789abcdef0"',
    ],
    [
      "transit gateway without corporate blocks",
      { network: { transitGatewayId: "tgw-0123456789abcdef0" } },
      'network.transitGatewayId: received "tgw-0123456789abcdef0"; needs network.corporateCidrs to know which blocks to route through the transit gateway. Fix: list the corporate networks in network.corporateCidrs',
    ],
  ])("%s", (_title, raw, expected) => {
    expect(problemsOf(raw)).toContain(expected);
  });

  test("client overlap ignored without VPN", () => {
    const config = parseConfig({
      vpn: { enabled: false, clientCidr: "10.20.0.0/22" },
      network: { corporateCidrs: ["192.168.0.0/16"] },
    });
    expect(config.vpn.enabled).toBe(false);
  });
});

describe("connectivity validation, more", () => {
  test.each<[string, Record<string, unknown>, string]>([
    [
      "duplicate corporate block",
      { network: { corporateCidrs: ["192.168.0.0/16", "192.168.0.0/16"] } },
      'network.corporateCidrs[1]: received "192.168.0.0/16"; duplicates network.corporateCidrs[0], and AWS rejects a second identical security group rule or route. Fix: list each corporate block once, merging overlapping blocks into the larger one',
    ],
    [
      "nested corporate blocks",
      { network: { corporateCidrs: ["192.168.0.0/16", "192.168.1.0/24"] } },
      'network.corporateCidrs[1]: received "192.168.1.0/24"; overlaps network.corporateCidrs[0] 192.168.0.0/16, and overlapping routes and rules are ambiguous. Fix: list each corporate block once, merging overlapping blocks into the larger one',
    ],
    [
      "CIDR with leading zeros",
      { network: { vpcCidr: "010.000.0.0/16" } },
      'network.vpcCidr: received "010.000.0.0/16"; must be an IPv4 CIDR with no host bits set. Fix: set network.vpcCidr to a network address such as "10.20.0.0/16"',
    ],
    [
      "subnets too small for Client VPN",
      { network: { vpcCidr: "10.0.0.0/27" } },
      "network.availabilityZones: received 2; needs subnets of /28 to fit 2 subnets in 10.0.0.0/27, smaller than the /27 that Client VPN needs in each associated subnet. Fix: use a larger network.vpcCidr or fewer availability zones",
    ],
  ])("%s", (_title, raw, expected) => {
    expect(problemsOf(raw)).toContain(expected);
  });

  test("/28 subnets allowed without VPN", () => {
    const config = parseConfig({
      network: { vpcCidr: "10.0.0.0/27", corporateCidrs: ["192.168.0.0/16"] },
      vpn: { enabled: false },
    });
    expect(config.network.vpcCidr).toBe("10.0.0.0/27");
  });
});
