import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { VIEWER_LINK_DENIED_MESSAGE } from "../../stacks/media/viewer-access";
import { runRules } from "../../stacks/rules/run-rules";
import { synthesize, type TerraformJson } from "../../stacks/synthesize";
import { AUTHORIZER_ENVIRONMENT_VARIABLES } from "../../stacks/viewer-access/authorizer/environment";
import { bundleAuthorizer } from "../../stacks/viewer-access/bundle";
import { VIEWER_LINK_OUTPUTS } from "../../stacks/viewer-access/outputs";
import {
  block,
  blocksOfType,
  configWith,
  parsePolicy,
  synthAll,
  synthMedia,
} from "../support/synth";

type Json = Record<string, any>;

const SIGNED = { viewerAccess: "signed-links" };
const API_ID = "${aws_api_gateway_rest_api.api.id}";
const AUTHORIZER_ID = "${aws_api_gateway_authorizer.viewer_link.id}";
const ACCOUNT = "${data.aws_caller_identity.current_account.account_id}";
const LOG_GROUP = "aws_cloudwatch_log_group.viewer_link_authorizer_log_group";
const PROJECT_ROOT = resolve(__dirname, "..", "..");

const blockOf = (media: TerraformJson, type: string, name: string): Json =>
  block(media.resource, type, name);
const methodsOf = (media: TerraformJson): Record<string, Json> =>
  blocksOfType(media.resource, "aws_api_gateway_method");

const triggerOf = (media: TerraformJson): string =>
  blockOf(media, "aws_api_gateway_deployment", "api_deployment").triggers
    .configuration;

describe("signed links in the media stack", () => {
  let media: TerraformJson;
  beforeAll(() => {
    media = synthAll({
      ...SIGNED,
      logRetentionDays: 14,
      signedLinks: {
        cacheTtlSeconds: 120,
        revokedViewers: ["mallory"],
        revokedTokenIds: ["3f2b6c1e-8a4d-4c2f-9b7e-2d1a5c6e7f80"],
      },
    }).media;
  });

  test("live methods use the authorizer", () => {
    for (const httpMethod of ["get", "head"]) {
      const method = blockOf(
        media,
        "aws_api_gateway_method",
        `api_method_live_${httpMethod}`,
      );
      expect(method.authorization).toBe("CUSTOM");
      expect(method.authorizer_id).toBe(AUTHORIZER_ID);
    }
  });

  test("player routes stay open", () => {
    const open = Object.entries(methodsOf(media)).filter(
      ([name]) => !name.startsWith("api_method_live_"),
    );
    expect(open.map(([name]) => name).sort()).toEqual(
      ["player_assets", "player_config", "player_index"]
        .flatMap((route) => [
          `api_method_${route}_get`,
          `api_method_${route}_head`,
        ])
        .sort(),
    );
    for (const [, method] of open) {
      expect(method.authorization).toBe("NONE");
      expect(method.authorizer_id).toBeUndefined();
    }
  });

  test("authorizer is a cached REQUEST authorizer", () => {
    const authorizer = blockOf(
      media,
      "aws_api_gateway_authorizer",
      "viewer_link",
    );
    expect(authorizer).toMatchObject({
      rest_api_id: API_ID,
      name: "demo-viewer-link",
      type: "REQUEST",
      authorizer_uri:
        "${aws_lambda_function.viewer_link_authorizer.invoke_arn}",
      identity_source: "method.request.header.Authorization",
      authorizer_result_ttl_in_seconds: 120,
    });
    // Without credentials, API Gateway invokes the function through its resource policy.
    expect(authorizer.authorizer_credentials).toBeUndefined();
  });

  test("public key and audience wired in", () => {
    const variables = blockOf(
      media,
      "aws_lambda_function",
      "viewer_link_authorizer",
    ).environment.variables;
    const names = AUTHORIZER_ENVIRONMENT_VARIABLES;
    expect(variables).toEqual({
      [names.publicKey]:
        "${tls_private_key.viewer_link_signing_key.public_key_pem}",
      [names.audience]: `${API_ID}/watch`,
      [names.revokedViewers]: '["mallory"]',
      [names.revokedTokenIds]: '["3f2b6c1e-8a4d-4c2f-9b7e-2d1a5c6e7f80"]',
    });
  });

  test("signing key is ECDSA P-256", () => {
    expect(
      blockOf(media, "tls_private_key", "viewer_link_signing_key"),
    ).toMatchObject({ algorithm: "ECDSA", ecdsa_curve: "P256" });
  });

  test("private key only in a sensitive output", () => {
    const output = media.output![VIEWER_LINK_OUTPUTS.signingKey]!;
    expect(output.sensitive).toBe(true);
    expect(output.value).toBe(
      "${tls_private_key.viewer_link_signing_key.private_key_pem_pkcs8}",
    );
    const elsewhere = JSON.stringify({
      resource: media.resource,
      data: media.data,
      output: Object.entries(media.output!).filter(
        ([name]) => name !== VIEWER_LINK_OUTPUTS.signingKey,
      ),
    });
    expect(elsewhere).not.toMatch(/viewer_link_signing_key\.private_key/);
  });

  test("viewer-link outputs are published", () => {
    const output = media.output!;
    expect(output[VIEWER_LINK_OUTPUTS.apiId]!.value).toBe(API_ID);
    expect(output[VIEWER_LINK_OUTPUTS.stageName]!.value).toBe(
      "${aws_api_gateway_stage.api_stage.stage_name}",
    );
    expect(String(output[VIEWER_LINK_OUTPUTS.playerUrl]!.value)).toMatch(
      /^https:\/\//,
    );
    expect(
      String(output[VIEWER_LINK_OUTPUTS.playerEndpointUrl]!.value),
    ).toMatch(/^https:\/\//);
    for (const name of [
      VIEWER_LINK_OUTPUTS.apiId,
      VIEWER_LINK_OUTPUTS.stageName,
      VIEWER_LINK_OUTPUTS.playerUrl,
    ]) {
      expect(output[name]!.sensitive).toBe(false);
    }
    expect(output.howToWatch!.value).toContain(
      "npm run viewer-link -- --viewer NAME --valid-for 8h",
    );
  });

  test("function runs the bundle", () => {
    const fn = blockOf(media, "aws_lambda_function", "viewer_link_authorizer");
    expect(fn).toMatchObject({
      function_name: "demo-viewer-link-authorizer",
      runtime: "nodejs22.x",
      handler: "index.handler",
      architectures: ["arm64"],
      role: "${aws_iam_role.viewer_link_authorizer_role.arn}",
    });
    expect(fn.filename).toMatch(
      /^assets\/viewer_link_authorizer_code\/[0-9A-F]{32}\/archive\.zip$/,
    );
    const bundleDirectory = mkdtempSync(
      join(tmpdir(), "viewer-access-bundle-"),
    );
    try {
      const { sha256 } = bundleAuthorizer(bundleDirectory);
      expect(fn.source_code_hash).toBe(
        Buffer.from(sha256, "hex").toString("base64"),
      );
    } finally {
      rmSync(bundleDirectory, { recursive: true, force: true });
    }
  });

  test("role trusts Lambda in this account", () => {
    const role = blockOf(media, "aws_iam_role", "viewer_link_authorizer_role");
    expect(role.name).toBe("demo-viewer-link-authorizer");
    expect(parsePolicy(role.assume_role_policy).Statement).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "lambda.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
      },
    ]);
  });

  test("role writes only its own log group", () => {
    const policies = Object.values(
      blocksOfType(media.resource, "aws_iam_role_policy"),
    ).filter(
      (policy) =>
        policy.role === "${aws_iam_role.viewer_link_authorizer_role.id}",
    );
    expect(policies).toHaveLength(1);
    expect(parsePolicy(policies[0]!.policy).Statement).toEqual([
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `\${${LOG_GROUP}.arn}:*`,
      },
    ]);
    const attachments = Object.values(
      media.resource?.aws_iam_role_policy_attachment ?? {},
    );
    expect(
      attachments.filter((attachment: Json) =>
        String(attachment.role).includes("viewer_link_authorizer"),
      ),
    ).toEqual([]);
  });

  test("log group has retention and comes first", () => {
    expect(
      blockOf(
        media,
        "aws_cloudwatch_log_group",
        "viewer_link_authorizer_log_group",
      ),
    ).toMatchObject({
      name: "/protected-streaming/demo/viewer-link-authorizer",
      retention_in_days: 14,
    });
    const fn = blockOf(media, "aws_lambda_function", "viewer_link_authorizer");
    expect(fn.logging_config).toEqual({
      log_format: "Text",
      log_group: `\${${LOG_GROUP}.name}`,
    });
    expect(fn.depends_on).toContain(LOG_GROUP);
    expect(fn.depends_on).toContain(
      "aws_iam_role_policy.viewer_link_authorizer_role_policy",
    );
  });

  test("permission admits only this authorizer", () => {
    expect(
      blockOf(
        media,
        "aws_lambda_permission",
        "viewer_link_authorizer_permission",
      ),
    ).toMatchObject({
      action: "lambda:InvokeFunction",
      function_name:
        "${aws_lambda_function.viewer_link_authorizer.function_name}",
      principal: "apigateway.amazonaws.com",
      source_arn: `\${aws_api_gateway_rest_api.api.execution_arn}/authorizers/${AUTHORIZER_ID}`,
    });
  });

  test.each([
    ["viewer_link_unauthorized_response", "UNAUTHORIZED", "401"],
    ["viewer_link_access_denied_response", "ACCESS_DENIED", "403"],
  ])("%s has a short uncached body", (name, responseType, statusCode) => {
    const response = blockOf(media, "aws_api_gateway_gateway_response", name);
    expect(response).toMatchObject({
      rest_api_id: API_ID,
      response_type: responseType,
      status_code: statusCode,
    });
    expect(JSON.parse(response.response_templates["application/json"])).toEqual(
      { message: VIEWER_LINK_DENIED_MESSAGE },
    );
    expect(
      response.response_parameters["gatewayresponse.header.Cache-Control"],
    ).toBe("'no-store'");
    expect(
      response.response_parameters["gatewayresponse.header.Content-Type"],
    ).toBe("'application/json'");
    const challenge =
      response.response_parameters["gatewayresponse.header.WWW-Authenticate"];
    expect(challenge).toBe(statusCode === "401" ? "'Bearer'" : undefined);
  });

  test("stage logs no request data", () => {
    const settings = blockOf(
      media,
      "aws_api_gateway_method_settings",
      "api_method_settings",
    ).settings;
    expect(settings.data_trace_enabled).toBe(false);
    expect(settings.logging_level).toBe("ERROR");
    const format = JSON.parse(
      blockOf(media, "aws_api_gateway_stage", "api_stage").access_log_settings
        .format,
    );
    expect(format.viewer).toBe("$context.authorizer.principalId");
    expect(JSON.stringify(format)).not.toMatch(/header|Authorization/i);
  });

  test("deployment waits for the authorizer parts", () => {
    const dependsOn = blockOf(
      media,
      "aws_api_gateway_deployment",
      "api_deployment",
    ).depends_on;
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        "aws_api_gateway_authorizer.viewer_link",
        "aws_lambda_function.viewer_link_authorizer",
        "aws_lambda_permission.viewer_link_authorizer_permission",
        "aws_api_gateway_gateway_response.viewer_link_unauthorized_response",
        "aws_api_gateway_gateway_response.viewer_link_access_denied_response",
      ]),
    );
  });
});

describe("signed links with caching off", () => {
  test("TTL 0 is passed through", () => {
    const media = synthAll({
      ...SIGNED,
      signedLinks: { cacheTtlSeconds: 0 },
    }).media;
    expect(
      blockOf(media, "aws_api_gateway_authorizer", "viewer_link")
        .authorizer_result_ttl_in_seconds,
    ).toBe(0);
  });
});

describe("signed links: deployment trigger", () => {
  let baseline: string;
  beforeAll(() => {
    baseline = triggerOf(synthMedia(SIGNED));
  });

  test("same configuration, same trigger", () => {
    expect(triggerOf(synthMedia(SIGNED))).toBe(baseline);
  });

  test("network mode has another trigger", () => {
    expect(triggerOf(synthMedia({}))).not.toBe(baseline);
  });

  test("cache TTL change redeploys", () => {
    expect(
      triggerOf(
        synthMedia({ ...SIGNED, signedLinks: { cacheTtlSeconds: 300 } }),
      ),
    ).not.toBe(baseline);
  });

  test("revocation change redeploys", () => {
    expect(
      triggerOf(
        synthMedia({ ...SIGNED, signedLinks: { revokedViewers: ["mallory"] } }),
      ),
    ).not.toBe(baseline);
  });

  test("code change redeploys", () => {
    const changed = synthMedia(SIGNED, (media) => {
      media.viewerAccess!.authorizerFunction.function.sourceCodeHash =
        "b3RoZXIgY29kZQ==";
    });
    expect(
      blockOf(changed, "aws_lambda_function", "viewer_link_authorizer")
        .source_code_hash,
    ).toBe("b3RoZXIgY29kZQ==");
    expect(triggerOf(changed)).not.toBe(baseline);
  });

  test("gateway response change redeploys", () => {
    const changed = synthMedia(SIGNED, (media) => {
      media.viewerAccess!.deniedResponses[1]!.addOverride("status_code", "404");
    });
    expect(triggerOf(changed)).not.toBe(baseline);
  });

  test("authorizer change redeploys", () => {
    const changed = synthMedia(SIGNED, (media) => {
      media.viewerAccess!.authorizer.addOverride(
        "identity_source",
        "method.request.header.X-Token",
      );
    });
    expect(triggerOf(changed)).not.toBe(baseline);
  });
});

describe("signed links: synthesis is reproducible", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  function synthInto(): string {
    const root = mkdtempSync(join(tmpdir(), "viewer-access-repro-"));
    roots.push(root);
    const outdir = join(root, "cdktf.out");
    synthesize(configWith(SIGNED), outdir);
    return outdir;
  }

  function archiveIn(outdir: string): Buffer {
    const base = join(
      outdir,
      "stacks",
      "media",
      "assets",
      "viewer_link_authorizer_code",
    );
    const [hash] = readdirSync(base);
    return readFileSync(join(base, hash!, "archive.zip"));
  }

  test("two synths are byte-identical", () => {
    const first = synthInto();
    const second = synthInto();
    const json = (outdir: string) =>
      readFileSync(join(outdir, "stacks", "media", "cdk.tf.json"), "utf8");
    expect(json(second)).toBe(json(first));
    expect(archiveIn(second).equals(archiveIn(first))).toBe(true);
    for (const text of [
      json(first),
      readFileSync(join(first, "stacks", "storage", "cdk.tf.json"), "utf8"),
    ]) {
      expect(text).not.toContain(first);
      expect(text).not.toContain(tmpdir());
      expect(text).not.toContain(PROJECT_ROOT);
    }
  });
});

describe("signed links: security rules", () => {
  test("signed links have no findings", () => {
    const overrides = {
      ...SIGNED,
      media: { fileInputs: ["vod/keynote-day1.mp4"] },
    };
    const run = runRules(synthAll(overrides), configWith(overrides));
    expect(
      run.findings.map(
        (finding) =>
          `${finding.rule.id} ${finding.stack}/${finding.resource}: ${finding.detail}`,
      ),
    ).toEqual([]);
  });
});

describe("network mode", () => {
  let media: TerraformJson;
  beforeAll(() => {
    media = synthAll({}).media;
  });

  test("no signed-link resources", () => {
    const resources = media.resource ?? {};
    for (const type of [
      "tls_private_key",
      "aws_lambda_function",
      "aws_lambda_permission",
      "aws_api_gateway_authorizer",
    ]) {
      expect(resources[type]).toBeUndefined();
    }
    expect(resources.aws_iam_role?.viewer_link_authorizer_role).toBeUndefined();
    expect(
      resources.aws_cloudwatch_log_group?.viewer_link_authorizer_log_group,
    ).toBeUndefined();
    expect(
      Object.keys(resources.aws_api_gateway_gateway_response ?? {}),
    ).toEqual(["api_unknown_path_response"]);
    expect(media.provider?.tls).toBeUndefined();
  });

  test("no signing key output", () => {
    expect(media.output?.[VIEWER_LINK_OUTPUTS.signingKey]).toBeUndefined();
  });

  test("every method is open", () => {
    for (const method of Object.values(methodsOf(media))) {
      expect(method.authorization).toBe("NONE");
      expect(method.authorizer_id).toBeUndefined();
    }
  });
});
