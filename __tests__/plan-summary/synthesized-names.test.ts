import {
  classifyChange,
  planChange,
} from "../../scripts/lib/plan-summary/classify";
import type { SynthesizedStacks } from "../../stacks/synthesize";
import { synthAll } from "../support/synth";
import { resourceChange } from "./helpers";

/**
 * Resource types whose replacement always matters to a reviewer. Every
 * synthesized resource of these types must match a rule by its real name,
 * so renaming a resource cannot silently drop it from the summary.
 */
const REPLACEMENT_MATTERS = new Set([
  "tls_private_key",
  "tls_self_signed_cert",
  "tls_cert_request",
  "tls_locally_signed_cert",
  "aws_acm_certificate",
  "aws_ec2_client_vpn_endpoint",
  "aws_medialive_channel",
  "aws_medialive_input",
  "aws_api_gateway_rest_api",
  "aws_api_gateway_deployment",
  "aws_api_gateway_stage",
  "aws_s3_bucket",
  "aws_api_gateway_authorizer",
]);

let stacks: SynthesizedStacks;

beforeAll(() => {
  // Signed links add the link-signing key and the authorizer to the stacks.
  stacks = synthAll({
    vpn: { users: ["alice", "ops.team-1"] },
    viewerAccess: "signed-links",
  });
});

function replaceableResources(): string[] {
  return Object.values(stacks).flatMap((stack) =>
    Object.entries(stack.resource ?? {})
      .filter(([type]) => REPLACEMENT_MATTERS.has(type))
      .flatMap(([type, resources]) =>
        Object.keys(resources).map((name) => `${type}.${name}`),
      ),
  );
}

describe("rules against synthesized names", () => {
  test("network credentials are present", () => {
    expect(replaceableResources()).toEqual(
      expect.arrayContaining([
        "tls_private_key.vpn_ca_key",
        "tls_self_signed_cert.vpn_ca_certificate",
        "tls_locally_signed_cert.vpn_server_certificate",
        "tls_locally_signed_cert.vpn_client_certificate_alice",
        "tls_locally_signed_cert.vpn_client_certificate_ops_team-1",
        "aws_ec2_client_vpn_endpoint.client_vpn_endpoint",
      ]),
    );
  });

  test("every replacement is classified", () => {
    const unclassified = replaceableResources().filter((address) => {
      const [type, name] = address.split(".") as [string, string];
      const change = resourceChange(
        type,
        name,
        ["delete", "create"],
        { value: 1 },
        { value: 2 },
        { replace_paths: [["value"]] },
      );
      return classifyChange(planChange(change)).length === 0;
    });
    expect(unclassified).toEqual([]);
  });

  test("client certificate reason names the user id", () => {
    const change = resourceChange(
      "tls_locally_signed_cert",
      "vpn_client_certificate_ops_team-1",
      ["delete", "create"],
      {},
      {},
    );
    const reasons = classifyChange(planChange(change)).map(
      (impact) => impact.reason,
    );
    expect(reasons).toEqual([
      "User ops_team-1 needs a new VPN profile; other users keep theirs.",
    ]);
  });
});
