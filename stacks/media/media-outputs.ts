import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import type { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import type { MedialiveChannel } from "@cdktf/provider-aws/lib/medialive-channel";
import { TerraformOutput } from "cdktf";
import type { StreamingStack } from "../streaming-stack";
import { VIEWER_LINK_OUTPUTS } from "../viewer-access/outputs";
import { switchInputCommand } from "./input-switching";
import type { FileInput, RtmpInput } from "./medialive-input";

/**
 * Names of the media stack's outputs, for scripts and tests. The outputs
 * that the `viewer-link` command reads take their names from
 * VIEWER_LINK_OUTPUTS, so the command and the stack cannot drift apart.
 * The signing key output, present with signed links only, is
 * VIEWER_LINK_OUTPUTS.signingKey.
 */
export const MEDIA_OUTPUT_NAMES = {
  channelId: "channelId",
  rtmpPushUrls: "rtmpPushUrls",
  rtmpStreamKeys: "rtmpStreamKeys",
  startChannelCommand: "startChannelCommand",
  stopChannelCommand: "stopChannelCommand",
  switchInputCommands: "switchInputCommands",
  apiId: VIEWER_LINK_OUTPUTS.apiId,
  apiStageName: VIEWER_LINK_OUTPUTS.stageName,
  playerUrl: VIEWER_LINK_OUTPUTS.playerUrl,
  playerEndpointUrl: VIEWER_LINK_OUTPUTS.playerEndpointUrl,
  masterPlaylistUrl: "masterPlaylistUrl",
  howToWatch: "howToWatch",
} as const;

export interface MediaOutputsProps {
  readonly channel: MedialiveChannel;
  readonly input: RtmpInput;
  readonly fileInputs: readonly FileInput[];
  readonly api: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;
  readonly partition: DataAwsPartition;
  readonly executeApiEndpointId: string;
}

/**
 * Publishes what an operator needs: where to push, how to start and stop
 * the channel, and where to watch.
 */
export function createMediaOutputs(stack: StreamingStack, props: MediaOutputsProps): void {
  const { config, names } = stack;
  const { region } = config;
  const domain = `execute-api.${region}.${props.partition.dnsSuffix}`;
  const path = `/${props.stage.stageName}/`;
  // The private DNS name resolves only inside the VPC and over the VPN with
  // the VPC's resolver. The endpoint-specific name resolves anywhere and
  // still reaches the API only through the endpoint.
  const playerUrl = `https://${props.api.id}.${domain}${path}`;
  const endpointPlayerUrl = `https://${props.api.id}-${props.executeApiEndpointId}.${domain}${path}`;
  const channelId = props.channel.channelId;

  const output = (name: string, value: unknown, description: string) =>
    new TerraformOutput(stack, name, { value, description, sensitive: false });

  output(MEDIA_OUTPUT_NAMES.channelId, channelId, "MediaLive channel id");
  output(
    MEDIA_OUTPUT_NAMES.rtmpPushUrls,
    props.input.streamNames.map((_, index) => props.input.endpoints.destinations.get(index).url),
    "RTMP push URL of each pipeline (rtmp://<private address>:1935/<app>/<stream key>), reachable from the VPC and the VPN",
  );
  output(
    MEDIA_OUTPUT_NAMES.rtmpStreamKeys,
    props.input.streamNames.map((streamName) => streamName.slice(streamName.indexOf("/") + 1)),
    "Stream key of each pipeline; each push URL ends with its key, and encoders such as OBS take the URL without it as the server",
  );
  output(
    MEDIA_OUTPUT_NAMES.startChannelCommand,
    `aws medialive start-channel --channel-id ${channelId} --region ${region}`,
    "Starts the channel; MediaLive bills from here on, by the running hour",
  );
  output(
    MEDIA_OUTPUT_NAMES.stopChannelCommand,
    `aws medialive stop-channel --channel-id ${channelId} --region ${region}`,
    "Stops the channel and its billing",
  );
  if (props.fileInputs.length > 0) {
    const attachmentNames = [props.input.attachmentName, ...props.fileInputs.map((file) => file.attachmentName)];
    output(
      MEDIA_OUTPUT_NAMES.switchInputCommands,
      Object.fromEntries(attachmentNames.map((name) => [name, switchInputCommand(channelId, region, name)])),
      "For each input attachment, the command that switches the running channel to it at once",
    );
  }
  output(MEDIA_OUTPUT_NAMES.apiId, props.api.id, "Id of the private REST API");
  output(MEDIA_OUTPUT_NAMES.apiStageName, props.stage.stageName, "Stage of the private REST API");
  output(MEDIA_OUTPUT_NAMES.playerUrl, playerUrl, "Player page through the private DNS name of the execute-api endpoint");
  output(
    MEDIA_OUTPUT_NAMES.playerEndpointUrl,
    endpointPlayerUrl,
    "Player page through the endpoint-specific name, for clients that do not use the VPC's DNS resolver",
  );
  output(
    MEDIA_OUTPUT_NAMES.masterPlaylistUrl,
    `${playerUrl}${names.hlsMasterPlaylistKey}`,
    "HLS master playlist, for players other than the built-in one",
  );
  const lastStep =
    config.viewerAccess === "signed-links"
      ? `then send each viewer a link from "npm run viewer-link -- --viewer NAME --valid-for 8h", which opens ${playerUrl} (add --endpoint-host for ${endpointPlayerUrl} if that name does not resolve).`
      : `then open ${playerUrl} (or ${endpointPlayerUrl} if that name does not resolve).`;
  output(
    MEDIA_OUTPUT_NAMES.howToWatch,
    `Connect to the VPN, start the channel, push to the RTMP URL, ${lastStep}`,
    "How to watch the stream",
  );
}
