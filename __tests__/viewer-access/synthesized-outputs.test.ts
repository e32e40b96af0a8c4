import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TerraformJson } from "../../stacks/synthesize";
import { createAuthorizerHandler } from "../../stacks/viewer-access/authorizer/handler";
import { AUTHORIZER_ENVIRONMENT_VARIABLES } from "../../stacks/viewer-access/authorizer/environment";
import {
  loadPublicKey,
  verifyViewerToken,
} from "../../stacks/viewer-access/token";
import { block, synthAll } from "../support/synth";
import { generateSigningKeys } from "./fixtures";

/**
 * Checks `npm run viewer-link` against the media stack's outputs as they are
 * actually synthesized: every output becomes an entry of a fake
 * `terraform output -json`, with each Terraform reference in it replaced by
 * a value a deployment could have.
 */

const keys = generateSigningKeys();
const API_ID = "k3x9q2w7z1";
const ENDPOINT_ID = "vpce-0a1b2c3d4e5f67890";
const REGION = "eu-west-1";
const STAGE = "event_day";

/** Values of the Terraform references that the viewer link and the authorizer depend on. */
const DEPLOYED_VALUES: Readonly<Record<string, string>> = {
  "aws_api_gateway_rest_api.api.id": API_ID,
  "aws_api_gateway_stage.api_stage.stage_name": STAGE,
  "data.aws_partition.current_partition.dns_suffix": "amazonaws.com",
  "data.terraform_remote_state.network_state.outputs.executeApiEndpointId":
    ENDPOINT_ID,
  "tls_private_key.viewer_link_signing_key.private_key_pem_pkcs8":
    keys.privateKeyPem,
  "tls_private_key.viewer_link_signing_key.public_key_pem": keys.publicKeyPem,
};

const UNKNOWN = Symbol("unknown");

/** Replaces every `${reference}` in a string; returns UNKNOWN when one has no deployed value. */
function resolveText(text: string): string | typeof UNKNOWN {
  let unknown = false;
  const resolved = text.replace(
    /\$\{([^}]+)\}/g,
    (_match, expression: string) => {
      const value = DEPLOYED_VALUES[expression];
      if (value === undefined) unknown = true;
      return value ?? "";
    },
  );
  return unknown ? UNKNOWN : resolved;
}

/** Builds `terraform output -json` from the synthesized outputs: `{ name: { sensitive, type, value } }`. */
function terraformOutputJson(media: TerraformJson): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(media.output ?? {}).map(([name, output]) => {
      const value =
        typeof output.value === "string" ? resolveText(output.value) : UNKNOWN;
      return [
        name,
        {
          sensitive: output.sensitive ?? false,
          type: "string",
          value: value === UNKNOWN ? "value not known in this test" : value,
        },
      ];
    }),
  );
}

/** The authorizer's environment as the deployed function would see it. */
function deployedAuthorizerEnvironment(
  media: TerraformJson,
): NodeJS.ProcessEnv {
  const variables = block(
    media.resource,
    "aws_lambda_function",
    "viewer_link_authorizer",
  ).environment as {
    variables: Record<string, string>;
  };
  return Object.fromEntries(
    Object.entries(variables.variables).map(([name, text]) => {
      const value = resolveText(text);
      if (value === UNKNOWN)
        throw new Error(`no deployed value for ${name}: ${text}`);
      return [name, value];
    }),
  );
}

describe("viewer-link with synthesized outputs", () => {
  const projectRoot = resolve(__dirname, "..", "..");
  let directory: string;
  let media: TerraformJson;

  beforeAll(() => {
    const overrides = {
      region: REGION,
      api: { stageName: STAGE },
      viewerAccess: "signed-links",
    };
    media = synthAll(overrides).media;
    directory = mkdtempSync(join(tmpdir(), "viewer-link-synthesized-"));
    writeFileSync(join(directory, "config.json"), JSON.stringify(overrides));
    writeFileSync(
      join(directory, "outputs.json"),
      JSON.stringify(terraformOutputJson(media)),
    );
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function run(...extra: string[]) {
    return spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/viewer-link.ts",
        "--viewer",
        "alice",
        "--valid-for",
        "2h",
        "--from",
        join(directory, "outputs.json"),
        ...extra,
      ],
      {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH,
          STREAMING_CONFIG: join(directory, "config.json"),
        },
        encoding: "utf8",
        timeout: 20_000,
      },
    );
  }

  test("link opens the synthesized player URL", () => {
    const result = run();
    expect(result.stderr).toContain(
      "Link for viewer alice, valid for 2h until ",
    );
    expect(result.status).toBe(0);
    expect(
      result.stdout.startsWith(
        `https://${API_ID}.execute-api.${REGION}.amazonaws.com/${STAGE}/#token=`,
      ),
    ).toBe(true);
  });

  test("endpoint host link uses the endpoint name", () => {
    const result = run("--endpoint-host");
    expect(result.status).toBe(0);
    expect(
      result.stdout.startsWith(
        `https://${API_ID}-${ENDPOINT_ID}.execute-api.${REGION}.amazonaws.com/${STAGE}/#token=`,
      ),
    ).toBe(true);
  });

  test("token matches the synthesized audience", () => {
    const token = new URL(run().stdout.trim()).hash.replace(/^#token=/, "");
    const environment = deployedAuthorizerEnvironment(media);
    const audience = environment[AUTHORIZER_ENVIRONMENT_VARIABLES.audience]!;
    expect(audience).toBe(`${API_ID}/${STAGE}`);
    const decision = verifyViewerToken(token, {
      publicKey: loadPublicKey(keys.publicKeyPem),
      audience,
    });
    expect(decision).toMatchObject({ allowed: true, viewer: "alice" });
  });

  test("authorizer with synthesized settings allows the link", async () => {
    const token = new URL(run().stdout.trim()).hash.replace(/^#token=/, "");
    const handler = createAuthorizerHandler({
      environment: deployedAuthorizerEnvironment(media),
      log: () => undefined,
    });
    const methodArn = `arn:aws:execute-api:${REGION}:123456789012:${API_ID}/${STAGE}/GET/live/demo-channel/index.m3u8`;
    const result = await handler({
      type: "REQUEST",
      methodArn,
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(result.principalId).toBe("alice");
    expect(result.policyDocument.Statement[0]!.Effect).toBe("Allow");
  });
});
