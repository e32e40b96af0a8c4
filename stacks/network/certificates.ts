import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { CertRequest } from "@cdktf/provider-tls/lib/cert-request";
import { LocallySignedCert } from "@cdktf/provider-tls/lib/locally-signed-cert";
import { PrivateKey } from "@cdktf/provider-tls/lib/private-key";
import { SelfSignedCert } from "@cdktf/provider-tls/lib/self-signed-cert";
import { resourceIdForUser } from "../naming";
import type { StreamingStack } from "../streaming-stack";

/** AWS Client VPN accepts only 1024- and 2048-bit RSA keys; 1024 is too weak. */
export const VPN_RSA_BITS = 2048;

export interface ClientCertificate {
  readonly user: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface VpnCertificates {
  readonly caCertificatePem: string;
  /** The server certificate imported into ACM; it also serves as the client root chain. */
  readonly serverCertificate: AcmCertificate;
  readonly clients: readonly ClientCertificate[];
}

/**
 * Mints the VPN's CA, server and per-user client certificates with the TLS
 * provider. Only the server certificate (with the CA as its chain) goes to
 * ACM. Client keys never leave Terraform state.
 */
export function createVpnCertificates(stack: StreamingStack): VpnCertificates {
  const { config, names } = stack;
  const validityPeriodHours = config.certificates.validityDays * 24;
  const organization = names.resource("vpn");

  const caKey = new PrivateKey(stack, "vpn_ca_key", {
    algorithm: "RSA",
    rsaBits: VPN_RSA_BITS,
  });
  const caCertificate = new SelfSignedCert(stack, "vpn_ca_certificate", {
    privateKeyPem: caKey.privateKeyPem,
    subject: [{ commonName: names.caCommonName, organization }],
    isCaCertificate: true,
    validityPeriodHours,
    allowedUses: ["cert_signing", "crl_signing", "digital_signature"],
  });

  // ACM refuses a Client VPN server certificate "without a domain", so the
  // common name contains a dot and repeats as a DNS subject alternative name.
  const serverKey = new PrivateKey(stack, "vpn_server_key", {
    algorithm: "RSA",
    rsaBits: VPN_RSA_BITS,
  });
  const serverRequest = new CertRequest(stack, "vpn_server_request", {
    privateKeyPem: serverKey.privateKeyPem,
    subject: [{ commonName: names.serverCommonName, organization }],
    dnsNames: [names.serverCommonName],
  });
  const serverCertificate = new LocallySignedCert(
    stack,
    "vpn_server_certificate",
    {
      certRequestPem: serverRequest.certRequestPem,
      caPrivateKeyPem: caKey.privateKeyPem,
      caCertPem: caCertificate.certPem,
      validityPeriodHours,
      allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
    },
  );
  const serverAcmCertificate = new AcmCertificate(
    stack,
    "vpn_server_acm_certificate",
    {
      privateKey: serverKey.privateKeyPem,
      certificateBody: serverCertificate.certPem,
      certificateChain: caCertificate.certPem,
      tags: { Name: names.resource("vpn-server") },
    },
  );

  const clients = config.vpn.users.map((user) => {
    const id = resourceIdForUser(user);
    const key = new PrivateKey(stack, `vpn_client_key_${id}`, {
      algorithm: "RSA",
      rsaBits: VPN_RSA_BITS,
    });
    const request = new CertRequest(stack, `vpn_client_request_${id}`, {
      privateKeyPem: key.privateKeyPem,
      subject: [{ commonName: user, organization }],
    });
    const certificate = new LocallySignedCert(
      stack,
      `vpn_client_certificate_${id}`,
      {
        certRequestPem: request.certRequestPem,
        caPrivateKeyPem: caKey.privateKeyPem,
        caCertPem: caCertificate.certPem,
        validityPeriodHours,
        allowedUses: ["digital_signature", "key_encipherment", "client_auth"],
      },
    );
    return {
      user,
      certificatePem: certificate.certPem,
      privateKeyPem: key.privateKeyPem,
    };
  });

  return {
    caCertificatePem: caCertificate.certPem,
    serverCertificate: serverAcmCertificate,
    clients,
  };
}
