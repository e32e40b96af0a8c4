import { createHash } from "node:crypto";
import type { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import {
  DefaultTokenResolver,
  Fn,
  Lazy,
  StringConcat,
  Tokenization,
  type TerraformResource,
} from "cdktf";
import type { Config } from "../config/schema";
import type { StreamingStack } from "../streaming-stack";

/** Fields of each access log line, one JSON object per request. */
export const ACCESS_LOG_FORMAT = {
  requestId: "$context.requestId",
  requestTime: "$context.requestTime",
  sourceIp: "$context.identity.sourceIp",
  vpceId: "$context.identity.vpceId",
  httpMethod: "$context.httpMethod",
  path: "$context.path",
  status: "$context.status",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integration.latency",
  errorMessage: "$context.error.message",
  // The viewer name the authorizer returned as principal id; empty without signed links.
  viewer: "$context.authorizer.principalId",
};

/**
 * Returns the access log fields for a configuration. A COGNITO_USER_POOLS
 * authorizer returns no principal id, so with Cognito sign-in `viewer` is
 * the `sub` claim of the viewer's access token. That is a UUID, which
 * `aws cognito-idp list-users --filter 'sub = "<uuid>"'` resolves to the account.
 */
export function accessLogFormat(config: Config): Record<string, string> {
  if (config.viewerAccess !== "cognito") return ACCESS_LOG_FORMAT;
  return { ...ACCESS_LOG_FORMAT, viewer: "$context.authorizer.claims.sub" };
}

export interface DeploymentProps {
  readonly api: ApiGatewayRestApi;
  /** Every resource, method, integration and response, and the resource policy. */
  readonly elements: readonly TerraformResource[];
  /**
   * Values that flow into those elements but are known only at plan time:
   * other stacks' outputs, and attributes of resources outside the
   * elements such as the Cognito user pool's ARN. The synth-time hash
   * cannot see them change.
   */
  readonly remoteValues: readonly string[];
  /** Present when this stack manages the account's CloudWatch role. */
  readonly account?: ApiGatewayAccount;
}

export interface ApiDeployment {
  readonly deployment: ApiGatewayDeployment;
  readonly stage: ApiGatewayStage;
}

const TOKEN_RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * Returns the SHA-256 of the elements' synthesized Terraform configuration.
 * It runs during synthesis, when every element is complete, and includes
 * overrides, because `toTerraform()` merges them in.
 */
export function configurationHash(
  stack: StreamingStack,
  elements: readonly TerraformResource[],
): string {
  const configuration = Tokenization.resolve(
    elements.map((element) => element.toTerraform()),
    { scope: stack, resolver: TOKEN_RESOLVER, preparing: false },
  );
  return createHash("sha256")
    .update(JSON.stringify(configuration))
    .digest("hex");
}

/**
 * Creates the deployment and the stage with its logs, metrics and
 * throttling.
 *
 * API Gateway serves a snapshot taken when a deployment is created, so a
 * changed integration or resource policy stays inactive until the next
 * deployment. The `triggers` hash every element's synthesized
 * configuration (at synth time) and the remote values in it (at plan
 * time), so any change to either replaces the deployment. The new
 * deployment is created before the old one is destroyed, because the
 * stage points at the old one until then.
 */
export function createApiDeployment(
  stack: StreamingStack,
  props: DeploymentProps,
): ApiDeployment {
  const { config, names } = stack;
  const { api } = props;

  const deployment = new ApiGatewayDeployment(stack, "api_deployment", {
    restApiId: api.id,
    description:
      "Managed by cdktf; replaced whenever the API configuration changes",
    triggers: {
      configuration: Lazy.stringValue({
        produce: () => configurationHash(stack, props.elements),
      }),
      remoteValues: Fn.sha1(Fn.jsonencode([...props.remoteValues])),
    },
    lifecycle: { createBeforeDestroy: true },
    dependsOn: [...props.elements],
  });

  const accessLogGroup = new CloudwatchLogGroup(stack, "api_access_log_group", {
    name: names.logGroup("api-access"),
    retentionInDays: config.logRetentionDays,
  });

  // API Gateway writes execution logs to this fixed name and would create
  // the group without retention if it did not exist.
  const executionLogGroup = new CloudwatchLogGroup(
    stack,
    "api_execution_log_group",
    {
      name: `API-Gateway-Execution-Logs_${api.id}/${config.api.stageName}`,
      retentionInDays: config.logRetentionDays,
    },
  );

  const stage = new ApiGatewayStage(stack, "api_stage", {
    restApiId: api.id,
    deploymentId: deployment.id,
    stageName: config.api.stageName,
    description: "The stage viewers open",
    accessLogSettings: {
      destinationArn: accessLogGroup.arn,
      format: JSON.stringify(accessLogFormat(config)),
    },
    tags: { Name: names.resource(`api-${config.api.stageName}`) },
    dependsOn: props.account
      ? [props.account, executionLogGroup]
      : [executionLogGroup],
  });

  new ApiGatewayMethodSettings(stack, "api_method_settings", {
    restApiId: api.id,
    stageName: stage.stageName,
    methodPath: "*/*",
    settings: {
      // Request and response bodies stay out of the logs: they are video.
      loggingLevel: "ERROR",
      dataTraceEnabled: false,
      metricsEnabled: true,
      throttlingRateLimit: config.api.throttleRateLimit,
      throttlingBurstLimit: config.api.throttleBurstLimit,
    },
  });

  return { deployment, stage };
}
