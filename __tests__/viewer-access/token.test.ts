import { createPublicKey, createSign, generateKeyPairSync } from "node:crypto";
import {
  CLOCK_SKEW_SECONDS,
  keyIdFor,
  loadPrivateKey,
  loadPublicKey,
  MAX_TOKEN_LENGTH,
  signViewerToken,
  verifyViewerToken,
  type AccessDecision,
  type VerificationSettings,
} from "../../stacks/viewer-access/token";
import {
  AUDIENCE,
  base64UrlJson,
  decodeSegment,
  generateSigningKeys,
  hmacToken,
  NOW,
  rawToken,
  withSegment,
} from "./fixtures";

const keys = generateSigningKeys();
const settings: VerificationSettings = {
  publicKey: loadPublicKey(keys.publicKeyPem),
  audience: AUDIENCE,
};
const TOKEN_ID = "0b6f5a6e-3c1d-4e2f-8a9b-1c2d3e4f5a6b";

function signFor(viewer = "alice", validForSeconds = 3600, issuedAt = NOW) {
  return signViewerToken({
    privateKey: keys.privateKeyPem,
    viewer,
    audience: AUDIENCE,
    validForSeconds,
    issuedAt,
    tokenId: TOKEN_ID,
  });
}

/** Signs arbitrary header and payload objects with the test key, to build tokens the signer refuses to make. */
function signRaw(header: unknown, payload: unknown): string {
  const input = `${base64UrlJson(header)}.${base64UrlJson(payload)}`;
  const signature = createSign("SHA256")
    .update(input)
    .sign({
      key: loadPrivateKey(keys.privateKeyPem),
      dsaEncoding: "ieee-p1363",
    })
    .toString("base64url");
  return `${input}.${signature}`;
}

function denial(decision: AccessDecision) {
  if (decision.allowed) throw new Error("the token was accepted");
  return decision;
}

describe("signViewerToken", () => {
  test("header names ES256 and the key id", () => {
    const { token, header } = signFor();
    expect(decodeSegment(token, 0)).toEqual({
      alg: "ES256",
      typ: "JWT",
      kid: keyIdFor(loadPrivateKey(keys.privateKeyPem)),
    });
    expect(header.alg).toBe("ES256");
  });

  test("claims hold viewer, audience, times and id", () => {
    const { token } = signFor("alice", 5400);
    expect(decodeSegment(token, 1)).toEqual({
      sub: "alice",
      aud: AUDIENCE,
      iat: NOW,
      nbf: NOW,
      exp: NOW + 5400,
      jti: TOKEN_ID,
    });
  });

  test("token ids default to fresh UUIDs", () => {
    const request = {
      privateKey: keys.privateKeyPem,
      viewer: "alice",
      audience: AUDIENCE,
      validForSeconds: 60,
    };
    const first = signViewerToken(request).claims.jti;
    const second = signViewerToken(request).claims.jti;
    expect(first).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(second).not.toBe(first);
  });

  test("signature is 64 raw bytes", () => {
    const signature = Buffer.from(signFor().token.split(".")[2]!, "base64url");
    expect(signature).toHaveLength(64);
  });

  test.each<[string, string, number, string]>([
    [
      "name with a space",
      "Alice Smith",
      60,
      `viewer name "Alice Smith" must be 1-64 letters, digits, '.', '_', '@' or '-', starting and ending with a letter or digit`,
    ],
    [
      "empty name",
      "",
      60,
      `viewer name "" must be 1-64 letters, digits, '.', '_', '@' or '-', starting and ending with a letter or digit`,
    ],
    [
      "zero lifetime",
      "alice",
      0,
      "validForSeconds must be a positive whole number, received 0",
    ],
    [
      "fractional lifetime",
      "alice",
      1.5,
      "validForSeconds must be a positive whole number, received 1.5",
    ],
  ])("rejects %s", (_title, viewer, validForSeconds, message) => {
    expect(() =>
      signViewerToken({
        privateKey: keys.privateKeyPem,
        viewer,
        audience: AUDIENCE,
        validForSeconds,
      }),
    ).toThrow(new RangeError(message));
  });
});

describe("keys", () => {
  test("key id is the same for both halves", () => {
    const privateKey = loadPrivateKey(keys.privateKeyPem);
    expect(keyIdFor(privateKey)).toBe(keyIdFor(createPublicKey(privateKey)));
    expect(keyIdFor(privateKey)).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  test("key id differs between keys", () => {
    const other = generateSigningKeys();
    expect(keyIdFor(loadPublicKey(other.publicKeyPem))).not.toBe(
      keyIdFor(settings.publicKey),
    );
  });

  test("RSA public key is rejected", () => {
    const { publicKey } = generateKeyPairSync("rsa", {
      modulusLength: 2048,
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    expect(() => loadPublicKey(publicKey)).toThrow(
      "the public key must be an ECDSA P-256 key, but is a rsa key",
    );
  });

  test("P-384 private key is rejected", () => {
    const { privateKey } = generateKeyPairSync("ec", {
      namedCurve: "P-384",
      publicKeyEncoding: { type: "spki", format: "pem" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    expect(() => loadPrivateKey(privateKey)).toThrow(
      "the private key must be an ECDSA P-256 key, but is an EC key on secp384r1",
    );
  });

  test("text that is no PEM is rejected", () => {
    expect(() => loadPublicKey("not a key")).toThrow(
      /^the public key is not a readable PEM key \(/,
    );
  });
});

describe("verifyViewerToken", () => {
  test("valid token is allowed", () => {
    expect(verifyViewerToken(signFor().token, settings, NOW + 10)).toEqual({
      allowed: true,
      viewer: "alice",
      tokenId: TOKEN_ID,
      expiresAt: NOW + 3600,
    });
  });

  test("SEC1 private key signs verifiable tokens", () => {
    const sec1 = loadPrivateKey(keys.privateKeyPem)
      .export({ type: "sec1", format: "pem" })
      .toString();
    expect(sec1).toContain("BEGIN EC PRIVATE KEY");
    const { token } = signViewerToken({
      privateKey: sec1,
      viewer: "bob",
      audience: AUDIENCE,
      validForSeconds: 60,
      issuedAt: NOW,
    });
    expect(verifyViewerToken(token, settings, NOW).allowed).toBe(true);
  });

  test("valid token has no other key's approval", () => {
    const other = generateSigningKeys();
    const { token } = signViewerToken({
      privateKey: other.privateKeyPem,
      viewer: "alice",
      audience: AUDIENCE,
      validForSeconds: 60,
      issuedAt: NOW,
    });
    const decision = denial(
      verifyViewerToken(
        withSegment(token, 0, base64UrlJson({ alg: "ES256", typ: "JWT" })),
        settings,
        NOW,
      ),
    );
    expect(decision.reason).toBe("invalid-signature");
  });

  test("key id of another key is rejected", () => {
    const other = generateSigningKeys();
    const { token } = signViewerToken({
      privateKey: other.privateKeyPem,
      viewer: "alice",
      audience: AUDIENCE,
      validForSeconds: 60,
      issuedAt: NOW,
    });
    const decision = denial(verifyViewerToken(token, settings, NOW));
    expect(decision.reason).toBe("unknown-key");
    expect(decision.detail).toBe(
      `kid "${keyIdFor(loadPublicKey(other.publicKeyPem))}" is not the configured key`,
    );
  });

  const claims = {
    sub: "alice",
    aud: AUDIENCE,
    iat: NOW,
    nbf: NOW,
    exp: NOW + 3600,
    jti: TOKEN_ID,
  };

  test.each<[string, () => string, string, string]>([
    [
      "empty token",
      () => "",
      "malformed-token",
      "token length 0 is outside 1-4096",
    ],
    [
      "oversized token",
      () => "a".repeat(MAX_TOKEN_LENGTH + 1),
      "malformed-token",
      "token length 4097 is outside 1-4096",
    ],
    [
      "two segments",
      () => signFor().token.split(".").slice(0, 2).join("."),
      "malformed-token",
      "token has 2 segments instead of 3",
    ],
    [
      "header not base64url",
      () => withSegment(signFor().token, 0, "e30+"),
      "malformed-token",
      "header is not a base64url-encoded JSON object",
    ],
    [
      "header not JSON",
      () =>
        withSegment(
          signFor().token,
          0,
          Buffer.from("{alg").toString("base64url"),
        ),
      "malformed-token",
      "header is not a base64url-encoded JSON object",
    ],
    [
      "header a JSON array",
      () => withSegment(signFor().token, 0, base64UrlJson(["ES256"])),
      "malformed-token",
      "header is not a base64url-encoded JSON object",
    ],
    [
      "alg none",
      () => rawToken({ alg: "none", typ: "JWT" }, claims),
      "unsupported-algorithm",
      'alg "none" is not ES256',
    ],
    [
      "HS256 keyed with the public key",
      () => hmacToken({ alg: "HS256", typ: "JWT" }, claims, keys.publicKeyPem),
      "unsupported-algorithm",
      'alg "HS256" is not ES256',
    ],
    [
      "alg missing",
      () => rawToken({ typ: "JWT" }, claims, "x"),
      "unsupported-algorithm",
      "alg undefined is not ES256",
    ],
    [
      "alg in lowercase",
      () =>
        withSegment(
          signFor().token,
          0,
          base64UrlJson({ alg: "es256", typ: "JWT" }),
        ),
      "unsupported-algorithm",
      'alg "es256" is not ES256',
    ],
    [
      "typ other than JWT",
      () =>
        withSegment(
          signFor().token,
          0,
          base64UrlJson({ alg: "ES256", typ: "at+jwt" }),
        ),
      "malformed-token",
      'typ "at+jwt" is not JWT',
    ],
    [
      "critical extension",
      () =>
        withSegment(
          signFor().token,
          0,
          base64UrlJson({ alg: "ES256", crit: ["exp"] }),
        ),
      "unsupported-algorithm",
      "header lists critical extensions, which are not supported",
    ],
    [
      "payload not base64url",
      () => withSegment(signFor().token, 1, "a+b"),
      "malformed-token",
      "payload is not base64url",
    ],
    [
      "signature too short",
      () =>
        withSegment(signFor().token, 2, Buffer.alloc(32).toString("base64url")),
      "invalid-signature",
      "signature is not 64 base64url-encoded bytes",
    ],
    [
      "signature empty",
      () => withSegment(signFor().token, 2, ""),
      "invalid-signature",
      "signature is not 64 base64url-encoded bytes",
    ],
  ])("%s is rejected", (_title, makeToken, reason, detail) => {
    const decision = denial(verifyViewerToken(makeToken(), settings, NOW));
    expect(decision.reason).toBe(reason);
    expect(decision.detail).toBe(detail);
    expect(decision.viewer).toBeUndefined();
    expect(decision.tokenId).toBeUndefined();
  });

  test("tampered payload is rejected", () => {
    const { token } = signFor();
    const payload = decodeSegment(token, 1);
    const tampered = withSegment(
      token,
      1,
      base64UrlJson({ ...payload, exp: NOW + 86_400 * 365 }),
    );
    const decision = denial(verifyViewerToken(tampered, settings, NOW));
    expect(decision.reason).toBe("invalid-signature");
    expect(decision.detail).toBe(
      "signature does not match the header and payload",
    );
  });

  test("tampered signature is rejected", () => {
    const { token } = signFor();
    const signature = Buffer.from(token.split(".")[2]!, "base64url");
    signature[10] ^= 0x01;
    const decision = denial(
      verifyViewerToken(
        withSegment(token, 2, signature.toString("base64url")),
        settings,
        NOW,
      ),
    );
    expect(decision.reason).toBe("invalid-signature");
  });

  test("non-canonical signature encoding is rejected", () => {
    const { token } = signFor();
    const encoded = token.split(".")[2]!;
    // 64 bytes take 86 characters; the last one carries 2 unused bits that Buffer ignores.
    const last = encoded.at(-1)!;
    const alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(last) ^ 0x01]!;
    const variant = `${encoded.slice(0, -1)}${sibling}`;
    expect(
      Buffer.from(variant, "base64url").equals(
        Buffer.from(encoded, "base64url"),
      ),
    ).toBe(true);
    expect(
      denial(verifyViewerToken(withSegment(token, 2, variant), settings, NOW))
        .reason,
    ).toBe("invalid-signature");
  });

  test("expired token is rejected", () => {
    const decision = denial(
      verifyViewerToken(signFor("alice", 3600).token, settings, NOW + 7200),
    );
    expect(decision).toEqual({
      allowed: false,
      reason: "expired",
      detail: "expired at 2025-06-01T13:00:00.000Z",
      viewer: "alice",
      tokenId: TOKEN_ID,
    });
  });

  test("not-yet-valid token is rejected", () => {
    const decision = denial(
      verifyViewerToken(signFor("alice", 3600, NOW + 600).token, settings, NOW),
    );
    expect(decision.reason).toBe("not-yet-valid");
    expect(decision.detail).toBe("valid from 2025-06-01T12:10:00.000Z");
  });

  test.each<[string, number, boolean]>([
    ["expiry within the skew", NOW + 3600 + CLOCK_SKEW_SECONDS - 1, true],
    ["expiry at the skew", NOW + 3600 + CLOCK_SKEW_SECONDS, false],
    ["start within the skew", NOW - CLOCK_SKEW_SECONDS, true],
    ["start beyond the skew", NOW - CLOCK_SKEW_SECONDS - 1, false],
  ])("clock skew: %s", (_title, now, allowed) => {
    expect(verifyViewerToken(signFor().token, settings, now).allowed).toBe(
      allowed,
    );
  });

  test("skew of zero is honoured", () => {
    const decision = verifyViewerToken(
      signFor("alice", 3600).token,
      { ...settings, clockSkewSeconds: 0 },
      NOW + 3600,
    );
    expect(denial(decision).reason).toBe("expired");
  });

  test("wrong audience is rejected", () => {
    const { token } = signViewerToken({
      privateKey: keys.privateKeyPem,
      viewer: "alice",
      audience: "zzzzzzzzzz/watch",
      validForSeconds: 60,
      issuedAt: NOW,
    });
    const decision = denial(verifyViewerToken(token, settings, NOW));
    expect(decision.reason).toBe("wrong-audience");
    expect(decision.detail).toBe(`aud "zzzzzzzzzz/watch" is not "${AUDIENCE}"`);
  });

  test("other stage is the wrong audience", () => {
    const { token } = signViewerToken({
      privateKey: keys.privateKeyPem,
      viewer: "alice",
      audience: AUDIENCE,
      validForSeconds: 60,
      issuedAt: NOW,
    });
    const decision = denial(
      verifyViewerToken(
        token,
        { ...settings, audience: "a1b2c3d4e5/staging" },
        NOW,
      ),
    );
    expect(decision.reason).toBe("wrong-audience");
  });

  test("revoked viewer is rejected ignoring case", () => {
    const decision = denial(
      verifyViewerToken(
        signFor("Alice").token,
        { ...settings, revokedViewers: ["bob", "alice"] },
        NOW,
      ),
    );
    expect(decision).toEqual({
      allowed: false,
      reason: "revoked-viewer",
      detail: "viewer is revoked",
      viewer: "Alice",
      tokenId: TOKEN_ID,
    });
  });

  test("revoked token id is rejected ignoring case", () => {
    const decision = denial(
      verifyViewerToken(
        signFor().token,
        { ...settings, revokedTokenIds: [TOKEN_ID.toUpperCase()] },
        NOW,
      ),
    );
    expect(decision.reason).toBe("revoked-token");
    expect(decision.tokenId).toBe(TOKEN_ID);
  });

  test("other revocations leave the token valid", () => {
    const revocations = {
      revokedViewers: ["bob"],
      revokedTokenIds: ["11111111-2222-4333-8444-555555555555"],
    };
    expect(
      verifyViewerToken(signFor().token, { ...settings, ...revocations }, NOW)
        .allowed,
    ).toBe(true);
  });

  test.each<[string, Record<string, unknown>, string]>([
    ["sub missing", { sub: undefined }, "sub undefined is not a viewer name"],
    ["sub with a space", { sub: "a b" }, 'sub "a b" is not a viewer name'],
    ["jti not a UUID", { jti: "1" }, 'jti "1" is not a UUID'],
    [
      "aud as a list",
      { aud: [AUDIENCE] },
      `aud ["${AUDIENCE}"] is not a string`,
    ],
    [
      "exp as a string",
      { exp: String(NOW + 60) },
      `exp "${NOW + 60}" is not a time in whole seconds`,
    ],
    [
      "nbf fractional",
      { nbf: NOW + 0.5 },
      `nbf ${NOW + 0.5} is not a time in whole seconds`,
    ],
    [
      "iat missing",
      { iat: undefined },
      "iat undefined is not a time in whole seconds",
    ],
  ])("signed claims with %s are rejected", (_title, change, detail) => {
    const header = {
      alg: "ES256",
      typ: "JWT",
      kid: keyIdFor(settings.publicKey),
    };
    const decision = denial(
      verifyViewerToken(
        signRaw(header, { ...claims, ...change }),
        settings,
        NOW,
      ),
    );
    expect(decision.reason).toBe("invalid-claims");
    expect(decision.detail).toBe(detail);
  });

  test("token issued in the future is rejected", () => {
    const token = signRaw(
      { alg: "ES256", typ: "JWT" },
      { ...claims, iat: NOW + 3000 },
    );
    const decision = denial(verifyViewerToken(token, settings, NOW));
    expect(decision.reason).toBe("not-yet-valid");
    expect(decision.detail).toBe(
      "issued in the future, at 2025-06-01T12:50:00.000Z",
    );
  });
});
