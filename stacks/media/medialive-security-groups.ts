import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { admittedSourceCidrs } from "../config/sources";
import type { StreamingStack } from "../streaming-stack";

/** TCP port of RTMP. */
export const RTMP_PORT = 1935;

export interface MediaLiveSecurityGroups {
  /** On the RTMP input's network interfaces. */
  readonly input: SecurityGroup;
  /** On the channel's output network interfaces. */
  readonly output: SecurityGroup;
}

/**
 * Creates the security groups of the RTMP input and of the channel's
 * output interfaces. Terraform removes the allow-all egress rule that AWS
 * adds to a new group, so each group allows only the rules below.
 */
export function createMediaLiveSecurityGroups(
  stack: StreamingStack,
  vpcId: string,
  s3PrefixListId: string,
): MediaLiveSecurityGroups {
  const { config, names } = stack;

  const input = new SecurityGroup(stack, "medialive_input_security_group", {
    name: names.resource("medialive-input"),
    description:
      "RTMP on TCP 1935 from the VPC, VPN clients and corporate networks",
    vpcId,
    tags: { Name: names.resource("medialive-input") },
  });

  // MediaLive's setup guide for RTMP VPC inputs requires inbound and
  // outbound rules on port 1935 for the encoders' addresses.
  for (const { key, cidr, description } of admittedSourceCidrs(config)) {
    new VpcSecurityGroupIngressRule(stack, `medialive_input_rtmp_from_${key}`, {
      securityGroupId: input.id,
      description: `RTMP from ${description}`,
      ipProtocol: "tcp",
      fromPort: RTMP_PORT,
      toPort: RTMP_PORT,
      cidrIpv4: cidr,
    });
    new VpcSecurityGroupEgressRule(stack, `medialive_input_rtmp_to_${key}`, {
      securityGroupId: input.id,
      description: `RTMP to ${description}`,
      ipProtocol: "tcp",
      fromPort: RTMP_PORT,
      toPort: RTMP_PORT,
      cidrIpv4: cidr,
    });
  }

  // Security groups do not filter DNS queries to the VPC resolver, so HTTPS
  // to S3 is all the channel's output interfaces need.
  const output = new SecurityGroup(stack, "medialive_output_security_group", {
    name: names.resource("medialive-output"),
    description: "HTTPS from the MediaLive channel to S3 only",
    vpcId,
    tags: { Name: names.resource("medialive-output") },
  });

  new VpcSecurityGroupEgressRule(stack, "medialive_output_https_to_s3", {
    securityGroupId: output.id,
    description: "HTTPS to S3 through the gateway endpoint",
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    prefixListId: s3PrefixListId,
  });

  return { input, output };
}
