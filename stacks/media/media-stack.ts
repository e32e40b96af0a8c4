import type { Construct } from "constructs";
import type { Config } from "../config/schema";
import { NETWORK_OUTPUTS, readOutputs, STORAGE_OUTPUTS, type RemoteOutputs } from "../contract";
import { STACK_IDS } from "../naming";
import { StreamingStack } from "../streaming-stack";

/** MediaLive input and channel, and the private REST API that serves the player and the stream. */
export class MediaStack extends StreamingStack {
  readonly network: RemoteOutputs<typeof NETWORK_OUTPUTS>;
  readonly storage: RemoteOutputs<typeof STORAGE_OUTPUTS>;

  constructor(scope: Construct, config: Config) {
    super(scope, STACK_IDS.media, config);
    this.network = readOutputs(this, config, STACK_IDS.network, NETWORK_OUTPUTS);
    this.storage = readOutputs(this, config, STACK_IDS.storage, STORAGE_OUTPUTS);
  }
}
