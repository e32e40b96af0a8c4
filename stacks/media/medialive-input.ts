import { DataAwsMedialiveInput } from "@cdktf/provider-aws/lib/data-aws-medialive-input";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { MedialiveInput } from "@cdktf/provider-aws/lib/medialive-input";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Fn } from "cdktf";
import type { NETWORK_OUTPUTS, RemoteOutputs } from "../contract";
import { fileInputSlug } from "../naming";
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
  /** Name of the input, also its attachment name on the channel and in schedule actions. */
  readonly attachmentName: string;
}

/**
 * Returns the RTMP stream name of each pipeline. Both destinations of a
 * STANDARD input differ because the provider keeps destinations in a set,
 * which would merge two equal ones into one.
 */
export function rtmpStreamNames(stack: StreamingStack): string[] {
  const { applicationName, streamKey, channelClass } = stack.config.media;
  const names = [`${applicationName}/${streamKey}`];
  if (channelClass === "STANDARD")
    names.push(`${applicationName}/${streamKey}-1`);
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

  const attachmentName = names.resource("rtmp-input");
  const input = new MedialiveInput(stack, "rtmp_input", {
    name: attachmentName,
    type: "RTMP_PUSH",
    roleArn: role.arn,
    destinations: streamNames.map((streamName) => ({ streamName })),
    vpc: { subnetIds, securityGroupIds: [securityGroup.id] },
    tags: { Name: attachmentName },
  });

  const endpoints = new DataAwsMedialiveInput(stack, "rtmp_input_endpoints", {
    id: input.id,
  });

  return {
    input,
    endpoints,
    subnetIds,
    availabilityZones,
    streamNames,
    attachmentName,
  };
}

/** One re-broadcast file: its MediaLive input and the key it reads. */
export interface FileInput {
  readonly key: string;
  /** Name of the input, also its attachment name on the channel and in schedule actions. */
  readonly attachmentName: string;
  readonly input: MedialiveInput;
}

/** Returns the Terraform id of a file input: `file_input_<slug>`, with `_` for `-`. */
export function fileInputResourceId(key: string): string {
  return `file_input_${fileInputSlug(key).replace(/-/g, "_")}`;
}

/**
 * Creates one MP4_FILE input per `media.fileInputs` key, each reading
 * `s3ssl://<bucket>/<key>` over TLS. A file input is a pull input, so it
 * needs no VPC, security group or role of its own: the channel reads the
 * file with its own role. One source makes it a single-class input, which
 * is why the configuration accepts file inputs only for a SINGLE_PIPELINE
 * channel.
 */
// NOTE: not tried against a live account: a channel with VPC outputs
// pulling an s3ssl:// file input, and the empty username and password_param
// that the provider requires on every source.
export function createFileInputs(
  stack: StreamingStack,
  bucketName: string,
): FileInput[] {
  const { config, names } = stack;
  return config.media.fileInputs.map((key) => {
    const attachmentName = names.fileInputName(key);
    const input = new MedialiveInput(stack, fileInputResourceId(key), {
      name: attachmentName,
      type: "MP4_FILE",
      sources: [
        {
          url: `s3ssl://${bucketName}/${key}`,
          username: "",
          passwordParam: "",
        },
      ],
      tags: { Name: attachmentName },
    });
    return { key, attachmentName, input };
  });
}
