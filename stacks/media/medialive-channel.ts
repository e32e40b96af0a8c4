import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { MedialiveChannel } from "@cdktf/provider-aws/lib/medialive-channel";
import type { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Fn, Token } from "cdktf";
import type { StreamingStack } from "../streaming-stack";
import { planLadder } from "./ladder";
import {
  encoderSettings,
  fileInputSettings,
  HLS_DESTINATION_ID,
  rtmpInputSettings,
} from "./medialive-encoder";
import type { FileInput, RtmpInput } from "./medialive-input";

export interface ChannelProps {
  readonly role: IamRole;
  readonly input: RtmpInput;
  /** Inputs of `media.fileInputs`, attached after the RTMP input. */
  readonly fileInputs: readonly FileInput[];
  readonly outputSecurityGroup: SecurityGroup;
  readonly bucketName: string;
}

/**
 * Returns the HLS destination URL of each pipeline:
 * `s3ssl://<bucket>/live/<channel>/index` and, for a STANDARD channel,
 * `.../pipeline-1`. MediaLive rejects two equal destinations.
 */
export function hlsDestinationUrls(
  stack: StreamingStack,
  bucketName: string,
): string[] {
  const { names } = stack;
  const urls = [`s3ssl://${bucketName}/${names.hlsDestinationKey}`];
  if (stack.config.media.channelClass === "STANDARD")
    urls.push(`s3ssl://${bucketName}/${names.hlsPipeline1DestinationKey}`);
  return urls;
}

/**
 * Returns the subnets of the channel's output interfaces. A pipeline's
 * channel endpoint must sit in the same availability zone as its VPC
 * input endpoint, or CreateChannel fails with "There is an Availability
 * Zone conflict" (hashicorp/terraform-provider-aws#40003). A STANDARD
 * channel uses both input subnets. A SINGLE_PIPELINE channel uses the input
 * subnet in the zone where MediaLive placed the input's one endpoint,
 * which the input's description reports once it exists.
 */
export function channelSubnetIds(
  stack: StreamingStack,
  input: RtmpInput,
): string[] {
  if (stack.config.media.channelClass === "STANDARD") return input.subnetIds;
  const endpointZone = input.endpoints.destinations
    .get(0)
    .vpc.get(0).availabilityZone;
  return [
    Fn.element(
      input.subnetIds,
      Token.asNumber(Fn.index(input.availabilityZones, endpointZone)),
    ),
  ];
}

/**
 * Creates the MediaLive channel: the RTMP input in, the adaptive-bitrate
 * HLS ladder out to the live prefix of the bucket, with its output
 * interfaces in the VPC. It starts only when media.startChannel is set,
 * because MediaLive bills every hour a channel runs.
 *
 * The RTMP input is the first attachment, because a channel with several
 * inputs starts on its first attachment until its schedule switches to
 * another. The file inputs follow in configuration order.
 */
export function createChannel(
  stack: StreamingStack,
  props: ChannelProps,
): MedialiveChannel {
  const { config, names } = stack;
  const { media } = config;
  const plan = planLadder(media);

  return new MedialiveChannel(stack, "channel", {
    name: names.channelName,
    channelClass: media.channelClass,
    roleArn: props.role.arn,
    logLevel: media.logLevel,
    startChannel: media.startChannel,
    inputSpecification: {
      codec: media.inputCodec,
      inputResolution: media.inputResolution,
      maximumBitrate: media.maximumInputBitrate,
    },
    inputAttachments: [
      {
        inputAttachmentName: props.input.attachmentName,
        inputId: props.input.input.id,
        inputSettings: rtmpInputSettings(),
      },
      ...props.fileInputs.map((file) => ({
        inputAttachmentName: file.attachmentName,
        inputId: file.input.id,
        inputSettings: fileInputSettings(),
      })),
    ],
    destinations: [
      {
        id: HLS_DESTINATION_ID,
        settings: hlsDestinationUrls(stack, props.bucketName).map((url) => ({
          url,
        })),
      },
    ],
    encoderSettings: encoderSettings(media, plan),
    vpc: {
      subnetIds: channelSubnetIds(stack, props.input),
      securityGroupIds: [props.outputSecurityGroup.id],
      // No Elastic IPs: every output goes to S3 through the gateway endpoint.
      publicAddressAllocationIds: [],
    },
    tags: { Name: names.channelName },
  });
}
