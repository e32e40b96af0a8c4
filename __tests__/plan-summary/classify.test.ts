import {
  classifyChange,
  planChange,
} from "../../scripts/lib/plan-summary/classify";
import { IMPACT_RULES } from "../../scripts/lib/plan-summary/rules";
import { IMPACT_CATEGORIES } from "../../scripts/lib/plan-summary/rules/rule";
import { impactKeys, resourceChange, summarizeFixture } from "./helpers";

function rulesFor(change: ReturnType<typeof resourceChange>): string[] {
  return classifyChange(planChange(change)).map((impact) => impact.ruleId);
}

describe("classification table", () => {
  test("rule ids are unique", () => {
    const ids = IMPACT_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test("every category has rules", () => {
    for (const category of IMPACT_CATEGORIES) {
      expect(
        IMPACT_RULES.filter((rule) => rule.category === category).length,
      ).toBeGreaterThan(0);
    }
  });

  test("fixtures exercise every rule", () => {
    const fixtures = [
      "network-certificates.json",
      "storage-bucket.json",
      "media-changes.json",
      "media-channel-stopped.json",
      "sensitive-values.json",
    ];
    const fired = new Set(
      fixtures.flatMap((file) =>
        summarizeFixture(file).impacts.map((impact) => impact.ruleId),
      ),
    );
    // These rules are covered by the constructed changes below instead of a fixture.
    const constructed = new Set([
      "medialive-channel-replaced",
      "api-rest-api-replaced",
      "iam-permissions",
      "vpc-endpoint-inline-policy",
      "api-inline-policy-or-endpoint-type",
      "api-method-authorization",
      "security-group-inline-rules",
      "corporate-network-route",
      // Cognito sign-in: __tests__/plan-summary/cognito.test.ts.
      "cognito-user-pool-settings",
      "cognito-app-client",
      "cognito-sign-in-domain",
      "cognito-user-pool-replaced",
    ]);
    const missing = IMPACT_RULES.map((rule) => rule.id).filter(
      (id) => !fired.has(id) && !constructed.has(id),
    );
    expect(missing).toEqual([]);
  });
});

describe("fixture plans", () => {
  test("network certificates and access", () => {
    expect(impactKeys(summarizeFixture("network-certificates.json"))).toEqual([
      "client-vpn-endpoint-replaced aws_ec2_client_vpn_endpoint.client_vpn_endpoint",
      "vpn-ca-regenerated tls_self_signed_cert.vpn_ca_certificate",
      "vpn-server-certificate-regenerated tls_locally_signed_cert.vpn_server_certificate",
      "vpn-client-certificate-regenerated tls_locally_signed_cert.vpn_client_certificate_alice",
      "vpn-client-certificate-removed tls_locally_signed_cert.vpn_client_certificate_carol",
      "client-vpn-authorization-rule aws_ec2_client_vpn_authorization_rule.client_vpn_authorize_vpc",
      "security-group-rule aws_vpc_security_group_ingress_rule.execute_api_endpoint_https_from_vpn_clients",
    ]);
  });

  test("storage bucket and policies", () => {
    expect(impactKeys(summarizeFixture("storage-bucket.json"))).toEqual([
      "bucket-replaced-or-destroyed aws_s3_bucket.media_bucket",
      "bucket-policy aws_s3_bucket_policy.media_bucket_policy",
      "vpc-endpoint-policy aws_vpc_endpoint_policy.s3_gateway_endpoint_policy",
      "bucket-expiration-changed aws_s3_bucket_lifecycle_configuration.media_bucket_lifecycle",
    ]);
  });

  test("media outage, access and signing key", () => {
    expect(impactKeys(summarizeFixture("media-changes.json"))).toEqual([
      "medialive-channel-settings aws_medialive_channel.channel",
      "medialive-input-replaced aws_medialive_input.rtmp_input",
      "medialive-input-allow-list aws_medialive_input_security_group.rtmp_allow_list",
      "api-deployment-replaced aws_api_gateway_deployment.api_deployment",
      "api-stage-replaced aws_api_gateway_stage.api_stage",
      "api-resource-policy aws_api_gateway_rest_api_policy.api_resource_policy",
      "api-authorizer aws_api_gateway_authorizer.viewer_link",
      "api-authorizer-function aws_lambda_function.viewer_link_authorizer",
      "iam-role-trust aws_iam_role.medialive_role",
      "viewer-link-signing-key-regenerated tls_private_key.viewer_link_signing_key",
    ]);
  });

  test("channel stopped by start_channel", () => {
    expect(impactKeys(summarizeFixture("media-channel-stopped.json"))).toEqual([
      "medialive-channel-stopped aws_medialive_channel.channel",
    ]);
  });

  test("no-op plan has no impacts", () => {
    const summary = summarizeFixture("network-no-op.json");
    expect(summary.impacts).toEqual([]);
    expect(summary.changes).toEqual([]);
  });

  test("no-op plan counts managed resources only", () => {
    const summary = summarizeFixture("network-no-op.json");
    expect(summary.counts).toEqual({
      create: 0,
      update: 0,
      replace: 0,
      delete: 0,
      "no-op": 2,
    });
  });

  test("client certificate names the user", () => {
    const impact = summarizeFixture("network-certificates.json").impacts.find(
      (found) => found.ruleId === "vpn-client-certificate-regenerated",
    );
    expect(impact?.reason).toBe(
      "User alice needs a new VPN profile; other users keep theirs.",
    );
  });
});

describe("single changes", () => {
  test("channel tag change is no outage", () => {
    const change = resourceChange(
      "aws_medialive_channel",
      "channel",
      ["update"],
      { tags: { a: "1" } },
      { tags: { a: "2" } },
    );
    expect(rulesFor(change)).toEqual([]);
  });

  test("channel start is no outage", () => {
    const change = resourceChange(
      "aws_medialive_channel",
      "channel",
      ["update"],
      { start_channel: false },
      { start_channel: true },
    );
    expect(rulesFor(change)).toEqual([]);
  });

  test("channel destroy is an outage", () => {
    const change = resourceChange(
      "aws_medialive_channel",
      "channel",
      ["delete"],
      { name: "demo-channel" },
      null,
    );
    expect(rulesFor(change)).toEqual(["medialive-channel-replaced"]);
  });

  test("REST API replacement is an outage", () => {
    const change = resourceChange(
      "aws_api_gateway_rest_api",
      "api",
      ["delete", "create"],
      { name: "a" },
      { name: "b" },
    );
    expect(rulesFor(change)).toContain("api-rest-api-replaced");
  });

  test("REST API endpoint type is exposure", () => {
    const change = resourceChange(
      "aws_api_gateway_rest_api",
      "api",
      ["update"],
      { endpoint_configuration: [{ types: ["PRIVATE"] }] },
      { endpoint_configuration: [{ types: ["REGIONAL"] }] },
    );
    expect(rulesFor(change)).toEqual(["api-inline-policy-or-endpoint-type"]);
  });

  test("REST API description is no exposure", () => {
    const change = resourceChange(
      "aws_api_gateway_rest_api",
      "api",
      ["update"],
      { description: "a" },
      { description: "b" },
    );
    expect(rulesFor(change)).toEqual([]);
  });

  test("IAM inline policy is exposure", () => {
    const change = resourceChange(
      "aws_iam_role_policy",
      "write",
      ["update"],
      { policy: "{}" },
      { policy: '{"a":1}' },
    );
    expect(rulesFor(change)).toEqual(["iam-permissions"]);
  });

  test("IAM role tags are no exposure", () => {
    const change = resourceChange(
      "aws_iam_role",
      "role",
      ["update"],
      { tags: {} },
      { tags: { a: "1" } },
    );
    expect(rulesFor(change)).toEqual([]);
  });

  test("endpoint inline policy is exposure", () => {
    const change = resourceChange(
      "aws_vpc_endpoint",
      "s3_gateway_endpoint",
      ["update"],
      { policy: "{}" },
      { policy: '{"a":1}' },
    );
    expect(rulesFor(change)).toEqual(["vpc-endpoint-inline-policy"]);
  });

  test("method authorization is exposure", () => {
    const change = resourceChange(
      "aws_api_gateway_method",
      "get",
      ["update"],
      { authorization: "CUSTOM" },
      { authorization: "NONE" },
    );
    expect(rulesFor(change)).toEqual(["api-method-authorization"]);
  });

  test("security group ingress is exposure", () => {
    const change = resourceChange(
      "aws_security_group",
      "sg",
      ["update"],
      { ingress: [] },
      { ingress: [{ from_port: 443 }] },
    );
    expect(rulesFor(change)).toEqual(["security-group-inline-rules"]);
  });

  test("corporate route change is exposure", () => {
    const change = resourceChange(
      "aws_route",
      "corporate_route_0",
      ["delete", "create"],
      { destination_cidr_block: "192.168.0.0/16" },
      { destination_cidr_block: "172.16.0.0/12" },
      { replace_paths: [["destination_cidr_block"]] },
    );
    expect(rulesFor(change)).toEqual(["corporate-network-route"]);
  });

  test("transit gateway attachment tags are no exposure", () => {
    const change = resourceChange(
      "aws_ec2_transit_gateway_vpc_attachment",
      "transit_gateway_attachment",
      ["update"],
      { tags: {} },
      { tags: { a: "1" } },
    );
    expect(rulesFor(change)).toEqual([]);
  });

  test("security group description is no exposure", () => {
    const change = resourceChange(
      "aws_security_group",
      "sg",
      ["update"],
      { description: "a" },
      { description: "b" },
    );
    expect(rulesFor(change)).toEqual([]);
  });

  test("non-authorizer function is no exposure", () => {
    const change = resourceChange(
      "aws_lambda_function",
      "thumbnailer",
      ["update"],
      { runtime: "a" },
      { runtime: "b" },
    );
    expect(rulesFor(change)).toEqual([]);
  });

  test("new client certificate needs no redistribution", () => {
    const change = resourceChange(
      "tls_locally_signed_cert",
      "vpn_client_certificate_dave",
      ["create"],
      null,
      {},
    );
    expect(rulesFor(change)).toEqual([]);
  });

  test("client key replacement names the user", () => {
    const change = resourceChange(
      "tls_private_key",
      "vpn_client_key_ops_team-1",
      ["delete", "create"],
      {},
      {},
    );
    const impacts = classifyChange(planChange(change));
    expect(impacts.map((impact) => impact.reason)).toEqual([
      "User ops_team-1 needs a new VPN profile; other users keep theirs.",
    ]);
  });

  test("bucket without force_destroy warns", () => {
    const change = resourceChange(
      "aws_s3_bucket",
      "media_bucket",
      ["delete"],
      { force_destroy: false },
      null,
    );
    const [impact] = classifyChange(planChange(change));
    expect(impact?.ruleId).toBe("bucket-replaced-or-destroyed");
    expect(impact?.reason).toMatch(
      /^The bucket is deleted, but force_destroy is false/,
    );
  });

  test("data source is ignored", () => {
    const change = {
      ...resourceChange("aws_s3_bucket", "media_bucket", ["read"], null, {}),
      mode: "data" as const,
    };
    expect(rulesFor(change)).toEqual([]);
  });
});
