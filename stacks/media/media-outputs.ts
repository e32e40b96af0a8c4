import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import type { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import type { MedialiveChannel } from "@cdktf/provider-aws/lib/medialive-channel";
import { TerraformOutput } from "cdktf";
import type { StreamingStack } from "../streaming-stack";
import { VIEWER_LINK_OUTPUTS } from "../viewer-access/outputs";
import type { CognitoSignIn } from "./cognito-sign-in";
import { switchInputCommand } from "./input-switching";
import type { FileInput, RtmpInput } from "./medialive-input";
import { playerUrls } from "./player-urls";

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

/** Names of the outputs present with `"viewerAccess": "cognito"` only. */
export const COGNITO_OUTPUT_NAMES = {
  userPoolId: "cognitoUserPoolId",
  clientId: "cognitoClientId",
  signInUrl: "signInUrl",
  addViewerCommand: "addViewerCommand",
  removeViewerCommand: "removeViewerCommand",
} as const;

/** Placeholder for the viewer's e-mail address in the printed commands. */
export const VIEWER_EMAIL_PLACEHOLDER = "VIEWER_EMAIL";

export interface MediaOutputsProps {
  readonly channel: MedialiveChannel;
  readonly input: RtmpInput;
  readonly fileInputs: readonly FileInput[];
  readonly api: ApiGatewayRestApi;
  readonly stage: ApiGatewayStage;
  readonly partition: DataAwsPartition;
  readonly executeApiEndpointId: string;
  /** The Cognito sign-in gate, present with `"viewerAccess": "cognito"`. */
  readonly cognitoSignIn?: CognitoSignIn;
}

/**
 * Publishes what an operator needs: where to push, how to start and stop
 * the channel, and where to watch.
 */
export function createMediaOutputs(
  stack: StreamingStack,
  props: MediaOutputsProps,
): void {
  const { config, names } = stack;
  const { region } = config;
  const urls = playerUrls({
    apiId: props.api.id,
    executeApiEndpointId: props.executeApiEndpointId,
    region,
    dnsSuffix: props.partition.dnsSuffix,
    stageName: props.stage.stageName,
  });
  const playerUrl = urls.privateDns;
  const endpointPlayerUrl = urls.endpointSpecific;
  const channelId = props.channel.channelId;

  const output = (name: string, value: unknown, description: string) =>
    new TerraformOutput(stack, name, { value, description, sensitive: false });

  output(MEDIA_OUTPUT_NAMES.channelId, channelId, "MediaLive channel id");
  output(
    MEDIA_OUTPUT_NAMES.rtmpPushUrls,
    props.input.streamNames.map(
      (_, index) => props.input.endpoints.destinations.get(index).url,
    ),
    "RTMP push URL of each pipeline (rtmp://<private address>:1935/<app>/<stream key>), reachable from the VPC and the VPN",
  );
  output(
    MEDIA_OUTPUT_NAMES.rtmpStreamKeys,
    props.input.streamNames.map((streamName) =>
      streamName.slice(streamName.indexOf("/") + 1),
    ),
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
    const attachmentNames = [
      props.input.attachmentName,
      ...props.fileInputs.map((file) => file.attachmentName),
    ];
    output(
      MEDIA_OUTPUT_NAMES.switchInputCommands,
      Object.fromEntries(
        attachmentNames.map((name) => [
          name,
          switchInputCommand(channelId, region, name),
        ]),
      ),
      "For each input attachment, the command that switches the running channel to it at once",
    );
  }
  output(MEDIA_OUTPUT_NAMES.apiId, props.api.id, "Id of the private REST API");
  output(
    MEDIA_OUTPUT_NAMES.apiStageName,
    props.stage.stageName,
    "Stage of the private REST API",
  );
  output(
    MEDIA_OUTPUT_NAMES.playerUrl,
    playerUrl,
    "Player page through the private DNS name of the execute-api endpoint",
  );
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
  if (props.cognitoSignIn) createCognitoOutputs(stack, props.cognitoSignIn);
  const lastStep = lastStepToWatch(
    config.viewerAccess,
    playerUrl,
    endpointPlayerUrl,
    props.cognitoSignIn,
  );
  output(
    MEDIA_OUTPUT_NAMES.howToWatch,
    `Connect to the VPN, start the channel, push to the RTMP URL, ${lastStep}`,
    "How to watch the stream",
  );
}

function lastStepToWatch(
  viewerAccess: StreamingStack["config"]["viewerAccess"],
  playerUrl: string,
  endpointPlayerUrl: string,
  cognitoSignIn: CognitoSignIn | undefined,
): string {
  if (viewerAccess === "signed-links") {
    return `then send each viewer a link from "npm run viewer-link -- --viewer NAME --valid-for 8h", which opens ${playerUrl} (add --endpoint-host for ${endpointPlayerUrl} if that name does not resolve).`;
  }
  const open = `open ${playerUrl} (or ${endpointPlayerUrl} if that name does not resolve)`;
  if (cognitoSignIn) {
    return `add each viewer with the ${COGNITO_OUTPUT_NAMES.addViewerCommand} command, then ${open} and sign in on ${cognitoSignIn.userPool.signInOrigin}, which the browser reaches over the internet.`;
  }
  return `then ${open}.`;
}

/**
 * Publishes the user pool and app client ids, the sign-in address, and the
 * commands that add and remove a viewer. Cognito mails the new viewer a
 * temporary password, which the first sign-in replaces.
 */
function createCognitoOutputs(
  stack: StreamingStack,
  cognitoSignIn: CognitoSignIn,
): void {
  const { region } = stack.config;
  const { pool, client } = cognitoSignIn.userPool;
  const user = `--region ${region} --user-pool-id ${pool.id} --username ${VIEWER_EMAIL_PLACEHOLDER}`;
  const output = (name: string, value: unknown, description: string) =>
    new TerraformOutput(stack, name, { value, description, sensitive: false });

  output(
    COGNITO_OUTPUT_NAMES.userPoolId,
    pool.id,
    "Id of the Cognito user pool of the viewers",
  );
  output(
    COGNITO_OUTPUT_NAMES.clientId,
    client.id,
    "Id of the player's Cognito app client (public, no secret)",
  );
  output(
    COGNITO_OUTPUT_NAMES.signInUrl,
    cognitoSignIn.userPool.signInOrigin,
    "Origin of the Cognito sign-in pages; a public address on the internet",
  );
  output(
    COGNITO_OUTPUT_NAMES.addViewerCommand,
    `aws cognito-idp admin-create-user ${user} --user-attributes Name=email,Value=${VIEWER_EMAIL_PLACEHOLDER} Name=email_verified,Value=true --desired-delivery-mediums EMAIL`,
    `Creates a viewer account: replace ${VIEWER_EMAIL_PLACEHOLDER}; Cognito mails a temporary password`,
  );
  output(
    COGNITO_OUTPUT_NAMES.removeViewerCommand,
    `aws cognito-idp admin-user-global-sign-out ${user} && aws cognito-idp admin-disable-user ${user}`,
    `Revokes a viewer's refresh tokens and disables the account: replace ${VIEWER_EMAIL_PLACEHOLDER}; issued access tokens may work until they expire`,
  );
}
