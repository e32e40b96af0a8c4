import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { TerraformOutput, type TerraformStack } from "cdktf";
import { VIEWER_LINK_OUTPUTS } from "./outputs";

/** Resource id of the signing key, so its plan address reads `tls_private_key.viewer_link_signing_key`. */
export const VIEWER_LINK_SIGNING_KEY_ID = "viewer_link_signing_key";

/** Name of the sensitive output that contains the private key. The `viewer-link` command reads it. */
export const VIEWER_LINK_SIGNING_KEY_OUTPUT = VIEWER_LINK_OUTPUTS.signingKey;

export interface ViewerLinkSigningKey {
  readonly key: PrivateKey;
  /** SPKI PEM public key, for the authorizer's environment. */
  readonly publicKeyPem: string;
  readonly output: TerraformOutput;
}

/**
 * Creates the ECDSA P-256 key pair that signs viewer tokens, with the TLS
 * provider, and the sensitive output that hands the private key (PKCS #8
 * PEM) to the `viewer-link` command. The private key exists only in
 * Terraform state and that output. Adds the TLS provider to the stack when
 * it has none.
 */
export function createViewerLinkSigningKey(
  stack: TerraformStack,
): ViewerLinkSigningKey {
  if (!stack.node.children.some((child) => child instanceof TlsProvider))
    new TlsProvider(stack, "tls");

  const key = new PrivateKey(stack, VIEWER_LINK_SIGNING_KEY_ID, {
    algorithm: "ECDSA",
    ecdsaCurve: "P256",
  });
  const output = new TerraformOutput(stack, VIEWER_LINK_SIGNING_KEY_OUTPUT, {
    value: key.privateKeyPemPkcs8,
    description:
      "Private key that signs viewer links (PKCS #8 PEM); read by npm run viewer-link",
    sensitive: true,
  });
  return { key, publicKeyPem: key.publicKeyPem, output };
}
