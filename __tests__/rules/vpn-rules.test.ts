import { clientVpnLogsConnections } from "../../stacks/rules/client-vpn-logs-connections";
import { clientVpnTunnelMatchesConfig } from "../../stacks/rules/client-vpn-tunnel-matches-config";
import { clientVpnUsesCertificateAuthentication } from "../../stacks/rules/client-vpn-uses-certificate-authentication";
import { clientVpnUsesVpcResolver } from "../../stacks/rules/client-vpn-uses-vpc-resolver";
import { vpnKeysAreRsa2048 } from "../../stacks/rules/vpn-keys-are-rsa-2048";
import { configWith } from "../support/synth";
import { findingsOf, stackJson, stacksOf } from "./fixture";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Builds the Client VPN and its certificates as the network stack writes them with the default config. */
function compliantVpn(): Resources {
  return {
    aws_ec2_client_vpn_endpoint: {
      client_vpn_endpoint: {
        authentication_options: [
          {
            type: "certificate-authentication",
            root_certificate_chain_arn: "${aws_acm_certificate.vpn_server.arn}",
          },
        ],
        connection_log_options: {
          enabled: true,
          cloudwatch_log_group: "${aws_cloudwatch_log_group.client_vpn.name}",
          cloudwatch_log_stream: "${aws_cloudwatch_log_stream.client_vpn.name}",
        },
        dns_servers: ["10.20.0.2"],
        split_tunnel: true,
      },
    },
    tls_private_key: {
      vpn_ca_key: { algorithm: "RSA", rsa_bits: 2048 },
      vpn_server_key: { algorithm: "RSA", rsa_bits: 2048 },
      token_signing_key: { algorithm: "ECDSA", ecdsa_curve: "P256" },
    },
    tls_self_signed_cert: {
      vpn_ca: {
        private_key_pem: "${tls_private_key.vpn_ca_key.private_key_pem}",
      },
    },
    tls_cert_request: {
      vpn_server: {
        private_key_pem: "${tls_private_key.vpn_server_key.private_key_pem}",
      },
    },
    tls_locally_signed_cert: {
      vpn_server: {
        ca_private_key_pem: "${tls_private_key.vpn_ca_key.private_key_pem}",
      },
    },
    aws_acm_certificate: {
      vpn_server: {
        private_key: "${tls_private_key.vpn_server_key.private_key_pem}",
      },
    },
  };
}

function vpn(
  change: (
    endpoint: Record<string, unknown>,
    resources: Resources,
  ) => void = () => undefined,
) {
  const resources = compliantVpn();
  change(resources.aws_ec2_client_vpn_endpoint.client_vpn_endpoint, resources);
  return stacksOf({ network: stackJson(resources) });
}

const VPN_RULES = [
  clientVpnUsesCertificateAuthentication,
  clientVpnLogsConnections,
  clientVpnUsesVpcResolver,
  clientVpnTunnelMatchesConfig,
  vpnKeysAreRsa2048,
];

test.each(VPN_RULES.map((rule) => [rule.id, rule] as const))(
  "%s passes the compliant VPN",
  (_id, rule) => {
    expect(findingsOf(rule, vpn())).toEqual([]);
  },
);

test.each(VPN_RULES.map((rule) => [rule.id, rule] as const))(
  "%s passes without a VPN",
  (_id, rule) => {
    expect(findingsOf(rule, stacksOf({}))).toEqual([]);
  },
);

describe("client-vpn-uses-certificate-authentication", () => {
  test("federated authentication is a finding", () => {
    const stacks = vpn((endpoint) => {
      (endpoint.authentication_options as unknown[]).push({
        type: "federated-authentication",
        saml_provider_arn: "arn",
      });
    });
    expect(findingsOf(clientVpnUsesCertificateAuthentication, stacks)).toEqual([
      'network/aws_ec2_client_vpn_endpoint.client_vpn_endpoint: authentication_options[1].type is "federated-authentication", not "certificate-authentication"',
    ]);
  });

  test("missing root chain is a finding", () => {
    const stacks = vpn((endpoint) => {
      endpoint.authentication_options = { type: "certificate-authentication" };
    });
    expect(findingsOf(clientVpnUsesCertificateAuthentication, stacks)).toEqual([
      "network/aws_ec2_client_vpn_endpoint.client_vpn_endpoint: authentication_options[0] has no root_certificate_chain_arn",
    ]);
  });

  test("no options is a finding", () => {
    const stacks = vpn((endpoint) => delete endpoint.authentication_options);
    expect(findingsOf(clientVpnUsesCertificateAuthentication, stacks)).toEqual([
      "network/aws_ec2_client_vpn_endpoint.client_vpn_endpoint: has no authentication_options",
    ]);
  });
});

describe("client-vpn-logs-connections", () => {
  test("disabled logging is a finding", () => {
    const stacks = vpn((endpoint) => {
      endpoint.connection_log_options = [{ enabled: false }];
    });
    expect(findingsOf(clientVpnLogsConnections, stacks)).toEqual([
      "network/aws_ec2_client_vpn_endpoint.client_vpn_endpoint: connection_log_options.enabled is not true",
    ]);
  });

  test("missing log group is a finding", () => {
    const stacks = vpn((endpoint) => {
      endpoint.connection_log_options = { enabled: "true" };
    });
    expect(findingsOf(clientVpnLogsConnections, stacks)).toEqual([
      "network/aws_ec2_client_vpn_endpoint.client_vpn_endpoint: connection_log_options has no cloudwatch_log_group",
    ]);
  });
});

describe("client-vpn-uses-vpc-resolver", () => {
  test.each([
    ["a public resolver", ["8.8.8.8"], '["8.8.8.8"]'],
    ["an extra server", ["10.20.0.2", "1.1.1.1"], '["10.20.0.2","1.1.1.1"]'],
    ["no servers", undefined, "nothing"],
  ])("%s is a finding", (_case, servers, shown) => {
    const stacks = vpn((endpoint) => {
      endpoint.dns_servers = servers;
    });
    expect(findingsOf(clientVpnUsesVpcResolver, stacks)).toEqual([
      `network/aws_ec2_client_vpn_endpoint.client_vpn_endpoint: dns_servers is ${shown}, expected ["10.20.0.2"] from network.vpcCidr`,
    ]);
  });

  test("resolver follows network.vpcCidr", () => {
    const config = configWith({ network: { vpcCidr: "10.30.0.0/16" } });
    expect(findingsOf(clientVpnUsesVpcResolver, vpn(), config)).toEqual([
      'network/aws_ec2_client_vpn_endpoint.client_vpn_endpoint: dns_servers is ["10.20.0.2"], expected ["10.30.0.2"] from network.vpcCidr',
    ]);
  });
});

describe("client-vpn-tunnel-matches-config", () => {
  test("full tunnel against split config is a finding", () => {
    const stacks = vpn((endpoint) => {
      endpoint.split_tunnel = false;
    });
    expect(findingsOf(clientVpnTunnelMatchesConfig, stacks)).toEqual([
      "network/aws_ec2_client_vpn_endpoint.client_vpn_endpoint: split_tunnel is false, but vpn.splitTunnel is true",
    ]);
  });

  test("absent attribute against split config is a finding", () => {
    const stacks = vpn((endpoint) => delete endpoint.split_tunnel);
    expect(findingsOf(clientVpnTunnelMatchesConfig, stacks)).toEqual([
      "network/aws_ec2_client_vpn_endpoint.client_vpn_endpoint: split_tunnel is nothing, but vpn.splitTunnel is true",
    ]);
  });

  test("full tunnel config passes", () => {
    const stacks = vpn((endpoint) => {
      endpoint.split_tunnel = false;
    });
    expect(
      findingsOf(
        clientVpnTunnelMatchesConfig,
        stacks,
        configWith({ vpn: { splitTunnel: false } }),
      ),
    ).toEqual([]);
  });
});

describe("vpn-keys-are-rsa-2048", () => {
  test.each([
    [
      "RSA 4096",
      { algorithm: "RSA", rsa_bits: 4096 },
      '"RSA" with rsa_bits 4096',
    ],
    [
      "RSA 1024",
      { algorithm: "RSA", rsa_bits: 1024 },
      '"RSA" with rsa_bits 1024',
    ],
    [
      "ECDSA",
      { algorithm: "ECDSA", ecdsa_curve: "P384" },
      '"ECDSA" with rsa_bits nothing',
    ],
  ])("%s CA key is a finding", (_case, key, shown) => {
    const stacks = vpn((_endpoint, resources) => {
      resources.tls_private_key.vpn_ca_key = key;
    });
    expect(findingsOf(vpnKeysAreRsa2048, stacks)).toEqual([
      `network/tls_private_key.vpn_ca_key: algorithm ${shown}, expected "RSA" with 2048`,
    ]);
  });

  test("provider default size passes", () => {
    const stacks = vpn((_endpoint, resources) => {
      resources.tls_private_key.vpn_server_key = { algorithm: "RSA" };
    });
    expect(findingsOf(vpnKeysAreRsa2048, stacks)).toEqual([]);
  });
});
