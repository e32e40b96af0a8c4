import { nameGroup, REPLACE_OR_DESTROY, type ImpactRule } from "./rule";

/** Resource names of one user's key, request and certificate: `vpn_client_<part>_<user id>`. */
const CLIENT_CREDENTIAL_NAME = /^vpn_client_(?:key|request|certificate)_(.+)$/;

/**
 * Changes after which people must receive new credentials: VPN profiles
 * (which inline the CA, the user's certificate and key, and the endpoint's
 * DNS name), signed viewer links, or Cognito viewer accounts.
 */
export const REDISTRIBUTION_RULES: readonly ImpactRule[] = [
  {
    id: "client-vpn-endpoint-replaced",
    category: "redistribution",
    resourceTypes: ["aws_ec2_client_vpn_endpoint"],
    actions: REPLACE_OR_DESTROY,
    explain: () =>
      "A new Client VPN endpoint has a new DNS name: every user needs a new VPN profile (npm run vpn-profiles after the apply).",
  },
  {
    id: "vpn-ca-regenerated",
    category: "redistribution",
    resourceTypes: ["tls_self_signed_cert", "tls_private_key"],
    names: /^vpn_ca_/,
    actions: REPLACE_OR_DESTROY,
    explain: () =>
      "The VPN certificate authority changes, so every client certificate is signed again: every user needs a new VPN profile.",
  },
  {
    id: "vpn-server-certificate-regenerated",
    category: "redistribution",
    resourceTypes: [
      "tls_private_key",
      "tls_cert_request",
      "tls_locally_signed_cert",
      "aws_acm_certificate",
    ],
    names: /^vpn_server_/,
    actions: REPLACE_OR_DESTROY,
    explain: () =>
      "The VPN server certificate changes. Profiles hold only the CA and the server name, so they stay valid unless the CA or the endpoint is also replaced (listed separately).",
  },
  {
    id: "vpn-server-certificate-reimported",
    category: "redistribution",
    resourceTypes: ["aws_acm_certificate"],
    names: /^vpn_server_/,
    actions: ["update"],
    attributes: {
      anyOf: ["certificate_body", "certificate_chain", "private_key"],
    },
    explain: () =>
      "ACM re-imports the VPN server certificate under the same ARN. Profiles stay valid unless the CA also changes (listed separately).",
  },
  {
    id: "vpn-client-certificate-regenerated",
    category: "redistribution",
    resourceTypes: [
      "tls_private_key",
      "tls_cert_request",
      "tls_locally_signed_cert",
    ],
    names: CLIENT_CREDENTIAL_NAME,
    actions: ["replace"],
    explain: (change) =>
      `User ${nameGroup(change, CLIENT_CREDENTIAL_NAME)} needs a new VPN profile; other users keep theirs.`,
  },
  {
    id: "viewer-link-signing-key-regenerated",
    category: "redistribution",
    resourceTypes: ["tls_private_key"],
    names: /signing_key/,
    actions: REPLACE_OR_DESTROY,
    explain: () =>
      "The key that signs viewer links changes: every link issued so far stops working, so issue new ones.",
  },
  {
    id: "cognito-user-pool-replaced",
    category: "redistribution",
    resourceTypes: ["aws_cognito_user_pool"],
    actions: REPLACE_OR_DESTROY,
    explain: (change) =>
      change.kind === "replace"
        ? "The viewers' user pool is deleted and created again, empty: every viewer account is lost, so create each viewer again (output addViewerCommand)."
        : "The viewers' user pool is deleted with every viewer account in it.",
  },
];
