import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, TerraformStack, Testing } from "cdktf";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import { VIEWER_LINK_OUTPUTS } from "../../stacks/viewer-access/outputs";
import {
  createViewerLinkSigningKey,
  VIEWER_LINK_SIGNING_KEY_ID,
  VIEWER_LINK_SIGNING_KEY_OUTPUT,
} from "../../stacks/viewer-access/signing-key";

interface SynthesizedStack {
  resource: { tls_private_key: Record<string, Record<string, unknown>> };
  provider: { tls?: unknown[] };
  output: Record<string, { value: string; sensitive?: boolean }>;
}

/**
 * Synthesizes one stack in memory. The App gets a temporary outdir because
 * its constructor creates `<outdir>/stacks`, which in the project root would
 * block the next `npm run synth`.
 */
function synthesize(build: (stack: TerraformStack) => void): SynthesizedStack {
  const outdir = mkdtempSync(join(tmpdir(), "signing-key-"));
  try {
    const stack = new TerraformStack(new App({ outdir }), "media");
    build(stack);
    return JSON.parse(Testing.synth(stack)) as SynthesizedStack;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe("createViewerLinkSigningKey", () => {
  test("key is ECDSA P-256 with a readable address", () => {
    const json = synthesize((stack) => createViewerLinkSigningKey(stack));
    expect(VIEWER_LINK_SIGNING_KEY_ID).toBe("viewer_link_signing_key");
    expect(json.resource.tls_private_key).toEqual({
      viewer_link_signing_key: { algorithm: "ECDSA", ecdsa_curve: "P256" },
    });
  });

  test("private key is only in a sensitive output", () => {
    const json = synthesize((stack) => createViewerLinkSigningKey(stack));
    expect(VIEWER_LINK_SIGNING_KEY_OUTPUT).toBe(VIEWER_LINK_OUTPUTS.signingKey);
    const output = json.output[VIEWER_LINK_SIGNING_KEY_OUTPUT]!;
    expect(output.sensitive).toBe(true);
    expect(output.value).toBe(
      "${tls_private_key.viewer_link_signing_key.private_key_pem_pkcs8}",
    );
    const others = Object.entries(json.output).filter(
      ([name]) => name !== VIEWER_LINK_SIGNING_KEY_OUTPUT,
    );
    expect(JSON.stringify(others)).not.toContain("private_key");
  });

  test("public key is a Terraform reference", () => {
    let publicKeyPem = "";
    synthesize((stack) => {
      publicKeyPem = createViewerLinkSigningKey(stack).publicKeyPem;
    });
    expect(publicKeyPem).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
  });

  test("TLS provider is added once", () => {
    const json = synthesize((stack) => createViewerLinkSigningKey(stack));
    expect(json.provider.tls).toHaveLength(1);
  });

  test("existing TLS provider is reused", () => {
    const json = synthesize((stack) => {
      new TlsProvider(stack, "tls_existing");
      createViewerLinkSigningKey(stack);
    });
    expect(json.provider.tls).toHaveLength(1);
  });
});
