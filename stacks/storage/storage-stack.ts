import type { Construct } from "constructs";
import type { Config } from "../config/schema";
import { NETWORK_OUTPUTS, readOutputs, type RemoteOutputs } from "../contract";
import { STACK_IDS } from "../naming";
import { StreamingStack } from "../streaming-stack";

/** The media bucket, its policies and the player files. */
export class StorageStack extends StreamingStack {
  readonly network: RemoteOutputs<typeof NETWORK_OUTPUTS>;

  constructor(scope: Construct, config: Config) {
    super(scope, STACK_IDS.storage, config);
    this.network = readOutputs(this, config, STACK_IDS.network, NETWORK_OUTPUTS);
  }
}
