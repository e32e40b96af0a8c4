import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { admittedSourceCidrs } from "../config/sources";
import type { StreamingStack } from "../streaming-stack";
import type { PrivateNetwork } from "./vpc";

export interface Endpoints {
  readonly s3Gateway: VpcEndpoint;
  readonly executeApi: VpcEndpoint;
  readonly executeApiSecurityGroup: SecurityGroup;
}

/**
 * Creates the S3 gateway endpoint on the private route table and the
 * execute-api interface endpoint with private DNS in every private subnet.
 *
 * The S3 endpoint gets its policy from the storage stack, which knows the
 * bucket. Until then AWS applies its default full-access policy.
 */
export function createEndpoints(
  stack: StreamingStack,
  network: PrivateNetwork,
): Endpoints {
  const { config, names } = stack;

  const s3Gateway = new VpcEndpoint(stack, "s3_gateway_endpoint", {
    vpcId: network.vpc.id,
    serviceName: `com.amazonaws.${config.region}.s3`,
    vpcEndpointType: "Gateway",
    routeTableIds: [network.routeTable.id],
    tags: { Name: names.resource("s3") },
  });

  const executeApiSecurityGroup = new SecurityGroup(
    stack,
    "execute_api_endpoint_security_group",
    {
      name: names.resource("execute-api-endpoint"),
      description:
        "HTTPS to the private API from the VPC, VPN clients and corporate networks",
      vpcId: network.vpc.id,
      tags: { Name: names.resource("execute-api-endpoint") },
    },
  );

  for (const { key, cidr, description } of admittedSourceCidrs(config)) {
    new VpcSecurityGroupIngressRule(
      stack,
      `execute_api_endpoint_https_from_${key}`,
      {
        securityGroupId: executeApiSecurityGroup.id,
        description: `HTTPS from ${description}`,
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrIpv4: cidr,
      },
    );
  }

  // NOTE: private DNS for execute-api sends every *.execute-api name in
  // this VPC to the endpoint, so public API Gateway APIs are unreachable here.
  const executeApi = new VpcEndpoint(stack, "execute_api_endpoint", {
    vpcId: network.vpc.id,
    serviceName: `com.amazonaws.${config.region}.execute-api`,
    vpcEndpointType: "Interface",
    privateDnsEnabled: true,
    subnetIds: network.subnets.map((subnet) => subnet.id),
    securityGroupIds: [executeApiSecurityGroup.id],
    tags: { Name: names.resource("execute-api") },
  });

  return { s3Gateway, executeApi, executeApiSecurityGroup };
}
