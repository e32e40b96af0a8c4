import { refersTo } from "./references";
import type { SecurityRule } from "./rule";
import {
  numberValue,
  resourcesOfType,
  show,
  type Block,
} from "./terraform-json";

/** Attributes through which a certificate resource uses a private key. */
const KEY_USES: ReadonlyArray<{ type: string; attribute: string }> = [
  { type: "tls_self_signed_cert", attribute: "private_key_pem" },
  { type: "tls_cert_request", attribute: "private_key_pem" },
  { type: "tls_locally_signed_cert", attribute: "ca_private_key_pem" },
  { type: "aws_acm_certificate", attribute: "private_key" },
];

/** The TLS provider's default `rsa_bits` (hashicorp/tls 4.1). */
const TLS_PROVIDER_DEFAULT_RSA_BITS = 2048;

export const vpnKeysAreRsa2048: SecurityRule = {
  id: "PS-VPN-005",
  name: "vpn-keys-are-rsa-2048",
  what: "A private key of the VPN certificates is not a 2048-bit RSA key.",
  why: "Client VPN accepts only 1024- and 2048-bit RSA keys, and 1024 bits is too weak to protect the tunnel.",
  check(stacks) {
    const uses = KEY_USES.flatMap(({ type, attribute }) =>
      resourcesOfType(stacks, type).map((certificate) => ({
        certificate,
        value: certificate.body[attribute],
      })),
    );
    const certificateKeys = resourcesOfType(stacks, "tls_private_key").filter(
      (key: Block) =>
        uses.some(
          ({ certificate, value }) =>
            certificate.stack === key.stack && refersTo(value, key.address),
        ),
    );
    return certificateKeys.flatMap((key) => {
      const bits =
        key.body.rsa_bits === undefined
          ? TLS_PROVIDER_DEFAULT_RSA_BITS
          : numberValue(key.body.rsa_bits);
      return key.body.algorithm === "RSA" && bits === 2048
        ? []
        : [
            {
              stack: key.stack,
              resource: key.address,
              detail: `algorithm ${show(
                key.body.algorithm,
              )} with rsa_bits ${show(
                key.body.rsa_bits,
              )}, expected "RSA" with 2048`,
            },
          ];
    });
  },
};
