import { defaultSecurityGroupHasNoRules } from "../../stacks/rules/default-security-group-has-no-rules";
import { networkHasNoInternetPath } from "../../stacks/rules/network-has-no-internet-path";
import { s3EndpointHasPolicy } from "../../stacks/rules/s3-endpoint-has-policy";
import { securityGroupAllowsNoPublicIngress } from "../../stacks/rules/security-group-allows-no-public-ingress";
import { vpcHasFlowLogs } from "../../stacks/rules/vpc-has-flow-logs";
import {
  findingsOf,
  NETWORK_STATE,
  policy,
  stackJson,
  stacksOf,
} from "./fixture";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const VPC_ID = "${aws_vpc.vpc.id}";

/** Builds the parts of the network stack that these rules read, as the network stack writes them. */
function compliantNetwork(): Resources {
  return {
    aws_vpc: { vpc: { cidr_block: "10.20.0.0/16" } },
    aws_default_security_group: {
      default_security_group: { vpc_id: VPC_ID, ingress: [], egress: [] },
    },
    aws_flow_log: {
      vpc_flow_log: {
        vpc_id: VPC_ID,
        traffic_type: "ALL",
        log_destination: "${aws_cloudwatch_log_group.flow.arn}",
      },
    },
    aws_subnet: {
      private_subnet_0: {
        vpc_id: VPC_ID,
        cidr_block: "10.20.0.0/24",
        map_public_ip_on_launch: false,
      },
    },
    aws_security_group: { endpoint: { vpc_id: VPC_ID } },
    aws_vpc_security_group_ingress_rule: {
      https: {
        security_group_id: "${aws_security_group.endpoint.id}",
        cidr_ipv4: "10.100.0.0/22",
        ip_protocol: "tcp",
      },
    },
    aws_vpc_endpoint: {
      s3_gateway_endpoint: {
        vpc_id: VPC_ID,
        service_name: "com.amazonaws.us-east-1.s3",
        vpc_endpoint_type: "Gateway",
        policy: policy({
          Effect: "Allow",
          Principal: "*",
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::bucket/*",
        }),
      },
    },
  };
}

function network(change: (resources: Resources) => void = () => undefined) {
  const resources = compliantNetwork();
  change(resources);
  return stacksOf({ network: stackJson(resources) });
}

const NETWORK_RULES = [
  securityGroupAllowsNoPublicIngress,
  defaultSecurityGroupHasNoRules,
  vpcHasFlowLogs,
  networkHasNoInternetPath,
  s3EndpointHasPolicy,
];

test.each(NETWORK_RULES.map((rule) => [rule.id, rule] as const))(
  "%s passes a compliant network",
  (_id, rule) => {
    expect(findingsOf(rule, network())).toEqual([]);
  },
);

describe("security-group-allows-no-public-ingress", () => {
  test.each([
    [
      "aws_vpc_security_group_ingress_rule",
      { cidr_ipv4: "0.0.0.0/0", ip_protocol: "tcp" },
      "cidr_ipv4 allows ingress from 0.0.0.0/0",
    ],
    [
      "aws_vpc_security_group_ingress_rule",
      { cidr_ipv6: "::/0", ip_protocol: "-1" },
      "cidr_ipv6 allows ingress from ::/0",
    ],
    [
      "aws_security_group_rule",
      { type: "ingress", cidr_blocks: ["10.0.0.0/8", "0.0.0.0/0"] },
      "cidr_blocks allows ingress from 0.0.0.0/0",
    ],
    [
      "aws_security_group",
      { ingress: [{ cidr_blocks: [], ipv6_cidr_blocks: ["::/0"] }] },
      "ingress[0].ipv6_cidr_blocks allows ingress from ::/0",
    ],
    [
      "aws_default_security_group",
      { ingress: { cidr_blocks: ["0.0.0.0/0"] } },
      "ingress[0].cidr_blocks allows ingress from 0.0.0.0/0",
    ],
    [
      "aws_medialive_input_security_group",
      { whitelist_rules: [{ cidr: "0.0.0.0/0" }] },
      "whitelist_rules[0].cidr allows ingress from 0.0.0.0/0",
    ],
  ])("%s open to all is a finding", (type, body, detail) => {
    const stacks = stacksOf({ media: stackJson({ [type]: { open: body } }) });
    expect(findingsOf(securityGroupAllowsNoPublicIngress, stacks)).toEqual([
      `media/${type}.open: ${detail}`,
    ]);
  });

  test("egress to all passes", () => {
    const stacks = stacksOf({
      media: stackJson({
        aws_security_group_rule: {
          out: { type: "egress", cidr_blocks: ["0.0.0.0/0"] },
        },
      }),
    });
    expect(findingsOf(securityGroupAllowsNoPublicIngress, stacks)).toEqual([]);
  });
});

describe("default-security-group-has-no-rules", () => {
  test("unmanaged default group is a finding", () => {
    const stacks = network(
      (resources) => delete resources.aws_default_security_group,
    );
    expect(findingsOf(defaultSecurityGroupHasNoRules, stacks)).toEqual([
      "network/aws_vpc.vpc: has no aws_default_security_group that removes its rules",
    ]);
  });

  test("inline rules are a finding", () => {
    const stacks = network((resources) => {
      resources.aws_default_security_group.default_security_group.egress = [
        { protocol: "-1", cidr_blocks: ["10.0.0.0/8"] },
      ];
    });
    expect(findingsOf(defaultSecurityGroupHasNoRules, stacks)).toEqual([
      "network/aws_default_security_group.default_security_group: has 1 egress rule(s)",
    ]);
  });

  test.each([
    [
      "aws_vpc_security_group_ingress_rule",
      "${aws_default_security_group.default_security_group.id}",
    ],
    ["aws_security_group_rule", "${aws_vpc.vpc.default_security_group_id}"],
  ])("%s on the default group is a finding", (type, groupId) => {
    const stacks = network((resources) => {
      resources[type] = {
        added: { security_group_id: groupId, cidr_ipv4: "10.20.0.0/16" },
      };
    });
    expect(findingsOf(defaultSecurityGroupHasNoRules, stacks)).toEqual([
      `network/${type}.added: adds a rule to the default security group`,
    ]);
  });
});

describe("vpc-has-flow-logs", () => {
  test("missing flow log is a finding", () => {
    const stacks = network((resources) => delete resources.aws_flow_log);
    expect(findingsOf(vpcHasFlowLogs, stacks)).toEqual([
      "network/aws_vpc.vpc: has no aws_flow_log",
    ]);
  });

  test("rejected traffic only is a finding", () => {
    const stacks = network((resources) => {
      resources.aws_flow_log.vpc_flow_log.traffic_type = "REJECT";
    });
    expect(findingsOf(vpcHasFlowLogs, stacks)).toEqual([
      'network/aws_vpc.vpc: no aws_flow_log with traffic_type "ALL" and a destination (found traffic_type "REJECT")',
    ]);
  });

  test("flow log in another stack passes", () => {
    const resources = compliantNetwork();
    const flowLog = resources.aws_flow_log;
    delete resources.aws_flow_log;
    flowLog.vpc_flow_log.vpc_id =
      "${data.terraform_remote_state.network_state.outputs.vpcId}";
    const stacks = stacksOf({
      network: stackJson(resources, { output: { vpcId: { value: VPC_ID } } }),
      storage: stackJson({ aws_flow_log: flowLog }, { data: NETWORK_STATE }),
    });
    expect(findingsOf(vpcHasFlowLogs, stacks)).toEqual([]);
  });
});

describe("network-has-no-internet-path", () => {
  test.each([
    "aws_internet_gateway",
    "aws_nat_gateway",
    "aws_egress_only_internet_gateway",
  ])("%s is a finding", (type) => {
    const stacks = network((resources) => {
      resources[type] = { gateway: { vpc_id: VPC_ID } };
    });
    expect(findingsOf(networkHasNoInternetPath, stacks)).toEqual([
      `network/${type}.gateway: ${type} connects the VPC to the internet`,
    ]);
  });

  test("public subnet is a finding", () => {
    const stacks = network((resources) => {
      resources.aws_subnet.private_subnet_0.map_public_ip_on_launch = true;
    });
    expect(findingsOf(networkHasNoInternetPath, stacks)).toEqual([
      "network/aws_subnet.private_subnet_0: map_public_ip_on_launch is true",
    ]);
  });
});

describe("s3-endpoint-has-policy", () => {
  test("missing policy is a finding", () => {
    const stacks = network(
      (resources) =>
        delete resources.aws_vpc_endpoint.s3_gateway_endpoint.policy,
    );
    expect(findingsOf(s3EndpointHasPolicy, stacks)).toEqual([
      "network/aws_vpc_endpoint.s3_gateway_endpoint: has no policy attribute and no aws_vpc_endpoint_policy",
    ]);
  });

  test("policy from another stack passes", () => {
    const resources = compliantNetwork();
    delete resources.aws_vpc_endpoint.s3_gateway_endpoint.policy;
    const stacks = stacksOf({
      network: stackJson(resources, {
        output: {
          s3GatewayEndpointId: {
            value: "${aws_vpc_endpoint.s3_gateway_endpoint.id}",
          },
        },
      }),
      storage: stackJson(
        {
          aws_vpc_endpoint_policy: {
            s3: {
              vpc_endpoint_id:
                "${data.terraform_remote_state.network_state.outputs.s3GatewayEndpointId}",
              policy: "{}",
            },
          },
        },
        { data: NETWORK_STATE },
      ),
    });
    expect(findingsOf(s3EndpointHasPolicy, stacks)).toEqual([]);
  });

  test("policy for another endpoint is a finding", () => {
    const resources = compliantNetwork();
    delete resources.aws_vpc_endpoint.s3_gateway_endpoint.policy;
    resources.aws_vpc_endpoint_policy = {
      other: {
        vpc_endpoint_id: "${aws_vpc_endpoint.execute_api_endpoint.id}",
        policy: "{}",
      },
    };
    expect(
      findingsOf(
        s3EndpointHasPolicy,
        stacksOf({ network: stackJson(resources) }),
      ),
    ).toEqual([
      "network/aws_vpc_endpoint.s3_gateway_endpoint: has no policy attribute and no aws_vpc_endpoint_policy",
    ]);
  });

  test("interface endpoint of another service passes", () => {
    const stacks = network((resources) => {
      resources.aws_vpc_endpoint.execute_api = {
        service_name: "com.amazonaws.us-east-1.execute-api",
      };
    });
    expect(findingsOf(s3EndpointHasPolicy, stacks)).toEqual([]);
  });
});
