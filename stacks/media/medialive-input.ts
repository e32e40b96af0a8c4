import { DataAwsMedialiveInput } from "@cdktf/provider-aws/lib/data-aws-medialive-input";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { MedialiveInput } from "@cdktf/provider-aws/lib/medialive-input";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Fn } from "cdktf";
import type { NETWORK_OUTPUTS, RemoteOutputs } from "../contract";
import type { StreamingStack } from "../streaming-stack";

export interface RtmpInput {
  readonly input: MedialiveInput;
  /**
   * The input as MediaLive describes it after creation, with the push URL
   * and availability zone of each destination. The resource itself does
   * not expose them.
   */
  readonly endpoints: DataAwsMedialiveInput;
  /** The two subnets the input's network interfaces are in, in subnet order. */
  readonly subnetIds: string[];
  /** Availability zone of each of those subnets, in the same order. */
  readonly availabilityZones: string[];
  /** Stream name (`<app>/<stream key>`) of each destination: one per pipeline. */
  readonly streamNames: readonly string[];
}

/**
 * Returns the RTMP stream name of each pipeline. Both destinations of a
 * STANDARD input differ because the provider keeps destinations in a set,
 * which would merge two equal ones into one.
 */
export function rtmpStreamNames(stack: StreamingStack): string[] {
  const { applicationName, streamKey, channelClass } = stack.config.media;
  const names = [`${applicationName}/${streamKey}`];
  if (channelClass === "STANDARD") names.push(`${applicationName}/${streamKey}-1`);
  return names;
}

/**
 * Creates the RTMP push input inside the VPC, on the first two private
 * subnets. An RTMP VPC input always takes two subnets in two availability
 * zones, also for a single-pipeline channel, as "Request setup on the VPC"
 * in the MediaLive user guide states and the provider enforces. The config
 * rules reject a VPC with fewer zones.
 */
export function createRtmpInput(
  stack: StreamingStack,
  network: RemoteOutputs<typeof NETWORK_OUTPUTS>,
  role: IamRole,
  securityGroup: SecurityGroup,
): RtmpInput {
  const { names } = stack;
  const subnetIds: string[] = Fn.slice(network.privateSubnetIds, 0, 2);
  const availabilityZones: string[] = Fn.slice(network.availabilityZones, 0, 2);
  const streamNames = rtmpStreamNames(stack);

  const input = new MedialiveInput(stack, "rtmp_input", {
    name: names.resource("rtmp-input"),
    type: "RTMP_PUSH",
    roleArn: role.arn,
    destinations: streamNames.map((streamName) => ({ streamName })),
    vpc: { subnetIds, securityGroupIds: [securityGroup.id] },
    tags: { Name: names.resource("rtmp-input") },
  });

  const endpoints = new DataAwsMedialiveInput(stack, "rtmp_input_endpoints", { id: input.id });

  return { input, endpoints, subnetIds, availabilityZones, streamNames };
}
