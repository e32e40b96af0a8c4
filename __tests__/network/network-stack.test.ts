import { block, blocksOfType, parsePolicy, synthAll } from "../support/synth";

const defaults = synthAll().network;
const resources = defaults.resource;

describe("network stack: VPC", () => {
  test("VPC has DNS support and hostnames", () => {
    const vpc = block(resources, "aws_vpc", "vpc");
    expect(vpc.cidr_block).toBe("10.20.0.0/16");
    expect(vpc.enable_dns_support).toBe(true);
    expect(vpc.enable_dns_hostnames).toBe(true);
  });

  test("one private subnet per zone", () => {
    const subnets = blocksOfType(resources, "aws_subnet");
    expect(Object.keys(subnets).sort()).toEqual([
      "private_subnet_0",
      "private_subnet_1",
    ]);
    expect(subnets.private_subnet_0.cidr_block).toBe("10.20.0.0/24");
    expect(subnets.private_subnet_1.cidr_block).toBe("10.20.1.0/24");
    for (const subnet of Object.values(subnets))
      expect(subnet.map_public_ip_on_launch).toBe(false);
    expect(subnets.private_subnet_1.availability_zone).toBe(
      "${element(data.aws_availability_zones.available_zones.names, 1)}",
    );
  });

  test("zone count follows the config", () => {
    const stack = synthAll({ network: { availabilityZones: 3 } }).network;
    expect(
      Object.keys(blocksOfType(stack.resource, "aws_subnet")),
    ).toHaveLength(3);
    expect(
      Object.keys(blocksOfType(stack.resource, "aws_route_table_association")),
    ).toHaveLength(3);
  });

  test("no internet or NAT gateway and no routes out", () => {
    for (const type of [
      "aws_internet_gateway",
      "aws_nat_gateway",
      "aws_egress_only_internet_gateway",
      "aws_eip",
      "aws_route",
    ]) {
      expect(resources?.[type]).toBeUndefined();
    }
    const routeTable = block(
      resources,
      "aws_route_table",
      "private_route_table",
    );
    expect(routeTable.route).toBeUndefined();
  });

  test("default security group has no rules", () => {
    const group = block(
      resources,
      "aws_default_security_group",
      "default_security_group",
    );
    expect(group.ingress).toEqual([]);
    expect(group.egress).toEqual([]);
  });

  test("flow logs go to a log group with retention", () => {
    const flowLog = block(resources, "aws_flow_log", "vpc_flow_log");
    expect(flowLog.traffic_type).toBe("ALL");
    expect(flowLog.log_destination).toBe(
      "${aws_cloudwatch_log_group.vpc_flow_log_group.arn}",
    );
    const logGroup = block(
      resources,
      "aws_cloudwatch_log_group",
      "vpc_flow_log_group",
    );
    expect(logGroup.name).toBe("/protected-streaming/demo/vpc-flow-logs");
    expect(logGroup.retention_in_days).toBe(30);
  });

  test("flow log role trusts only this account", () => {
    const role = block(resources, "aws_iam_role", "vpc_flow_log_role");
    const [statement] = parsePolicy(role.assume_role_policy).Statement;
    expect(statement.Principal).toEqual({
      Service: "vpc-flow-logs.amazonaws.com",
    });
    expect(statement.Condition).toMatchObject({
      StringEquals: {
        "aws:SourceAccount":
          "${data.aws_caller_identity.current_account.account_id}",
      },
    });
    const policy = parsePolicy(
      block(resources, "aws_iam_role_policy", "vpc_flow_log_role_policy")
        .policy,
    );
    expect(policy.Statement[0].Resource).toEqual([
      "${aws_cloudwatch_log_group.vpc_flow_log_group.arn}",
      "${aws_cloudwatch_log_group.vpc_flow_log_group.arn}:*",
    ]);
  });
});

describe("network stack: endpoints", () => {
  test("S3 gateway endpoint on the private route table", () => {
    const endpoint = block(
      resources,
      "aws_vpc_endpoint",
      "s3_gateway_endpoint",
    );
    expect(endpoint.service_name).toBe("com.amazonaws.us-east-1.s3");
    expect(endpoint.vpc_endpoint_type).toBe("Gateway");
    expect(endpoint.route_table_ids).toEqual([
      "${aws_route_table.private_route_table.id}",
    ]);
    expect(endpoint.policy).toBeUndefined();
  });

  test("execute-api endpoint has private DNS in every subnet", () => {
    const endpoint = block(
      resources,
      "aws_vpc_endpoint",
      "execute_api_endpoint",
    );
    expect(endpoint.service_name).toBe("com.amazonaws.us-east-1.execute-api");
    expect(endpoint.vpc_endpoint_type).toBe("Interface");
    expect(endpoint.private_dns_enabled).toBe(true);
    expect(endpoint.subnet_ids).toEqual([
      "${aws_subnet.private_subnet_0.id}",
      "${aws_subnet.private_subnet_1.id}",
    ]);
  });

  test("execute-api endpoint allows only HTTPS from VPC and clients", () => {
    const rules = Object.values(
      blocksOfType(resources, "aws_vpc_security_group_ingress_rule"),
    ).filter(
      (rule) =>
        rule.security_group_id ===
        "${aws_security_group.execute_api_endpoint_security_group.id}",
    );
    expect(rules.map((rule) => rule.cidr_ipv4).sort()).toEqual([
      "10.100.0.0/22",
      "10.20.0.0/16",
    ]);
    for (const rule of rules) {
      expect(rule.ip_protocol).toBe("tcp");
      expect(rule.from_port).toBe(443);
      expect(rule.to_port).toBe(443);
    }
  });
});

describe("network stack: certificates", () => {
  test("every key is RSA 2048", () => {
    const keys = blocksOfType(resources, "tls_private_key");
    expect(Object.keys(keys).sort()).toEqual([
      "vpn_ca_key",
      "vpn_client_key_operator",
      "vpn_server_key",
    ]);
    for (const key of Object.values(keys)) {
      expect(key.algorithm).toBe("RSA");
      expect(key.rsa_bits).toBe(2048);
    }
  });

  test("CA may sign certificates and CRLs", () => {
    const ca = block(resources, "tls_self_signed_cert", "vpn_ca_certificate");
    expect(ca.is_ca_certificate).toBe(true);
    expect(ca.allowed_uses).toEqual(
      expect.arrayContaining(["cert_signing", "crl_signing"]),
    );
    expect(ca.validity_period_hours).toBe(365 * 24);
  });

  test("server certificate name has a dot and a matching SAN", () => {
    const request = block(resources, "tls_cert_request", "vpn_server_request");
    const [subject] = request.subject as { common_name: string }[];
    expect(subject.common_name).toBe("server.demo.vpn.internal");
    expect(request.dns_names).toEqual(["server.demo.vpn.internal"]);
    const certificate = block(
      resources,
      "tls_locally_signed_cert",
      "vpn_server_certificate",
    );
    expect(certificate.allowed_uses).toContain("server_auth");
  });

  test("one client certificate per user", () => {
    const stack = synthAll({ vpn: { users: ["alice", "ops.team-1"] } }).network;
    const requests = blocksOfType(stack.resource, "tls_cert_request");
    expect(Object.keys(requests).sort()).toEqual([
      "vpn_client_request_alice",
      "vpn_client_request_ops_team-1",
      "vpn_server_request",
    ]);
    const [subject] = requests["vpn_client_request_ops_team-1"].subject as {
      common_name: string;
    }[];
    expect(subject.common_name).toBe("ops.team-1");
    const certificate = block(
      stack.resource,
      "tls_locally_signed_cert",
      "vpn_client_certificate_alice",
    );
    expect(certificate.allowed_uses).toContain("client_auth");
    expect(certificate.allowed_uses).not.toContain("server_auth");
  });

  test("only the server certificate goes to ACM", () => {
    const imported = blocksOfType(resources, "aws_acm_certificate");
    expect(Object.keys(imported)).toEqual(["vpn_server_acm_certificate"]);
    const certificate = imported.vpn_server_acm_certificate;
    expect(certificate.certificate_body).toBe(
      "${tls_locally_signed_cert.vpn_server_certificate.cert_pem}",
    );
    expect(certificate.certificate_chain).toBe(
      "${tls_self_signed_cert.vpn_ca_certificate.cert_pem}",
    );
    expect(certificate.private_key).toBe(
      "${tls_private_key.vpn_server_key.private_key_pem}",
    );
  });
});

describe("network stack: Client VPN", () => {
  const endpoint = block(
    resources,
    "aws_ec2_client_vpn_endpoint",
    "client_vpn_endpoint",
  );

  test("mutual TLS with the server certificate as root chain", () => {
    expect(endpoint.server_certificate_arn).toBe(
      "${aws_acm_certificate.vpn_server_acm_certificate.arn}",
    );
    expect(endpoint.authentication_options).toEqual([
      {
        type: "certificate-authentication",
        root_certificate_chain_arn:
          "${aws_acm_certificate.vpn_server_acm_certificate.arn}",
      },
    ]);
  });

  test("settings from the config", () => {
    expect(endpoint.client_cidr_block).toBe("10.100.0.0/22");
    expect(endpoint.dns_servers).toEqual(["10.20.0.2"]);
    expect(endpoint.split_tunnel).toBe(true);
    expect(endpoint.transport_protocol).toBe("udp");
    expect(endpoint.vpn_port).toBe(443);
    expect(endpoint.session_timeout_hours).toBe(12);
    expect(endpoint.self_service_portal).toBe("disabled");
    expect(endpoint.security_group_ids).toEqual([
      "${aws_security_group.client_vpn_security_group.id}",
    ]);
  });

  test("connection logging to a log group with retention", () => {
    expect(endpoint.connection_log_options).toEqual({
      enabled: true,
      cloudwatch_log_group:
        "${aws_cloudwatch_log_group.client_vpn_log_group.name}",
      cloudwatch_log_stream:
        "${aws_cloudwatch_log_stream.client_vpn_log_stream.name}",
    });
    expect(
      block(resources, "aws_cloudwatch_log_group", "client_vpn_log_group")
        .retention_in_days,
    ).toBe(30);
  });

  test("one association per subnet with timeouts", () => {
    const associations = blocksOfType(
      resources,
      "aws_ec2_client_vpn_network_association",
    );
    expect(Object.keys(associations)).toHaveLength(2);
    for (const association of Object.values(associations)) {
      expect(association.timeouts).toEqual({ create: "30m", delete: "30m" });
    }
  });

  test("associations can be cut to one", () => {
    const stack = synthAll({ vpn: { associatedSubnets: 1 } }).network;
    const associations = blocksOfType(
      stack.resource,
      "aws_ec2_client_vpn_network_association",
    );
    expect(
      Object.values(associations).map((association) => association.subnet_id),
    ).toEqual(["${aws_subnet.private_subnet_0.id}"]);
  });

  test("authorization rule for the VPC with timeouts", () => {
    const rule = block(
      resources,
      "aws_ec2_client_vpn_authorization_rule",
      "client_vpn_authorize_vpc",
    );
    expect(rule.target_network_cidr).toBe("10.20.0.0/16");
    expect(rule.authorize_all_groups).toBe(true);
    expect(rule.timeouts).toEqual({ create: "30m", delete: "30m" });
  });

  test("VPN settings can be changed", () => {
    const stack = synthAll({
      vpn: {
        port: 1194,
        transportProtocol: "tcp",
        splitTunnel: false,
        sessionTimeoutHours: 24,
      },
    }).network;
    const changed = block(
      stack.resource,
      "aws_ec2_client_vpn_endpoint",
      "client_vpn_endpoint",
    );
    expect(changed.vpn_port).toBe(1194);
    expect(changed.transport_protocol).toBe("tcp");
    expect(changed.split_tunnel).toBe(false);
    expect(changed.session_timeout_hours).toBe(24);
  });
});

describe("network stack: outputs", () => {
  const outputs = defaults.output ?? {};

  test("profiles are one sensitive output", () => {
    const profiles = outputs.vpnClientProfiles;
    expect(profiles.sensitive).toBe(true);
    const operator = (profiles.value as Record<string, string>).operator;
    expect(operator).toContain(
      "<key>\n${chomp(tls_private_key.vpn_client_key_operator.private_key_pem)}\n</key>",
    );
    expect(operator).toContain(
      'remote ${replace(aws_ec2_client_vpn_endpoint.client_vpn_endpoint.dns_name, "*.", "")} 443',
    );
  });

  test("other outputs are readable", () => {
    for (const name of [
      "vpcId",
      "vpcCidr",
      "privateSubnetIds",
      "s3GatewayEndpointId",
      "s3PrefixListId",
      "executeApiEndpointId",
      "executeApiEndpointDnsNames",
      "clientVpnEndpointId",
      "clientVpnDnsName",
      "clientCidr",
    ]) {
      expect(outputs[name]).toBeDefined();
      expect(outputs[name].sensitive).toBe(false);
    }
  });

  test("no private key outside the sensitive output", () => {
    for (const [name, output] of Object.entries(outputs)) {
      if (name === "vpnClientProfiles") continue;
      expect(JSON.stringify(output.value)).not.toMatch(/private_key/);
    }
  });
});

describe("network stack: provider", () => {
  test("region and default tags", () => {
    const stack = synthAll({
      region: "eu-west-1",
      environment: "events",
      tags: { CostCenter: "av-42" },
    }).network;
    const [aws] = (stack.provider?.aws ?? []) as Record<string, unknown>[];
    expect(aws.region).toBe("eu-west-1");
    expect(aws.default_tags).toEqual([
      {
        tags: {
          CostCenter: "av-42",
          Project: "protected-streaming",
          Environment: "events",
          ManagedBy: "cdktf",
        },
      },
    ]);
  });
});
