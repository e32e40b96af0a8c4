import { outputHidesSecrets } from "../../stacks/rules/output-hides-secrets";
import { findingsOf, NETWORK_STATE, stackJson, stacksOf } from "./fixture";

const KEY_PEM = "${tls_private_key.vpn_client_key_operator.private_key_pem}";

function outputs(
  output: Record<string, { value: unknown; sensitive?: boolean }>,
  extra: Record<string, unknown> = {},
) {
  return stacksOf({ network: stackJson({}, { output, ...extra }) });
}

describe("output-hides-secrets", () => {
  test.each([
    [
      "a sensitive key",
      {
        value: {
          operator: `<key>\n\${chomp(${KEY_PEM.slice(2, -1)})}\n</key>`,
        },
        sensitive: true,
      },
    ],
    [
      "a certificate",
      {
        value: "${tls_self_signed_cert.vpn_ca_certificate.cert_pem}",
        sensitive: false,
      },
    ],
    ["a public key", { value: "${tls_private_key.signing.public_key_pem}" }],
  ])("%s passes", (_case, output) => {
    expect(
      findingsOf(outputHidesSecrets, outputs({ checked: output })),
    ).toEqual([]);
  });

  test.each([
    [
      "a private key",
      { value: KEY_PEM, sensitive: false },
      "refers to tls_private_key.vpn_client_key_operator.private_key_pem",
    ],
    [
      "a wrapped key",
      { value: { operator: `\${chomp(${KEY_PEM.slice(2, -1)})}` } },
      "refers to tls_private_key.vpn_client_key_operator.private_key_pem",
    ],
    [
      "a signing secret",
      { value: "${random_password.token_signing_key.result}" },
      "refers to random_password.token_signing_key.result",
    ],
    [
      "a counted key",
      { value: "${tls_private_key.signing[0].private_key_pem_pkcs8}" },
      "refers to tls_private_key.signing[0].private_key_pem_pkcs8",
    ],
    [
      "a secret version",
      { value: "${data.aws_secretsmanager_secret_version.key.secret_string}" },
      "refers to data.aws_secretsmanager_secret_version.key.secret_string",
    ],
    [
      "nonsensitive()",
      { value: "${nonsensitive(var.x)}" },
      "calls nonsensitive()",
    ],
    [
      "PEM text",
      { value: "-----BEGIN RSA PRIVATE KEY-----\nMIIE" },
      "contains a PEM private key",
    ],
  ])("%s is a finding", (_case, output, reason) => {
    expect(findingsOf(outputHidesSecrets, outputs({ leaked: output }))).toEqual(
      [`network/output.leaked: is not sensitive and ${reason}`],
    );
  });

  test("secret behind a local is a finding", () => {
    const stacks = outputs(
      { leaked: { value: "${local.profile}" } },
      { locals: { profile: `key ${KEY_PEM}` } },
    );
    expect(findingsOf(outputHidesSecrets, stacks)).toEqual([
      "network/output.leaked: is not sensitive and local.profile refers to tls_private_key.vpn_client_key_operator.private_key_pem",
    ]);
  });

  test("re-published sensitive output is a finding", () => {
    const stacks = stacksOf({
      network: stackJson(
        {},
        { output: { profiles: { value: KEY_PEM, sensitive: true } } },
      ),
      media: stackJson(
        {},
        {
          data: NETWORK_STATE,
          output: {
            copy: {
              value:
                "${data.terraform_remote_state.network_state.outputs.profiles}",
            },
          },
        },
      ),
    });
    expect(findingsOf(outputHidesSecrets, stacks)).toEqual([
      "media/output.copy: is not sensitive and re-publishes the sensitive output profiles of stack network",
    ]);
  });

  test("re-published plain output passes", () => {
    const stacks = stacksOf({
      network: stackJson(
        {},
        { output: { vpcId: { value: "${aws_vpc.vpc.id}", sensitive: false } } },
      ),
      media: stackJson(
        {},
        {
          data: NETWORK_STATE,
          output: {
            vpc: {
              value:
                "${data.terraform_remote_state.network_state.outputs.vpcId}",
            },
          },
        },
      ),
    });
    expect(findingsOf(outputHidesSecrets, stacks)).toEqual([]);
  });
});
