import type { ApiGatewayRestApiPolicy } from "@cdktf/provider-aws/lib/api-gateway-rest-api-policy";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import type { Construct } from "constructs";
import type { Config } from "../config/schema";
import {
  NETWORK_OUTPUTS,
  readOutputs,
  STORAGE_OUTPUTS,
  type RemoteOutputs,
} from "../contract";
import { STACK_IDS } from "../naming";
import { StreamingStack } from "../streaming-stack";
import { createApiDeployment, type ApiDeployment } from "./api-deployment";
import { createAccountLoggingRole } from "./api-logging";
import { createApiRole } from "./api-role";
import {
  createApiRoutes,
  type ApiRoutes,
  type LiveRouteAuthorization,
} from "./api-routes";
import { createCognitoSignIn, type CognitoSignIn } from "./cognito-sign-in";
import { createChannel } from "./medialive-channel";
import { createFileInputs, createRtmpInput } from "./medialive-input";
import { createMediaLiveRole } from "./medialive-role";
import { createMediaLiveSecurityGroups } from "./medialive-security-groups";
import { createMediaOutputs } from "./media-outputs";
import { playerUrls } from "./player-urls";
import { createPrivateApi } from "./private-api";
import { createViewerAccess, type ViewerAccess } from "./viewer-access";

/** MediaLive input and channel, and the private REST API that serves the player and the stream. */
export class MediaStack extends StreamingStack {
  readonly network: RemoteOutputs<typeof NETWORK_OUTPUTS>;
  readonly storage: RemoteOutputs<typeof STORAGE_OUTPUTS>;
  /** The private API's resource policy, which the deployment trigger covers. */
  readonly apiPolicy: ApiGatewayRestApiPolicy;
  /** The private API's routes, which the deployment trigger covers. */
  readonly apiRoutes: ApiRoutes;
  readonly apiDeployment: ApiDeployment;
  /** The signed-link gate of the live routes; undefined unless viewerAccess is "signed-links". */
  readonly viewerAccess: ViewerAccess | undefined;
  /** The Cognito sign-in gate of the live routes; undefined unless viewerAccess is "cognito". */
  readonly cognitoSignIn: CognitoSignIn | undefined;

  constructor(scope: Construct, config: Config) {
    super(scope, STACK_IDS.media, config);
    this.network = readOutputs(
      this,
      config,
      STACK_IDS.network,
      NETWORK_OUTPUTS,
    );
    this.storage = readOutputs(
      this,
      config,
      STACK_IDS.storage,
      STORAGE_OUTPUTS,
    );
    const { network, storage } = this;

    const account = new DataAwsCallerIdentity(this, "current_account");
    const partition = new DataAwsPartition(this, "current_partition");

    // MediaLive: RTMP in, HLS ladder out to the live prefix.
    const mediaLiveRole = createMediaLiveRole(this, {
      account,
      partition,
      bucketArn: storage.bucketArn,
      vpcId: network.vpcId,
    });
    const securityGroups = createMediaLiveSecurityGroups(
      this,
      network.vpcId,
      network.s3PrefixListId,
    );
    const input = createRtmpInput(
      this,
      network,
      mediaLiveRole,
      securityGroups.input,
    );
    const fileInputs = createFileInputs(this, storage.bucketName);
    const channel = createChannel(this, {
      role: mediaLiveRole,
      input,
      fileInputs,
      outputSecurityGroup: securityGroups.output,
      bucketName: storage.bucketName,
    });

    // The private API: the player and the stream, read from the bucket,
    // with signed links or Cognito sign-in checked on the stream.
    const apiRole = createApiRole(this, account, storage.bucketArn);
    const { api, policy } = createPrivateApi(
      this,
      network.executeApiEndpointId,
    );
    this.apiPolicy = policy;
    this.viewerAccess = createViewerAccess(this, { api, account });
    // The configured stage name rather than the stage resource, because the
    // stage depends on the deployment, which depends on the authorizer.
    this.cognitoSignIn = createCognitoSignIn(this, {
      api,
      account,
      bucketName: storage.bucketName,
      playerUrls: playerUrls({
        apiId: api.id,
        executeApiEndpointId: network.executeApiEndpointId,
        region: config.region,
        dnsSuffix: partition.dnsSuffix,
        stageName: config.api.stageName,
      }),
    });
    this.apiRoutes = createApiRoutes(this, {
      api,
      role: apiRole,
      partition,
      bucketName: storage.bucketName,
      liveAuthorization: this.liveAuthorization(),
    });
    const accountLogging = createAccountLoggingRole(this, account, partition);
    this.apiDeployment = createApiDeployment(this, {
      api,
      elements: [
        policy,
        ...this.apiRoutes.elements,
        ...(this.viewerAccess?.elements ?? []),
        ...(this.cognitoSignIn?.elements ?? []),
      ],
      remoteValues: [
        network.executeApiEndpointId,
        storage.bucketName,
        ...(this.cognitoSignIn?.planTimeValues ?? []),
      ],
      account: accountLogging,
    });

    createMediaOutputs(this, {
      channel,
      input,
      fileInputs,
      api,
      stage: this.apiDeployment.stage,
      partition,
      executeApiEndpointId: network.executeApiEndpointId,
      cognitoSignIn: this.cognitoSignIn,
    });
  }

  /** Returns the gate the live methods use, or undefined when they stay open. */
  private liveAuthorization(): LiveRouteAuthorization | undefined {
    if (this.viewerAccess)
      return {
        authorization: "CUSTOM",
        authorizerId: this.viewerAccess.authorizer.id,
      };
    return this.cognitoSignIn?.liveAuthorization;
  }
}
