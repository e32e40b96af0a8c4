import { LocalBackend, S3Backend, type TerraformStack } from "cdktf";
import type { Config } from "./config/schema";
import type { StackId } from "./naming";

/**
 * Local state lives in `terraform-state/<environment>/<stack>.tfstate` at
 * the project root, outside `cdktf.out`, so that a fresh synth never
 * touches it. Terraform resolves the path from the stack's working
 * directory, `cdktf.out/stacks/<stack>`.
 */
export function localStatePath(config: Config, stack: StackId): string {
  return `../../../terraform-state/${config.environment}/${stack}.tfstate`;
}

/** S3 state key: `<keyPrefix>/<environment>/<stack>.tfstate`. */
export function s3StateKey(config: Config, stack: StackId): string {
  if (config.backend.type !== "s3")
    throw new Error("s3StateKey: the backend is not S3");
  return `${config.backend.keyPrefix}/${config.environment}/${stack}.tfstate`;
}

/** Configures the stack's state backend from the configuration. */
export function configureBackend(
  stack: TerraformStack,
  config: Config,
  stackId: StackId,
): void {
  const { backend } = config;
  if (backend.type === "local") {
    new LocalBackend(stack, { path: localStatePath(config, stackId) });
    return;
  }
  new S3Backend(stack, {
    bucket: backend.bucket,
    region: backend.region,
    key: s3StateKey(config, stackId),
    encrypt: true,
    ...(backend.dynamodbTable ? { dynamodbTable: backend.dynamodbTable } : {}),
  });
  // cdktf 0.21's S3Backend has no field for S3 native locking.
  stack.addOverride("terraform.backend.s3.use_lockfile", true);
}
