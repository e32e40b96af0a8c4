import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { configureBackend } from "./backend";
import type { Config } from "./config/schema";
import { namesFor, type Names, type StackId } from "./naming";

/**
 * Base of the three stacks: the AWS provider for the configured region with
 * the environment's default tags, and the configured state backend.
 */
export class StreamingStack extends TerraformStack {
  readonly config: Config;
  readonly names: Names;
  readonly awsProvider: AwsProvider;

  constructor(scope: Construct, id: StackId, config: Config) {
    super(scope, id);
    this.config = config;
    this.names = namesFor(config);
    this.awsProvider = new AwsProvider(this, "aws", {
      region: config.region,
      defaultTags: [{ tags: { ...this.names.tags } }],
    });
    configureBackend(this, config, id);
  }
}
