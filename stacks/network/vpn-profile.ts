/** Everything an OpenVPN client profile for AWS Client VPN needs. */
export interface VpnProfileInput {
  /** Endpoint DNS name without the leading `*.` that AWS reports. */
  readonly remoteHost: string;
  readonly port: number;
  readonly transportProtocol: "udp" | "tcp";
  /** Common name of the server certificate; the client refuses any other server. */
  readonly serverName: string;
  readonly caCertificatePem: string;
  readonly clientCertificatePem: string;
  readonly clientPrivateKeyPem: string;
}

/**
 * Renders a complete OpenVPN profile with the certificates and key inline.
 * `remote-random-hostname` makes the client put a random label before the
 * endpoint name, as AWS Client VPN requires for its DNS load balancing.
 */
export function renderVpnProfile(input: VpnProfileInput): string {
  return [
    "client",
    "dev tun",
    `proto ${input.transportProtocol}`,
    `remote ${input.remoteHost} ${input.port}`,
    "remote-random-hostname",
    "resolv-retry infinite",
    "nobind",
    "persist-key",
    "persist-tun",
    "remote-cert-tls server",
    `verify-x509-name ${input.serverName} name`,
    "cipher AES-256-GCM",
    "reneg-sec 0",
    "verb 3",
    "<ca>",
    input.caCertificatePem,
    "</ca>",
    "<cert>",
    input.clientCertificatePem,
    "</cert>",
    "<key>",
    input.clientPrivateKeyPem,
    "</key>",
    "",
  ].join("\n");
}
