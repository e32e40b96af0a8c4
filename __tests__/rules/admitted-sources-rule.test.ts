import { securityGroupAdmitsOnlyConfiguredSources as rule } from "../../stacks/rules/security-group-admits-only-configured-sources";
import type { SynthesizedStacks } from "../../stacks/synthesize";
import { configWith, synthAll } from "../support/synth";
import { findingsOf, NETWORK_STATE, stackJson, stacksOf } from "./fixture";

/** Viewers reach the VPC only from two corporate networks: no Client VPN. */
const CORPORATE_ONLY = {
  vpn: { enabled: false },
  network: { corporateCidrs: ["192.168.0.0/16", "172.16.0.0/12"] },
};
const CORPORATE_CONFIG = configWith(CORPORATE_ONLY);
const CORPORATE_ADMITTED = "10.20.0.0/16, 192.168.0.0/16, 172.16.0.0/12";

/** Builds a media stack with one ingress rule from `cidr` on the RTMP input's group. */
function rtmpIngressFrom(cidr: string): SynthesizedStacks {
  return stacksOf({
    media: stackJson({
      aws_vpc_security_group_ingress_rule: {
        rtmp: {
          security_group_id: "${aws_security_group.input.id}",
          cidr_ipv4: cidr,
          ip_protocol: "tcp",
        },
      },
    }),
  });
}

describe("security-group-admits-only-configured-sources", () => {
  test("VPC and VPN clients pass", () => {
    const stacks = stacksOf({
      network: stackJson({
        aws_vpc_security_group_ingress_rule: {
          from_vpc: { cidr_ipv4: "10.20.0.0/16" },
          from_clients: { cidr_ipv4: "10.100.0.0/22" },
        },
      }),
    });
    expect(findingsOf(rule, stacks, configWith())).toEqual([]);
  });

  test.each([
    "10.20.0.0/16",
    "192.168.10.0/24",
    "172.16.0.0/12",
    "172.31.255.255/32",
  ])("corporate-only config admits %s", (cidr) => {
    expect(findingsOf(rule, rtmpIngressFrom(cidr), CORPORATE_CONFIG)).toEqual(
      [],
    );
  });

  test.each([
    ["VPN client block", "10.100.0.0/22"],
    ["block wider than a corporate one", "192.168.0.0/15"],
    ["unrelated block", "203.0.113.0/24"],
  ])("corporate-only config rejects a %s", (_case, cidr) => {
    expect(findingsOf(rule, rtmpIngressFrom(cidr), CORPORATE_CONFIG)).toEqual([
      `media/aws_vpc_security_group_ingress_rule.rtmp: cidr_ipv4 admits ${cidr}, outside the admitted blocks ${CORPORATE_ADMITTED}`,
    ]);
  });

  test("VPN config rejects a corporate block it lacks", () => {
    expect(
      findingsOf(rule, rtmpIngressFrom("192.168.0.0/16"), configWith()),
    ).toEqual([
      "media/aws_vpc_security_group_ingress_rule.rtmp: cidr_ipv4 admits 192.168.0.0/16, outside the admitted blocks 10.20.0.0/16, 10.100.0.0/22",
    ]);
  });

  test.each([
    [
      "aws_security_group",
      { ingress: [{ cidr_blocks: ["10.20.0.0/16", "198.51.100.0/24"] }] },
      "ingress[0].cidr_blocks admits 198.51.100.0/24",
    ],
    [
      "aws_default_security_group",
      { ingress: { cidr_blocks: ["198.51.100.0/24"] } },
      "ingress[0].cidr_blocks admits 198.51.100.0/24",
    ],
    [
      "aws_security_group_rule",
      { type: "ingress", cidr_blocks: ["198.51.100.0/24"] },
      "cidr_blocks admits 198.51.100.0/24",
    ],
    [
      "aws_medialive_input_security_group",
      {
        whitelist_rules: [
          { cidr: "10.20.0.0/16" },
          { cidr: "198.51.100.0/24" },
        ],
      },
      "whitelist_rules[1].cidr admits 198.51.100.0/24",
    ],
  ])("%s with an outside block is a finding", (type, body, detail) => {
    const stacks = stacksOf({ media: stackJson({ [type]: { group: body } }) });
    expect(findingsOf(rule, stacks, CORPORATE_CONFIG)).toEqual([
      `media/${type}.group: ${detail}, outside the admitted blocks ${CORPORATE_ADMITTED}`,
    ]);
  });

  test("egress to an outside block passes", () => {
    const stacks = stacksOf({
      media: stackJson({
        aws_security_group_rule: {
          out: { type: "egress", cidr_blocks: ["198.51.100.0/24"] },
        },
      }),
    });
    expect(findingsOf(rule, stacks, CORPORATE_CONFIG)).toEqual([]);
  });

  test("open ingress is left to PS-VPC-001", () => {
    expect(
      findingsOf(rule, rtmpIngressFrom("0.0.0.0/0"), CORPORATE_CONFIG),
    ).toEqual([]);
  });

  test("IPv6 source is a finding", () => {
    const stacks = stacksOf({
      network: stackJson({
        aws_vpc_security_group_ingress_rule: {
          v6: { cidr_ipv6: "2001:db8::/32" },
        },
      }),
    });
    expect(findingsOf(rule, stacks, CORPORATE_CONFIG)).toEqual([
      "network/aws_vpc_security_group_ingress_rule.v6: cidr_ipv6 admits 2001:db8::/32, but the configuration admits no IPv6 network",
    ]);
  });

  test("unresolved reference is a finding", () => {
    expect(
      findingsOf(
        rule,
        rtmpIngressFrom("${aws_vpc.other.cidr_block}"),
        CORPORATE_CONFIG,
      ),
    ).toEqual([
      'media/aws_vpc_security_group_ingress_rule.rtmp: cidr_ipv4 admits "${aws_vpc.other.cidr_block}", which is not a literal IPv4 CIDR that can be compared with the admitted blocks',
    ]);
  });

  test.each([
    ["corporate output passes", "192.168.0.0/16", []],
    [
      "outside output is a finding",
      "198.51.100.0/24",
      [
        `media/aws_vpc_security_group_ingress_rule.rtmp: cidr_ipv4 admits 198.51.100.0/24, outside the admitted blocks ${CORPORATE_ADMITTED}`,
      ],
    ],
  ])("remote-state %s", (_case, published, expected) => {
    const stacks = stacksOf({
      network: stackJson({}, { output: { sourceCidr: { value: published } } }),
      media: stackJson(
        {
          aws_vpc_security_group_ingress_rule: {
            rtmp: {
              cidr_ipv4:
                "${data.terraform_remote_state.network_state.outputs.sourceCidr}",
            },
          },
        },
        { data: NETWORK_STATE },
      ),
    });
    expect(findingsOf(rule, stacks, CORPORATE_CONFIG)).toEqual(expected);
  });
});

describe("admitted sources in the synthesized stacks", () => {
  let stacks: SynthesizedStacks;

  beforeAll(() => {
    stacks = synthAll(CORPORATE_ONLY);
  });

  test("corporate-only stacks pass", () => {
    expect(findingsOf(rule, stacks, CORPORATE_CONFIG)).toEqual([]);
  });

  test("corporate blocks reach the API and the input", () => {
    const ingress = (stack: "network" | "media") =>
      Object.values(
        stacks[stack].resource?.aws_vpc_security_group_ingress_rule ?? {},
      ).map((body) => body.cidr_ipv4);
    expect(ingress("network").sort()).toEqual([
      "10.20.0.0/16",
      "172.16.0.0/12",
      "192.168.0.0/16",
    ]);
    expect(ingress("media").sort()).toEqual([
      "10.20.0.0/16",
      "172.16.0.0/12",
      "192.168.0.0/16",
    ]);
  });

  test("edited CIDR in the JSON is a finding", () => {
    const edited = structuredClone(stacks);
    edited.network.resource!.aws_vpc_security_group_ingress_rule.execute_api_endpoint_https_from_corporate_0.cidr_ipv4 =
      "10.100.0.0/22";
    expect(findingsOf(rule, edited, CORPORATE_CONFIG)).toEqual([
      `network/aws_vpc_security_group_ingress_rule.execute_api_endpoint_https_from_corporate_0: cidr_ipv4 admits 10.100.0.0/22, outside the admitted blocks ${CORPORATE_ADMITTED}`,
    ]);
  });
});
