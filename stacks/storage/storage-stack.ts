import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import type { Construct } from "constructs";
import type { Config } from "../config/schema";
import {
  NETWORK_OUTPUTS,
  publishOutputs,
  readOutputs,
  STORAGE_OUTPUTS,
  type RemoteOutputs,
} from "../contract";
import { BUCKET_PREFIXES, STACK_IDS } from "../naming";
import { StreamingStack } from "../streaming-stack";
import { createBucketPolicy, resolveBucketPrincipals } from "./bucket-policy";
import { attachEndpointPolicy } from "./endpoint-policy";
import { createMediaBucket } from "./media-bucket";
import { uploadPlayer, type PlayerBuild } from "./player-assets";

/** The media bucket, its policies and the player files. */
export class StorageStack extends StreamingStack {
  readonly network: RemoteOutputs<typeof NETWORK_OUTPUTS>;

  /**
   * @param player the built player. main.ts builds it before synthesis, so
   *   the stack only uploads files that already exist.
   */
  constructor(scope: Construct, config: Config, player: PlayerBuild) {
    super(scope, STACK_IDS.storage, config);
    this.network = readOutputs(
      this,
      config,
      STACK_IDS.network,
      NETWORK_OUTPUTS,
    );

    const account = new DataAwsCallerIdentity(this, "current_account");
    const partition = new DataAwsPartition(this, "current_partition");

    const media = createMediaBucket(this, account);
    const principals = resolveBucketPrincipals(this, account, partition);
    createBucketPolicy(this, media.bucket, media.publicAccessBlock, principals);
    attachEndpointPolicy(
      this,
      this.network.s3GatewayEndpointId,
      media.bucket,
      account,
    );

    uploadPlayer(this, media.bucket, player);

    publishOutputs(this, STORAGE_OUTPUTS, {
      bucketName: media.bucket.bucket,
      bucketArn: media.bucket.arn,
      bucketRegionalDomainName: media.bucket.bucketRegionalDomainName,
      playerPrefix: BUCKET_PREFIXES.player,
      livePrefix: BUCKET_PREFIXES.live,
    });
  }
}
