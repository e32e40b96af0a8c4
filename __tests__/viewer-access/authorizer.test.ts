import {
  AUTHORIZER_ENVIRONMENT_VARIABLES,
  authorizerEnvironment,
  LAMBDA_ENVIRONMENT_LIMIT_BYTES,
  readAuthorizerSettings,
} from "../../stacks/viewer-access/authorizer/environment";
import {
  createAuthorizerHandler,
  writeJsonLine,
  type DecisionLogEntry,
  type RequestAuthorizerEvent,
} from "../../stacks/viewer-access/authorizer/handler";
import { liveRoutesResource } from "../../stacks/viewer-access/authorizer/policy";
import { signViewerToken } from "../../stacks/viewer-access/token";
import {
  AUDIENCE,
  authorizerEnvironmentFor,
  base64UrlJson,
  decodeSegment,
  generateSigningKeys,
  hmacToken,
  LIVE_ROUTES_ARN,
  METHOD_ARN,
  NOW,
  rawToken,
  withSegment,
} from "./fixtures";

const keys = generateSigningKeys();
const TOKEN_ID = "7d0c2a54-93b1-4f6e-a8d2-5e4b3c2a1f09";

function sign(
  options: {
    viewer?: string;
    validForSeconds?: number;
    issuedAt?: number;
    audience?: string;
    tokenId?: string;
  } = {},
) {
  return signViewerToken({
    privateKey: keys.privateKeyPem,
    viewer: options.viewer ?? "alice",
    audience: options.audience ?? AUDIENCE,
    validForSeconds: options.validForSeconds ?? 3600,
    issuedAt: options.issuedAt ?? NOW,
    tokenId: options.tokenId ?? TOKEN_ID,
  }).token;
}

function eventWith(
  headers: Record<string, string> | null,
  multiValueHeaders: Record<string, string[]> | null = null,
): RequestAuthorizerEvent {
  return {
    type: "REQUEST",
    methodArn: METHOD_ARN,
    path: "/live/demo-channel/index_720p.m3u8",
    headers,
    multiValueHeaders,
    requestContext: { requestId: "request-1" },
  };
}

function bearer(token: string): RequestAuthorizerEvent {
  return eventWith({ Authorization: `Bearer ${token}` });
}

/** A handler with the test key, a fixed clock and a log that records entries. */
function setup(
  environment: NodeJS.ProcessEnv = authorizerEnvironmentFor(keys.publicKeyPem),
) {
  const entries: DecisionLogEntry[] = [];
  const handler = createAuthorizerHandler({
    environment,
    log: (entry) => entries.push(entry),
    now: () => NOW + 5,
  });
  return { handler, entries };
}

const claims = {
  sub: "alice",
  aud: AUDIENCE,
  iat: NOW,
  nbf: NOW,
  exp: NOW + 3600,
  jti: TOKEN_ID,
};

describe("authorizer decisions", () => {
  test("valid token is allowed on live routes", async () => {
    const { handler } = setup();
    const result = await handler(bearer(sign()));
    expect(result.principalId).toBe("alice");
    expect(result.policyDocument).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "execute-api:Invoke",
          Resource: LIVE_ROUTES_ARN,
        },
      ],
    });
    expect(result.context).toEqual({
      viewer: "alice",
      tokenId: TOKEN_ID,
      expiresAt: NOW + 3600,
    });
  });

  test.each<[string, () => string, string, string | undefined]>([
    ["expired", () => sign({ issuedAt: NOW - 7200 }), "expired", "alice"],
    [
      "not yet valid",
      () => sign({ issuedAt: NOW + 3600 }),
      "not-yet-valid",
      "alice",
    ],
    [
      "wrong audience",
      () => sign({ audience: "zzzzzzzzzz/watch" }),
      "wrong-audience",
      "alice",
    ],
    [
      "tampered payload",
      () => {
        const token = sign();
        return withSegment(
          token,
          1,
          base64UrlJson({ ...decodeSegment(token, 1), sub: "mallory" }),
        );
      },
      "invalid-signature",
      undefined,
    ],
    [
      "tampered signature",
      () => {
        const token = sign();
        const signature = Buffer.from(token.split(".")[2]!, "base64url");
        signature[40] ^= 0x80;
        return withSegment(token, 2, signature.toString("base64url"));
      },
      "invalid-signature",
      undefined,
    ],
    [
      "alg none",
      () => rawToken({ alg: "none", typ: "JWT" }, claims),
      "unsupported-algorithm",
      undefined,
    ],
    [
      "HS256 keyed with the public key",
      () => hmacToken({ alg: "HS256", typ: "JWT" }, claims, keys.publicKeyPem),
      "unsupported-algorithm",
      undefined,
    ],
  ])("%s token is denied", async (_title, makeToken, reason, viewer) => {
    const { handler, entries } = setup();
    const result = await handler(bearer(makeToken()));
    expect(result.policyDocument.Statement).toEqual([
      {
        Effect: "Deny",
        Action: "execute-api:Invoke",
        Resource: LIVE_ROUTES_ARN,
      },
    ]);
    expect(result.principalId).toBe(viewer ?? "anonymous");
    expect(result.context).toEqual({ reason });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.decision).toBe("deny");
    expect(entries[0]!.reason).toBe(reason);
    expect(entries[0]!.viewer).toBe(viewer);
  });

  test("revoked viewer is denied", async () => {
    const { handler, entries } = setup(
      authorizerEnvironmentFor(keys.publicKeyPem, { viewers: ["ALICE"] }),
    );
    const result = await handler(bearer(sign()));
    expect(result.policyDocument.Statement[0]!.Effect).toBe("Deny");
    expect(result.context).toEqual({ reason: "revoked-viewer" });
    expect(entries[0]).toMatchObject({
      decision: "deny",
      reason: "revoked-viewer",
      viewer: "alice",
      tokenId: TOKEN_ID,
    });
  });

  test("revoked token id is denied", async () => {
    const { handler, entries } = setup(
      authorizerEnvironmentFor(keys.publicKeyPem, { tokenIds: [TOKEN_ID] }),
    );
    const result = await handler(bearer(sign()));
    expect(result.policyDocument.Statement[0]!.Effect).toBe("Deny");
    expect(entries[0]).toMatchObject({
      decision: "deny",
      reason: "revoked-token",
      viewer: "alice",
      tokenId: TOKEN_ID,
    });
  });

  test("other viewer's revocation allows this one", async () => {
    const { handler } = setup(
      authorizerEnvironmentFor(keys.publicKeyPem, { viewers: ["bob"] }),
    );
    const result = await handler(bearer(sign()));
    expect(result.policyDocument.Statement[0]!.Effect).toBe("Allow");
  });

  test.each<[string, RequestAuthorizerEvent, string, string]>([
    ["no headers", eventWith(null), "missing-token", "no Authorization header"],
    [
      "other headers only",
      eventWith({ Accept: "*/*" }),
      "missing-token",
      "no Authorization header",
    ],
    [
      "Basic scheme",
      eventWith({ Authorization: "Basic YWxpY2U6c2VjcmV0" }),
      "missing-token",
      "Authorization header is not a Bearer token",
    ],
    [
      "Bearer without token",
      eventWith({ Authorization: "Bearer " }),
      "missing-token",
      "Authorization header is not a Bearer token",
    ],
    [
      "Bearer with two tokens",
      eventWith({ Authorization: "Bearer a.b.c d.e.f" }),
      "missing-token",
      "Authorization header is not a Bearer token",
    ],
    [
      "two different headers",
      eventWith(null, { Authorization: ["Bearer a.b.c", "Bearer d.e.f"] }),
      "missing-token",
      "2 different Authorization headers",
    ],
    [
      "token of two segments",
      eventWith({ Authorization: "Bearer abc.def" }),
      "malformed-token",
      "token has 2 segments instead of 3",
    ],
    [
      "malformed token header",
      eventWith({
        Authorization: `Bearer ${withSegment(sign(), 0, "bm90LWpzb24")}`,
      }),
      "malformed-token",
      "header is not a base64url-encoded JSON object",
    ],
  ])("%s is unauthorized", async (_title, event, reason, detail) => {
    const { handler, entries } = setup();
    await expect(handler(event)).rejects.toThrow(new Error("Unauthorized"));
    expect(entries).toEqual([
      {
        level: "warn",
        message: "request rejected",
        decision: "unauthorized",
        reason,
        detail,
        requestId: "request-1",
        path: "/live/demo-channel/index_720p.m3u8",
      },
    ]);
  });
});

describe("authorizer headers", () => {
  // ECDSA signatures are randomized, so every call to sign() returns a different token.
  const token = sign();

  test.each<[string, RequestAuthorizerEvent]>([
    ["lowercase header name", eventWith({ authorization: `Bearer ${token}` })],
    ["uppercase header name", eventWith({ AUTHORIZATION: `Bearer ${token}` })],
    ["lowercase scheme", eventWith({ Authorization: `bearer ${token}` })],
    [
      "multi-value headers only",
      eventWith(null, { authorization: [`Bearer ${token}`] }),
    ],
    [
      "same value in both maps",
      eventWith(
        { Authorization: `Bearer ${token}` },
        { Authorization: [`Bearer ${token}`] },
      ),
    ],
  ])("%s is read", async (_title, event) => {
    const { handler } = setup();
    const result = await handler(event);
    expect(result.policyDocument.Statement[0]!.Effect).toBe("Allow");
  });
});

describe("authorizer logging", () => {
  test("log entries never contain the token", async () => {
    const valid = sign();
    const tokens = [
      valid,
      sign({ issuedAt: NOW - 7200 }),
      rawToken({ alg: "none" }, claims),
      "abcdefghij.klmnopqrst",
    ];
    const { handler, entries } = setup();
    for (const token of tokens)
      await handler(bearer(token)).catch(() => undefined);
    expect(entries).toHaveLength(tokens.length);
    const logged = JSON.stringify(entries);
    for (const token of tokens) {
      expect(logged).not.toContain(token);
      const segments = token
        .split(".")
        .filter((segment) => segment.length >= 8);
      for (const segment of segments) expect(logged).not.toContain(segment);
    }
  });

  test("allow entry names viewer and token id", async () => {
    const { handler, entries } = setup();
    await handler(bearer(sign()));
    expect(entries).toEqual([
      {
        level: "info",
        message: "request allowed",
        decision: "allow",
        viewer: "alice",
        tokenId: TOKEN_ID,
        requestId: "request-1",
        path: "/live/demo-channel/index_720p.m3u8",
      },
    ]);
  });

  test("default log writes one JSON line", async () => {
    const lines: string[] = [];
    const spy = jest
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
    try {
      writeJsonLine({
        level: "warn",
        message: "request denied",
        decision: "deny",
        reason: "expired",
        viewer: "alice",
      });
    } finally {
      spy.mockRestore();
    }
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(lines[0]!.slice(0, -1)).not.toContain("\n");
    expect(JSON.parse(lines[0]!)).toEqual({
      level: "warn",
      message: "request denied",
      decision: "deny",
      reason: "expired",
      viewer: "alice",
    });
  });
});

describe("authorizer settings", () => {
  const names = AUTHORIZER_ENVIRONMENT_VARIABLES;

  test.each<[string, (environment: NodeJS.ProcessEnv) => void, string]>([
    [
      "missing public key",
      (environment) => delete environment[names.publicKey],
      "environment variable VIEWER_LINK_PUBLIC_KEY is missing or empty",
    ],
    [
      "missing audience",
      (environment) => (environment[names.audience] = " "),
      "environment variable VIEWER_LINK_AUDIENCE is missing or empty",
    ],
    [
      "public key not PEM",
      (environment) => (environment[names.publicKey] = "abc"),
      "environment variable VIEWER_LINK_PUBLIC_KEY: the public key is not a readable PEM key",
    ],
    [
      "revoked viewers not JSON",
      (environment) => (environment[names.revokedViewers] = "alice,bob"),
      "environment variable VIEWER_LINK_REVOKED_VIEWERS is not valid JSON",
    ],
    [
      "revoked token id not a UUID",
      (environment) => (environment[names.revokedTokenIds] = '["x"]'),
      "environment variable VIEWER_LINK_REVOKED_TOKEN_IDS must be a JSON array of valid entries",
    ],
  ])("%s fails every request", async (_title, change, message) => {
    const environment = authorizerEnvironmentFor(keys.publicKeyPem);
    change(environment);
    const { handler, entries } = setup(environment);
    await expect(handler(bearer(sign()))).rejects.toThrow(message);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.decision).toBe("error");
    expect(entries[0]!.detail).toContain(message);
  });

  test("missing revocation lists mean none", () => {
    const environment = authorizerEnvironmentFor(keys.publicKeyPem);
    delete environment[names.revokedViewers];
    delete environment[names.revokedTokenIds];
    const settings = readAuthorizerSettings(environment);
    expect(settings.revokedViewers).toEqual([]);
    expect(settings.revokedTokenIds).toEqual([]);
  });

  test("changed environment is read again", async () => {
    const environment = authorizerEnvironmentFor(keys.publicKeyPem);
    const { handler } = setup(environment);
    expect(
      (await handler(bearer(sign()))).policyDocument.Statement[0]!.Effect,
    ).toBe("Allow");
    environment[names.revokedViewers] = '["alice"]';
    expect(
      (await handler(bearer(sign()))).policyDocument.Statement[0]!.Effect,
    ).toBe("Deny");
  });

  test("environment round-trips through the builder", () => {
    const environment = authorizerEnvironment({
      publicKeyPem: keys.publicKeyPem,
      audience: AUDIENCE,
      revokedViewers: ["bob"],
      revokedTokenIds: [TOKEN_ID],
    });
    expect(Object.keys(environment).sort()).toEqual(
      Object.values(names).sort(),
    );
    const settings = readAuthorizerSettings(environment);
    expect(settings.audience).toBe(AUDIENCE);
    expect(settings.revokedViewers).toEqual(["bob"]);
    expect(settings.revokedTokenIds).toEqual([TOKEN_ID]);
  });

  test("largest allowed settings fit Lambda's limit", () => {
    // The configuration allows 20 viewer names of 64 characters, 50 token ids and a 128-character stage.
    const environment = authorizerEnvironment({
      publicKeyPem: keys.publicKeyPem,
      audience: `a1b2c3d4e5/${"s".repeat(128)}`,
      revokedViewers: Array.from(
        { length: 20 },
        (_, index) => `${String(index).padStart(2, "0")}${"v".repeat(62)}`,
      ),
      revokedTokenIds: Array.from({ length: 50 }, () => TOKEN_ID),
    });
    const bytes = Object.entries(environment).reduce(
      (total, [name, value]) =>
        total + Buffer.byteLength(name) + Buffer.byteLength(value),
      0,
    );
    expect(bytes).toBeLessThan(LAMBDA_ENVIRONMENT_LIMIT_BYTES);
  });
});

describe("liveRoutesResource", () => {
  test.each<[string, string, string | undefined]>([
    ["segment request", METHOD_ARN, LIVE_ROUTES_ARN],
    ["HEAD request", METHOD_ARN.replace("/GET/", "/HEAD/"), LIVE_ROUTES_ARN],
    [
      "China partition",
      "arn:aws-cn:execute-api:cn-north-1:123456789012:abc1234567/watch/GET/live/x.ts",
      "arn:aws-cn:execute-api:cn-north-1:123456789012:abc1234567/watch/*/live/*",
    ],
    [
      "other service",
      "arn:aws:lambda:eu-west-1:123456789012:function:x",
      undefined,
    ],
    [
      "no stage",
      "arn:aws:execute-api:eu-west-1:123456789012:abc1234567",
      undefined,
    ],
  ])("%s", (_title, methodArn, expected) => {
    expect(liveRoutesResource(methodArn)).toBe(expected);
  });

  test("unexpected method ARN is denied", async () => {
    const { handler, entries } = setup();
    const result = await handler({
      ...bearer(sign()),
      methodArn: "arn:aws:lambda:eu-west-1:123456789012:function:x",
    });
    expect(result.policyDocument.Statement).toEqual([
      {
        Effect: "Deny",
        Action: "execute-api:Invoke",
        Resource: "arn:aws:lambda:eu-west-1:123456789012:function:x",
      },
    ]);
    expect(entries[0]).toMatchObject({
      level: "error",
      decision: "deny",
      reason: "unexpected-method-arn",
    });
  });
});
