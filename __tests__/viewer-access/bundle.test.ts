import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AUTHORIZER_HANDLER,
  bundleAuthorizer,
} from "../../stacks/viewer-access/bundle";
import { signViewerToken } from "../../stacks/viewer-access/token";
import {
  AUDIENCE,
  authorizerEnvironmentFor,
  generateSigningKeys,
  LIVE_ROUTES_ARN,
  METHOD_ARN,
} from "./fixtures";

let workDirectory: string;

beforeAll(() => {
  workDirectory = mkdtempSync(join(tmpdir(), "authorizer-bundle-"));
});

afterAll(() => {
  rmSync(workDirectory, { recursive: true, force: true });
});

describe("bundleAuthorizer", () => {
  test("two bundles are byte-identical", () => {
    const first = bundleAuthorizer(join(workDirectory, "first"));
    const second = bundleAuthorizer(join(workDirectory, "second"));
    expect(readFileSync(second.path).equals(readFileSync(first.path))).toBe(
      true,
    );
    expect(second.sha256).toBe(first.sha256);
    expect(first.sha256).toBe(
      createHash("sha256").update(readFileSync(first.path)).digest("hex"),
    );
  });

  test("directory holds only index.js", () => {
    const bundle = bundleAuthorizer(join(workDirectory, "only"));
    expect(readdirSync(join(workDirectory, "only"))).toEqual(["index.js"]);
    expect(bundle.path).toBe(join(workDirectory, "only", "index.js"));
    expect(AUTHORIZER_HANDLER).toBe("index.handler");
  });

  test("bundle needs only Node.js built-ins", () => {
    const code = readFileSync(
      bundleAuthorizer(join(workDirectory, "imports")).path,
      "utf8",
    );
    const required = [...code.matchAll(/require\("([^"]+)"\)/g)].map(
      (match) => match[1],
    );
    expect(required.length).toBeGreaterThan(0);
    expect(required.filter((name) => !name!.startsWith("node:"))).toEqual([]);
    expect(code).not.toContain(process.cwd());
  });

  test("bundled handler allows a valid token", () => {
    const keys = generateSigningKeys();
    const bundle = bundleAuthorizer(join(workDirectory, "run"));
    const { token } = signViewerToken({
      privateKey: keys.privateKeyPem,
      viewer: "alice",
      audience: AUDIENCE,
      validForSeconds: 600,
    });
    const event = {
      type: "REQUEST",
      methodArn: METHOD_ARN,
      headers: { Authorization: `Bearer ${token}` },
    };
    const script = `require(${JSON.stringify(bundle.path)}).handler(${JSON.stringify(event)}).then((result) => process.stderr.write(JSON.stringify(result)))`;
    const run = spawnSync(process.execPath, ["-e", script], {
      env: {
        PATH: process.env.PATH,
        ...authorizerEnvironmentFor(keys.publicKeyPem),
      },
      encoding: "utf8",
      timeout: 15_000,
    });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stderr) as {
      principalId: string;
      policyDocument: { Statement: unknown[] };
    };
    expect(result.principalId).toBe("alice");
    expect(result.policyDocument.Statement).toEqual([
      {
        Effect: "Allow",
        Action: "execute-api:Invoke",
        Resource: LIVE_ROUTES_ARN,
      },
    ]);
    const logLines = run.stdout.trim().split("\n");
    expect(logLines).toHaveLength(1);
    expect(JSON.parse(logLines[0]!)).toMatchObject({
      decision: "allow",
      viewer: "alice",
    });
    expect(run.stdout).not.toContain(token);
  });
});
