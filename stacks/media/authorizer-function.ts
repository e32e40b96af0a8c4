import { chmodSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { App, AssetType, TerraformAsset } from "cdktf";
import { policyDocument, serviceTrustPolicy } from "../iam";
import type { StreamingStack } from "../streaming-stack";
import {
  AUTHORIZER_HANDLER,
  AUTHORIZER_RUNTIME,
  bundleAuthorizer,
} from "../viewer-access/bundle";

/** Folder below the synthesis output directory that the authorizer bundle is written to. */
export const AUTHORIZER_BUNDLE_DIRECTORY = join(
  "bundles",
  "viewer-link-authorizer",
);

/**
 * Modification time given to the bundle before cdktf zips it. A zip entry
 * stores its file's modification time (cdktf's archiver writes it in UTC),
 * so a fixed time and mode keep the archive the same bytes on every
 * synthesis with the same Node.js, whose zlib compresses it. 1980-01-01 is
 * the earliest time a zip entry can store.
 */
const FIXED_BUNDLE_TIME = new Date("1980-01-01T00:00:00Z");

/** Part of the synthesized log group name: `/protected-streaming/<environment>/viewer-link-authorizer`. */
export const AUTHORIZER_LOG_GROUP_PART = "viewer-link-authorizer";

/** Seconds the authorizer may run. It makes no network calls and verifies one signature in memory. */
export const AUTHORIZER_TIMEOUT_SECONDS = 5;

/** Memory of the authorizer in MB, Lambda's minimum; the handler needs no more. */
export const AUTHORIZER_MEMORY_MB = 128;

export interface AuthorizerFunctionProps {
  readonly account: DataAwsCallerIdentity;
  /** Environment variables from `authorizerEnvironment`. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface AuthorizerFunction {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
}

/**
 * Creates the Lambda function of the viewer link authorizer with its own
 * role and log group.
 *
 * The handler is bundled with esbuild during synthesis into a folder of the
 * synthesis output and shipped as a zip asset. The synthesized JSON names
 * the zip by a path relative to the stack and sets `source_code_hash` to
 * the bundle's SHA-256, so it is the same on every machine and changes
 * exactly when the code does. AWS provider 6 treats `source_code_hash` as
 * a value that only triggers an update, so it need not be the zip's hash.
 */
export function createAuthorizerFunction(
  stack: StreamingStack,
  props: AuthorizerFunctionProps,
): AuthorizerFunction {
  const { config, names } = stack;

  const directory = join(App.of(stack).outdir, AUTHORIZER_BUNDLE_DIRECTORY);
  const bundle = bundleAuthorizer(directory);
  utimesSync(bundle.path, FIXED_BUNDLE_TIME, FIXED_BUNDLE_TIME);
  chmodSync(bundle.path, 0o644);
  const code = new TerraformAsset(stack, "viewer_link_authorizer_code", {
    path: directory,
    type: AssetType.ARCHIVE,
  });

  // Lambda would create a group without retention on the first invocation,
  // so the group exists before the function.
  const logGroup = new CloudwatchLogGroup(
    stack,
    "viewer_link_authorizer_log_group",
    {
      name: names.logGroup(AUTHORIZER_LOG_GROUP_PART),
      retentionInDays: config.logRetentionDays,
    },
  );

  // The Lambda developer guide allows aws:SourceAccount in the trust policy
  // of an execution role ("Working with AWS managed policies in the
  // execution role").
  const role = new IamRole(stack, "viewer_link_authorizer_role", {
    name: names.authorizerRoleName,
    description:
      "Lets the viewer link authorizer write to its own log group, and nothing else",
    assumeRolePolicy: serviceTrustPolicy(
      "lambda.amazonaws.com",
      props.account.accountId,
    ),
  });

  // No logs:CreateLogGroup: the group above exists before the function runs.
  const rolePolicy = new IamRolePolicy(
    stack,
    "viewer_link_authorizer_role_policy",
    {
      name: "write-own-log-group",
      role: role.id,
      policy: policyDocument([
        {
          Sid: "WriteOwnLogGroup",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: `${logGroup.arn}:*`,
        },
      ]),
    },
  );

  const fn = new LambdaFunction(stack, "viewer_link_authorizer", {
    functionName: names.authorizerFunctionName,
    description:
      "Checks the signed viewer link on every request for the live stream",
    role: role.arn,
    runtime: AUTHORIZER_RUNTIME,
    handler: AUTHORIZER_HANDLER,
    // The bundle is plain JavaScript, so it runs on Graviton, which Lambda
    // bills at a lower price per GB-second than x86_64.
    architectures: ["arm64"],
    memorySize: AUTHORIZER_MEMORY_MB,
    timeout: AUTHORIZER_TIMEOUT_SECONDS,
    filename: code.path,
    sourceCodeHash: Buffer.from(bundle.sha256, "hex").toString("base64"),
    environment: { variables: { ...props.environment } },
    // The handler writes one JSON line per decision itself, so the plain
    // text format keeps each line as it is.
    loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
    tags: { Name: names.authorizerFunctionName },
    dependsOn: [logGroup, rolePolicy],
  });

  return { function: fn, role, logGroup };
}
