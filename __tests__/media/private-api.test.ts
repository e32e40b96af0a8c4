import type { TerraformJson } from "../../stacks/synthesize";
import {
  block,
  blocksOfType,
  parsePolicy,
  synthAll,
  synthMedia,
} from "../support/synth";

type Json = Record<string, any>;

const ENDPOINT =
  "${data.terraform_remote_state.network_state.outputs.executeApiEndpointId}";
const BUCKET =
  "${data.terraform_remote_state.storage_state.outputs.bucketName}";
const BUCKET_ARN =
  "${data.terraform_remote_state.storage_state.outputs.bucketArn}";
const PARTITION = "${data.aws_partition.current_partition.partition}";
const API_ROLE_ARN = "${aws_iam_role.api_s3_role.arn}";

/** The client status API Gateway returns for an S3 status, given a method's integration responses. */
function clientStatusFor(responses: Json[], s3Status: string): string {
  const matched = responses.find(
    (response) =>
      response.selection_pattern !== undefined &&
      new RegExp(`^(?:${response.selection_pattern})$`).test(s3Status),
  );
  const fallback = responses.find(
    (response) => response.selection_pattern === undefined,
  );
  return (matched ?? fallback)!.status_code;
}

const blockOf = (media: TerraformJson, type: string, name: string): Json =>
  block(media.resource, type, name);

const integrationResponsesOf = (media: TerraformJson, route: string): Json[] =>
  Object.entries(
    blocksOfType(media.resource, "aws_api_gateway_integration_response"),
  )
    .filter(([name]) => name.startsWith(`api_integration_response_${route}_`))
    .map(([, response]) => response);

describe("private API with defaults", () => {
  let media: TerraformJson;
  beforeAll(() => {
    media = synthAll({}).media;
  });

  test("API is private to the endpoint", () => {
    const api = blockOf(media, "aws_api_gateway_rest_api", "api");
    expect(api.endpoint_configuration).toEqual({
      types: ["PRIVATE"],
      vpc_endpoint_ids: [ENDPOINT],
    });
    expect(api.binary_media_types).toEqual(["*/*"]);
    expect(api.disable_execute_api_endpoint).toBeUndefined();
  });

  test("resource policy admits only the endpoint", () => {
    const policy = blockOf(
      media,
      "aws_api_gateway_rest_api_policy",
      "api_resource_policy",
    );
    expect(policy.rest_api_id).toBe("${aws_api_gateway_rest_api.api.id}");
    const statements = parsePolicy(policy.policy).Statement;
    const everyMethod = "${aws_api_gateway_rest_api.api.execution_arn}/*";
    expect(statements).toEqual([
      {
        Sid: "AllowInvokeThroughEndpoint",
        Effect: "Allow",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: everyMethod,
        Condition: { StringEquals: { "aws:SourceVpce": ENDPOINT } },
      },
      {
        Sid: "DenyInvokeThroughOtherEndpoints",
        Effect: "Deny",
        Principal: "*",
        Action: "execute-api:Invoke",
        Resource: everyMethod,
        Condition: { StringNotEquals: { "aws:SourceVpce": ENDPOINT } },
      },
    ]);
    expect(policy.policy).not.toContain('aws:SourceVpc"');
  });

  test("API role reads only player and live", () => {
    const role = blockOf(media, "aws_iam_role", "api_s3_role");
    expect(role.name).toBe("demo-apigateway-s3");
    const [trust] = parsePolicy(role.assume_role_policy).Statement;
    expect(trust.Principal).toEqual({ Service: "apigateway.amazonaws.com" });
    expect(trust.Condition).toEqual({
      StringEquals: {
        "aws:SourceAccount":
          "${data.aws_caller_identity.current_account.account_id}",
      },
    });
    const policy = parsePolicy(
      blockOf(media, "aws_iam_role_policy", "api_s3_role_policy").policy,
    );
    expect(policy.Statement).toEqual([
      {
        Sid: "ReadPlayerAndLive",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: [`${BUCKET_ARN}/player/*`, `${BUCKET_ARN}/live/*`],
      },
    ]);
  });

  test("root serves the player page", () => {
    for (const method of ["get", "head"]) {
      const apiMethod = blockOf(
        media,
        "aws_api_gateway_method",
        `api_method_player_index_${method}`,
      );
      expect(apiMethod.resource_id).toBe(
        "${aws_api_gateway_rest_api.api.root_resource_id}",
      );
      expect(apiMethod.http_method).toBe(method.toUpperCase());
      expect(apiMethod.authorization).toBe("NONE");
      const integration = blockOf(
        media,
        "aws_api_gateway_integration",
        `api_integration_player_index_${method}`,
      );
      expect(integration).toMatchObject({
        type: "AWS",
        integration_http_method: method.toUpperCase(),
        uri: `arn:${PARTITION}:apigateway:us-east-1:s3:path/${BUCKET}/player/index.html`,
        credentials: API_ROLE_ARN,
      });
    }
  });

  test("resource tree has only the player and live paths", () => {
    const resources = Object.values(
      blocksOfType(media.resource, "aws_api_gateway_resource"),
    );
    expect(resources.map((resource) => resource.path_part).sort()).toEqual([
      "assets",
      "config.json",
      "live",
      "{proxy+}",
      "{proxy+}",
    ]);
    const methods = Object.keys(
      blocksOfType(media.resource, "aws_api_gateway_method"),
    );
    expect(methods.sort()).toEqual(
      ["live", "player_assets", "player_config", "player_index"]
        .flatMap((route) => [
          `api_method_${route}_get`,
          `api_method_${route}_head`,
        ])
        .sort(),
    );
  });

  test.each<[string, string, boolean]>([
    ["player_config", "player/config.json", false],
    ["player_assets", "player/assets/{proxy}", true],
    ["live", "live/{proxy}", true],
  ])("%s maps the request path", (route, key, greedy) => {
    const method = blockOf(
      media,
      "aws_api_gateway_method",
      `api_method_${route}_get`,
    );
    const integration = blockOf(
      media,
      "aws_api_gateway_integration",
      `api_integration_${route}_get`,
    );
    expect(integration.uri).toBe(
      `arn:${PARTITION}:apigateway:us-east-1:s3:path/${BUCKET}/${key}`,
    );
    if (greedy) {
      expect(method.request_parameters).toEqual({
        "method.request.path.proxy": true,
      });
      expect(integration.request_parameters).toEqual({
        "integration.request.path.proxy": "method.request.path.proxy",
      });
    } else {
      expect(method.request_parameters).toBeUndefined();
      expect(integration.request_parameters).toBeUndefined();
    }
  });

  test.each<[string, string]>([
    ["player_index", "no-cache"],
    ["player_config", "no-cache"],
    ["player_assets", "public, max-age=31536000, immutable"],
    ["live", "no-cache"],
  ])("%s passes headers with its Cache-Control", (route, cacheControl) => {
    for (const method of ["get", "head"]) {
      const success = blockOf(
        media,
        "aws_api_gateway_integration_response",
        `api_integration_response_${route}_${method}_200`,
      );
      expect(success.response_parameters).toEqual({
        "method.response.header.Content-Type":
          "integration.response.header.Content-Type",
        "method.response.header.Content-Length":
          "integration.response.header.Content-Length",
        "method.response.header.ETag": "integration.response.header.ETag",
        "method.response.header.Last-Modified":
          "integration.response.header.Last-Modified",
        "method.response.header.Cache-Control": `'${cacheControl}'`,
      });
      const declared = blockOf(
        media,
        "aws_api_gateway_method_response",
        `api_method_response_${route}_${method}_200`,
      );
      expect(Object.keys(declared.response_parameters).sort()).toEqual(
        Object.keys(success.response_parameters).sort(),
      );
    }
  });

  test.each<[string, string]>([
    ["200", "200"],
    ["206", "200"],
    ["403", "404"],
    ["404", "404"],
    ["400", "502"],
    ["500", "502"],
    ["503", "502"],
  ])("S3 status %s becomes %s", (s3Status, clientStatus) => {
    for (const route of [
      "player_index_get",
      "player_assets_head",
      "live_get",
      "live_head",
    ]) {
      expect(
        clientStatusFor(integrationResponsesOf(media, route), s3Status),
      ).toBe(clientStatus);
    }
  });

  test("errors replace the S3 XML body", () => {
    for (const status of ["404", "502"]) {
      const response = blockOf(
        media,
        "aws_api_gateway_integration_response",
        `api_integration_response_live_get_${status}`,
      );
      expect(response.content_handling).toBe("CONVERT_TO_TEXT");
      expect(
        response.response_parameters["method.response.header.Content-Type"],
      ).toBe("'application/json'");
      const body = JSON.parse(response.response_templates["application/json"]);
      expect(body.message).toBe(status === "404" ? "Not Found" : "Bad Gateway");
    }
  });

  test("unknown path returns 404", () => {
    const response = blockOf(
      media,
      "aws_api_gateway_gateway_response",
      "api_unknown_path_response",
    );
    expect(response.response_type).toBe("MISSING_AUTHENTICATION_TOKEN");
    expect(response.status_code).toBe("404");
    expect(JSON.parse(response.response_templates["application/json"])).toEqual(
      { message: "Not Found" },
    );
  });

  test("deployment depends on every API element", () => {
    const deployment = blockOf(
      media,
      "aws_api_gateway_deployment",
      "api_deployment",
    );
    const expected = [
      "aws_api_gateway_resource",
      "aws_api_gateway_method",
      "aws_api_gateway_integration",
      "aws_api_gateway_method_response",
      "aws_api_gateway_integration_response",
      "aws_api_gateway_gateway_response",
      "aws_api_gateway_rest_api_policy",
    ].flatMap((type) =>
      Object.keys(blocksOfType(media.resource, type)).map(
        (name) => `${type}.${name}`,
      ),
    );
    expect([...deployment.depends_on].sort()).toEqual(expected.sort());
    expect(deployment.lifecycle).toEqual({ create_before_destroy: true });
    expect(deployment.triggers.configuration).toMatch(/^[0-9a-f]{64}$/);
    expect(deployment.triggers.remoteValues).toBe(
      `\${sha1(jsonencode([${ENDPOINT.slice(2, -1)}, ${BUCKET.slice(2, -1)}]))}`,
    );
  });

  test("stage logs JSON and throttles", () => {
    const stage = blockOf(media, "aws_api_gateway_stage", "api_stage");
    expect(stage.stage_name).toBe("watch");
    expect(stage.deployment_id).toBe(
      "${aws_api_gateway_deployment.api_deployment.id}",
    );
    expect(stage.access_log_settings.destination_arn).toBe(
      "${aws_cloudwatch_log_group.api_access_log_group.arn}",
    );
    const format = JSON.parse(stage.access_log_settings.format);
    expect(format.requestId).toBe("$context.requestId");
    expect(format.vpceId).toBe("$context.identity.vpceId");
    expect(stage.depends_on).toContain(
      "aws_api_gateway_account.api_gateway_account",
    );
    const settings = blockOf(
      media,
      "aws_api_gateway_method_settings",
      "api_method_settings",
    );
    expect(settings.method_path).toBe("*/*");
    expect(settings.settings).toEqual({
      logging_level: "ERROR",
      data_trace_enabled: false,
      metrics_enabled: true,
      throttling_rate_limit: 500,
      throttling_burst_limit: 1000,
    });
    const accessLogs = blockOf(
      media,
      "aws_cloudwatch_log_group",
      "api_access_log_group",
    );
    expect(accessLogs).toMatchObject({
      name: "/protected-streaming/demo/api-access",
      retention_in_days: 30,
    });
    const executionLogs = blockOf(
      media,
      "aws_cloudwatch_log_group",
      "api_execution_log_group",
    );
    expect(executionLogs.name).toBe(
      "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.api.id}/watch",
    );
  });

  test("account logging role is managed", () => {
    const account = blockOf(
      media,
      "aws_api_gateway_account",
      "api_gateway_account",
    );
    expect(account.cloudwatch_role_arn).toBe(
      "${aws_iam_role.api_cloudwatch_role.arn}",
    );
    const role = blockOf(media, "aws_iam_role", "api_cloudwatch_role");
    expect(role.name).toBe("demo-apigateway-cloudwatch");
    const [trust] = parsePolicy(role.assume_role_policy).Statement;
    expect(trust.Principal).toEqual({ Service: "apigateway.amazonaws.com" });
    expect(trust.Condition).toEqual({
      StringEquals: {
        "aws:SourceAccount":
          "${data.aws_caller_identity.current_account.account_id}",
      },
    });
    const attachment = blockOf(
      media,
      "aws_iam_role_policy_attachment",
      "api_cloudwatch_role_policy",
    );
    expect(attachment.policy_arn).toBe(
      `arn:${PARTITION}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs`,
    );
  });

  test("outputs give both player URLs", () => {
    const output = media.output!;
    const domain =
      "execute-api.us-east-1.${data.aws_partition.current_partition.dns_suffix}";
    const stage = "${aws_api_gateway_stage.api_stage.stage_name}";
    const privateDns = `https://\${aws_api_gateway_rest_api.api.id}.${domain}/${stage}/`;
    const endpointSpecific = `https://\${aws_api_gateway_rest_api.api.id}-${ENDPOINT}.${domain}/${stage}/`;
    expect(output.playerUrl.value).toBe(privateDns);
    expect(output.playerEndpointUrl.value).toBe(endpointSpecific);
    expect(output.apiId.value).toBe("${aws_api_gateway_rest_api.api.id}");
    expect(output.apiStageName.value).toBe(stage);
    expect(output.masterPlaylistUrl.value).toBe(
      `${privateDns}live/demo-channel/index.m3u8`,
    );
    expect(output.howToWatch.value).toContain(privateDns);
    expect(output.howToWatch.value).toContain(endpointSpecific);
  });
});

describe("private API options", () => {
  test("account role can be left alone", () => {
    const media = synthMedia({
      api: {
        manageAccountLoggingRole: false,
        stageName: "live_event",
        throttleRateLimit: 50,
        throttleBurstLimit: 80,
      },
    });
    expect(media.resource?.aws_api_gateway_account).toBeUndefined();
    expect(media.resource?.aws_iam_role?.api_cloudwatch_role).toBeUndefined();
    const stage = blockOf(media, "aws_api_gateway_stage", "api_stage");
    expect(stage.stage_name).toBe("live_event");
    expect(stage.depends_on).toEqual([
      "aws_cloudwatch_log_group.api_execution_log_group",
    ]);
    const settings = blockOf(
      media,
      "aws_api_gateway_method_settings",
      "api_method_settings",
    ).settings;
    expect(settings.throttling_rate_limit).toBe(50);
    expect(settings.throttling_burst_limit).toBe(80);
  });
});

describe("deployment trigger", () => {
  const triggerOf = (media: TerraformJson): string =>
    blockOf(media, "aws_api_gateway_deployment", "api_deployment").triggers
      .configuration;

  let baseline: string;
  beforeAll(() => {
    baseline = triggerOf(synthMedia());
  });

  test("same configuration, same trigger", () => {
    expect(triggerOf(synthMedia())).toBe(baseline);
  });

  test("resource policy change redeploys", () => {
    const changed = synthMedia({}, (media) => {
      media.apiPolicy.addOverride(
        "policy",
        JSON.stringify({ Version: "2012-10-17", Statement: [] }),
      );
    });
    expect(triggerOf(changed)).not.toBe(baseline);
  });

  test("integration change redeploys", () => {
    const changed = synthMedia({}, (media) => {
      const integration = media.apiRoutes.elements.find(
        (element) => element.node.id === "api_integration_live_get",
      )!;
      integration.addOverride("passthrough_behavior", "NEVER");
    });
    expect(
      blockOf(
        changed,
        "aws_api_gateway_integration",
        "api_integration_live_get",
      ).passthrough_behavior,
    ).toBe("NEVER");
    expect(triggerOf(changed)).not.toBe(baseline);
  });

  test("integration response change redeploys", () => {
    const changed = synthMedia({}, (media) => {
      const response = media.apiRoutes.elements.find(
        (element) =>
          element.node.id === "api_integration_response_live_get_404",
      )!;
      response.addOverride("selection_pattern", "404");
    });
    expect(triggerOf(changed)).not.toBe(baseline);
  });

  test("unrelated change keeps the trigger", () => {
    expect(triggerOf(synthMedia({ media: { logLevel: "INFO" } }))).toBe(
      baseline,
    );
  });
});
