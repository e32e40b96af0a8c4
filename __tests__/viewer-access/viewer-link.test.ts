import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  checkOutputsMatchConfig,
  checkViewerName,
  checkViewerNotRevoked,
  createViewerLink,
  extractViewerLinkOutputs,
  formatDuration,
  parseDuration,
  parseValidity,
  readOutputsFile,
  readTerraformOutputs,
  requireSignedLinks,
  ViewerLinkError,
  type ViewerLinkOutputs,
} from "../../scripts/lib/viewer-link";
import { parseConfig } from "../../stacks/config/load";
import { VIEWER_LINK_OUTPUTS } from "../../stacks/viewer-access/outputs";
import {
  loadPublicKey,
  verifyViewerToken,
} from "../../stacks/viewer-access/token";
import { API_ID, AUDIENCE, generateSigningKeys, NOW, STAGE } from "./fixtures";

const keys = generateSigningKeys();
const PLAYER_URL = `https://${API_ID}.execute-api.eu-west-1.amazonaws.com/${STAGE}/`;
const ENDPOINT_URL = `https://${API_ID}-vpce-0123456789abcdef0.execute-api.eu-west-1.vpce.amazonaws.com/${STAGE}/`;

const outputs: ViewerLinkOutputs = {
  apiId: API_ID,
  stageName: STAGE,
  playerUrl: PLAYER_URL,
  playerEndpointUrl: ENDPOINT_URL,
  signingKeyPem: keys.privateKeyPem,
};

/** `terraform output -json` for the media stack. */
function terraformOutputJson(
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const names = VIEWER_LINK_OUTPUTS;
  const entry = (value: unknown, sensitive = false) => ({
    sensitive,
    type: "string",
    value,
  });
  return {
    [names.apiId]: entry(API_ID),
    [names.stageName]: entry(STAGE),
    [names.playerUrl]: entry(PLAYER_URL),
    [names.playerEndpointUrl]: entry(ENDPOINT_URL),
    [names.signingKey]: entry(keys.privateKeyPem, true),
    channelId: entry("1234567"),
    ...overrides,
  };
}

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof ViewerLinkError) return error.message;
    throw error;
  }
  throw new Error("no ViewerLinkError was thrown");
}

function tokenOf(url: string): string {
  return new URL(url).hash.replace(/^#token=/, "");
}

describe("parseDuration", () => {
  test.each<[string, number]>([
    ["90m", 5400],
    ["8h", 28_800],
    ["1d", 86_400],
    ["1h30m", 5400],
    ["1d2h3m", 93_780],
    ["0h45m", 2700],
  ])("%s is read", (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  const FIX =
    "Fix: use whole numbers with the units d, h and m in that order, such as 90m, 8h, 1d or 1h30m";
  test.each<[string, string]>([
    ["", `--valid-for "" is not a duration. ${FIX}`],
    ["90", `--valid-for "90" is not a duration. ${FIX}`],
    ["1.5h", `--valid-for "1.5h" is not a duration. ${FIX}`],
    ["30m1h", `--valid-for "30m1h" is not a duration. ${FIX}`],
    ["1h1h", `--valid-for "1h1h" is not a duration. ${FIX}`],
    ["-1h", `--valid-for "-1h" is not a duration. ${FIX}`],
    ["8 h", `--valid-for "8 h" is not a duration. ${FIX}`],
    ["8H", `--valid-for "8H" is not a duration. ${FIX}`],
    ["30s", `--valid-for "30s" is not a duration. ${FIX}`],
    ["0h", '--valid-for "0h" is zero. Fix: give a duration of at least 1m'],
  ])("%j is rejected", (text, message) => {
    expect(messageOf(() => parseDuration(text))).toBe(message);
  });
});

describe("parseValidity", () => {
  test("duration at the maximum is accepted", () => {
    expect(parseValidity("1d", 24)).toBe(86_400);
  });

  test("one-minute maximum admits 1m", () => {
    const config = parseConfig({ signedLinks: { maxValidityHours: 1 / 60 } });
    expect(parseValidity("1m", config.signedLinks.maxValidityHours)).toBe(60);
  });

  test.each<[string, number, string]>([
    [
      "25h",
      24,
      '--valid-for "25h" is longer than the maximum of 1d set by signedLinks.maxValidityHours (24). Fix: pass a duration of at most 1d, or raise signedLinks.maxValidityHours in the configuration',
    ],
    [
      "2h",
      1.5,
      '--valid-for "2h" is longer than the maximum of 1h30m set by signedLinks.maxValidityHours (1.5). Fix: pass a duration of at most 1h30m, or raise signedLinks.maxValidityHours in the configuration',
    ],
  ])("%s over %d hours is rejected", (text, maxHours, message) => {
    expect(messageOf(() => parseValidity(text, maxHours))).toBe(message);
  });

  test.each<[number, string]>([
    [0, "0s"],
    [45, "45s"],
    [5400, "1h30m"],
    [90_061, "1d1h1m1s"],
  ])("formatDuration(%d) is %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe("checkViewerName", () => {
  test.each(["alice", "ops.team-1", "alice@example.com", "a", "x".repeat(64)])(
    "%s is accepted",
    (name) => {
      expect(checkViewerName(name)).toBe(name);
    },
  );

  const RULE =
    "must be 1-64 letters, digits, '.', '_', '@' or '-', starting and ending with a letter or digit";
  const FIX = 'Fix: use a name such as "alice" or "alice@example.com"';
  test.each<[string, string | undefined, string]>([
    [
      "missing",
      undefined,
      "--viewer is required. Fix: name the viewer, for example --viewer alice",
    ],
    [
      "empty",
      "",
      "--viewer is required. Fix: name the viewer, for example --viewer alice",
    ],
    ["with a space", "Alice Smith", `--viewer "Alice Smith" ${RULE}. ${FIX}`],
    [
      "65 characters",
      "x".repeat(65),
      `--viewer "${"x".repeat(65)}" ${RULE}. ${FIX}`,
    ],
    ["leading hyphen", "-alice", `--viewer "-alice" ${RULE}. ${FIX}`],
    ["with a slash", "a/b", `--viewer "a/b" ${RULE}. ${FIX}`],
    ["with a quote", 'a"b', `--viewer "a\\"b" ${RULE}. ${FIX}`],
  ])("%s is rejected", (_title, name, message) => {
    expect(messageOf(() => checkViewerName(name))).toBe(message);
  });
});

describe("checkViewerNotRevoked", () => {
  const config = parseConfig({
    viewerAccess: "signed-links",
    signedLinks: { revokedViewers: ["bob", "Alice@Example.com"] },
  });

  // "alice" is only a prefix of the listed "Alice@Example.com".
  test.each(["carol", "alice"])("%s is accepted", (viewer) => {
    expect(() => checkViewerNotRevoked(viewer, config)).not.toThrow();
  });

  const message = (viewer: string, listed: string) =>
    `viewer "${viewer}" is revoked: signedLinks.revokedViewers lists "${listed}", so the authorizer would reject every link for this viewer. ` +
    `Fix: to admit the viewer again, remove "${listed}" from signedLinks.revokedViewers and deploy the media stack, then run this command again`;
  test.each<[string, string]>([
    ["bob", "bob"],
    ["BOB", "bob"],
    ["alice@example.com", "Alice@Example.com"],
  ])("%s is rejected", (viewer, listed) => {
    expect(messageOf(() => checkViewerNotRevoked(viewer, config))).toBe(
      message(viewer, listed),
    );
  });
});

describe("requireSignedLinks", () => {
  test("network mode is rejected", () => {
    expect(messageOf(() => requireSignedLinks(parseConfig({})))).toBe(
      'viewerAccess is "network", so the stream is open to everyone on the network and no link is needed. ' +
        'Fix: set "viewerAccess": "signed-links" in the configuration file named by STREAMING_CONFIG and deploy the media stack, then run this command again',
    );
  });

  test("cognito mode is rejected", () => {
    expect(
      messageOf(() =>
        requireSignedLinks(parseConfig({ viewerAccess: "cognito" })),
      ),
    ).toBe(
      'viewerAccess is "cognito", so viewers sign in with Cognito and no link is needed (add viewers with the addViewerCommand output). ' +
        'Fix: set "viewerAccess": "signed-links" in the configuration file named by STREAMING_CONFIG and deploy the media stack, then run this command again',
    );
  });

  test("signed-links mode is accepted", () => {
    expect(() =>
      requireSignedLinks(parseConfig({ viewerAccess: "signed-links" })),
    ).not.toThrow();
  });
});

describe("extractViewerLinkOutputs", () => {
  test("terraform output -json is read", () => {
    expect(extractViewerLinkOutputs(terraformOutputJson())).toEqual(outputs);
  });

  test("cdktf outputs file is read", () => {
    const file = {
      network: { vpcId: "vpc-1" },
      media: { ...outputsFileEntries(), channelId: "1" },
    };
    expect(extractViewerLinkOutputs(file)).toEqual(outputs);
  });

  test("endpoint URL is optional", () => {
    const { [VIEWER_LINK_OUTPUTS.playerEndpointUrl]: _omitted, ...rest } =
      terraformOutputJson();
    expect(extractViewerLinkOutputs(rest).playerEndpointUrl).toBeUndefined();
  });

  const FIX =
    'Fix: pass the output of "terraform output -json" run in cdktf.out/stacks/media after the media stack is deployed with "viewerAccess": "signed-links"';
  test.each<[string, unknown, string]>([
    ["a list", [], `the outputs are not a JSON object. ${FIX}`],
    [
      "no signing key",
      terraformOutputJson({ [VIEWER_LINK_OUTPUTS.signingKey]: undefined }),
      `the outputs hold no viewerLinkSigningKeyPem string. ${FIX}`,
    ],
    [
      "empty api id",
      terraformOutputJson({
        [VIEWER_LINK_OUTPUTS.apiId]: {
          sensitive: false,
          type: "string",
          value: "",
        },
      }),
      `the outputs hold no apiId string. ${FIX}`,
    ],
    [
      "network outputs only",
      { vpcId: { sensitive: false, type: "string", value: "vpc-1" } },
      `the outputs hold no apiId string. ${FIX}`,
    ],
  ])("%s is rejected", (_title, data, message) => {
    expect(messageOf(() => extractViewerLinkOutputs(data))).toBe(message);
  });

  function outputsFileEntries(): Record<string, string> {
    const names = VIEWER_LINK_OUTPUTS;
    return {
      [names.apiId]: API_ID,
      [names.stageName]: STAGE,
      [names.playerUrl]: PLAYER_URL,
      [names.playerEndpointUrl]: ENDPOINT_URL,
      [names.signingKey]: keys.privateKeyPem,
    };
  }
});

describe("createViewerLink", () => {
  test("URL carries the token in the fragment", () => {
    const link = createViewerLink({
      outputs,
      viewer: "alice",
      validForSeconds: 3600,
      issuedAt: NOW,
    });
    const url = new URL(link.url);
    expect(`${url.origin}${url.pathname}`).toBe(PLAYER_URL);
    expect(url.search).toBe("");
    expect(url.hash).toMatch(
      /^#token=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/,
    );
  });

  test("token verifies with the public key", () => {
    const link = createViewerLink({
      outputs,
      viewer: "alice",
      validForSeconds: 3600,
      issuedAt: NOW,
    });
    const decision = verifyViewerToken(
      tokenOf(link.url),
      { publicKey: loadPublicKey(keys.publicKeyPem), audience: AUDIENCE },
      NOW + 60,
    );
    expect(decision).toEqual({
      allowed: true,
      viewer: "alice",
      tokenId: link.claims.jti,
      expiresAt: NOW + 3600,
    });
  });

  test("token fails with another public key", () => {
    const link = createViewerLink({
      outputs,
      viewer: "alice",
      validForSeconds: 3600,
      issuedAt: NOW,
    });
    const other = loadPublicKey(generateSigningKeys().publicKeyPem);
    expect(
      verifyViewerToken(
        tokenOf(link.url),
        { publicKey: other, audience: AUDIENCE },
        NOW,
      ).allowed,
    ).toBe(false);
  });

  test("endpoint host is used on request", () => {
    const link = createViewerLink({
      outputs,
      viewer: "alice",
      validForSeconds: 60,
      useEndpointHost: true,
    });
    expect(link.url.startsWith(`${ENDPOINT_URL}#token=`)).toBe(true);
  });

  test("fragment already in the output is replaced", () => {
    const link = createViewerLink({
      outputs: { ...outputs, playerUrl: `${PLAYER_URL}#old` },
      viewer: "alice",
      validForSeconds: 60,
    });
    expect(link.url.split("#")).toHaveLength(2);
    expect(link.url).not.toContain("old");
  });

  test.each<[string, Partial<ViewerLinkOutputs>, boolean, string]>([
    [
      "http URL",
      { playerUrl: "http://example.internal/watch/" },
      false,
      'output playerUrl "http://example.internal/watch/" is not an https URL.',
    ],
    [
      "URL that is no URL",
      { playerUrl: "watch/" },
      false,
      'output playerUrl "watch/" is not a URL.',
    ],
    [
      "missing endpoint URL",
      { playerEndpointUrl: undefined },
      true,
      "the outputs hold no playerEndpointUrl string. Fix: run without --endpoint-host",
    ],
    [
      "RSA signing key",
      { signingKeyPem: rsaPrivateKeyPem() },
      false,
      "output viewerLinkSigningKeyPem: the private key must be an ECDSA P-256 key, but is a rsa key.",
    ],
  ])("%s is rejected", (_title, change, useEndpointHost, start) => {
    const message = messageOf(() =>
      createViewerLink({
        outputs: { ...outputs, ...change },
        viewer: "alice",
        validForSeconds: 60,
        useEndpointHost,
      }),
    );
    expect(message.startsWith(start)).toBe(true);
  });
});

function rsaPrivateKeyPem(): string {
  return generateKeyPairSync("rsa", {
    modulusLength: 1024,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
}

describe("checkOutputsMatchConfig", () => {
  test("other stage is rejected", () => {
    const config = parseConfig({ api: { stageName: "live" } });
    expect(messageOf(() => checkOutputsMatchConfig(outputs, config))).toBe(
      'the deployed stage "watch" differs from api.stageName "live". Fix: set STREAMING_CONFIG to the configuration the media stack was deployed with',
    );
  });
});

describe("reading outputs", () => {
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "viewer-link-"));
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  test("missing file is rejected", () => {
    const path = join(directory, "absent.json");
    expect(messageOf(() => readOutputsFile(path))).toBe(
      `file ${path} not found. Fix: check the --from path`,
    );
  });

  test("file that is no JSON is rejected", () => {
    const path = join(directory, "broken.json");
    writeFileSync(path, "{");
    expect(messageOf(() => readOutputsFile(path))).toMatch(
      new RegExp(`^${path} is not valid JSON \\(`),
    );
  });

  test("directory passed as a file is rejected", () => {
    expect(messageOf(() => readOutputsFile(directory))).toBe(
      `--from ${directory} is a directory. Fix: pass the JSON file that "terraform output -json" or "cdktf output --outputs-file" wrote`,
    );
  });

  test("uninitialized stack directory needs terraform init", () => {
    const stackDirectory = join(
      directory,
      "initless",
      "cdktf.out",
      "stacks",
      "media",
    );
    const bin = join(directory, "initless", "bin");
    mkdirSync(stackDirectory, { recursive: true });
    mkdirSync(bin);
    writeFileSync(
      join(bin, "terraform"),
      `#!/bin/sh\necho '│ Error: Backend initialization required, please run "terraform init"' >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    expect(
      messageOf(() =>
        readTerraformOutputs(stackDirectory, {
          PATH: `${bin}:${process.env.PATH}`,
        }),
      ),
    ).toBe(
      `"terraform output -json" failed in ${stackDirectory} (Backend initialization required, please run "terraform init"). ` +
        `Fix: run "terraform init" in ${stackDirectory}, then run this command again, or pass --from FILE`,
    );
  });

  test("undeployed stack directory is rejected", () => {
    const path = join(directory, "cdktf.out", "stacks", "media");
    expect(messageOf(() => readTerraformOutputs(path))).toBe(
      `${path} not found. Fix: run "npm run synth" and deploy the media stack first, or pass --from FILE`,
    );
  });
});

describe("viewer-link command", () => {
  const projectRoot = resolve(__dirname, "..", "..");
  let directory: string;

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), "viewer-link-command-"));
    writeFileSync(
      join(directory, "signed.json"),
      JSON.stringify({
        viewerAccess: "signed-links",
        signedLinks: { maxValidityHours: 12 },
      }),
    );
    writeFileSync(
      join(directory, "network.json"),
      JSON.stringify({ viewerAccess: "network" }),
    );
    writeFileSync(
      join(directory, "revoked.json"),
      JSON.stringify({
        viewerAccess: "signed-links",
        signedLinks: { revokedViewers: ["alice"] },
      }),
    );
    writeFileSync(
      join(directory, "outputs.json"),
      JSON.stringify(terraformOutputJson()),
    );
  });

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  function run(config: string, args: string[]) {
    return spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/viewer-link.ts", ...args],
      {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH,
          STREAMING_CONFIG: join(directory, config),
        },
        encoding: "utf8",
        timeout: 20_000,
      },
    );
  }

  test("prints one link and logs no token", () => {
    const result = run("signed.json", [
      "--viewer",
      "alice",
      "--valid-for",
      "8h",
      "--from",
      join(directory, "outputs.json"),
    ]);
    expect(result.stderr).toContain(
      "Link for viewer alice, valid for 8h until ",
    );
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]!.startsWith(`${PLAYER_URL}#token=`)).toBe(true);

    const token = tokenOf(lines[0]!);
    const decision = verifyViewerToken(token, {
      publicKey: loadPublicKey(keys.publicKeyPem),
      audience: AUDIENCE,
    });
    expect(decision.allowed).toBe(true);
    for (const segment of token.split("."))
      expect(result.stderr).not.toContain(segment);
  });

  test("over the configured maximum fails", () => {
    const result = run("signed.json", [
      "--viewer",
      "alice",
      "--valid-for",
      "13h",
      "--from",
      join(directory, "outputs.json"),
    ]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'viewer-link: --valid-for "13h" is longer than the maximum of 12h set by signedLinks.maxValidityHours (12). Fix: pass a duration of at most 12h, or raise signedLinks.maxValidityHours in the configuration\n',
    );
  });

  test("revoked viewer fails", () => {
    const result = run("revoked.json", [
      "--viewer",
      "Alice",
      "--valid-for",
      "1h",
      "--from",
      join(directory, "outputs.json"),
    ]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      'viewer-link: viewer "Alice" is revoked: signedLinks.revokedViewers lists "alice", so the authorizer would reject every link for this viewer. ' +
        'Fix: to admit the viewer again, remove "alice" from signedLinks.revokedViewers and deploy the media stack, then run this command again\n',
    );
  });

  test("network mode fails", () => {
    const result = run("network.json", [
      "--viewer",
      "alice",
      "--valid-for",
      "1h",
      "--from",
      join(directory, "outputs.json"),
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^viewer-link: viewerAccess is "network", so the stream is open/,
    );
  });

  test("unknown option fails with usage", () => {
    const result = run("signed.json", ["--viewer", "alice", "--hours", "1"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(
      "Usage: npm run viewer-link -- --viewer NAME --valid-for DURATION",
    );
  });
});
