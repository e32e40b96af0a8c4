/**
 * Viewer tokens: compact JWS tokens (RFC 7515/7519) signed with ES256, that
 * is ECDSA over P-256 with SHA-256. The `viewer-link` command signs them and
 * the Lambda authorizer verifies them.
 *
 * Built on node:crypto alone. A JWT library would add a dependency to the
 * authorizer bundle for the one algorithm used here, and most accept
 * several algorithms by default, which is what the `alg` checks below
 * exclude.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  createSign,
  createVerify,
  randomUUID,
  type KeyObject,
} from "node:crypto";
import { isTokenId, isViewerName, VIEWER_NAME_RULE } from "./identifiers";

/** The only signing algorithm the verifier accepts. */
export const TOKEN_ALGORITHM = "ES256";

/**
 * Seconds by which `exp`, `nbf` and `iat` may be off, so a signer or
 * verifier clock that runs slightly fast or slow does not reject a token.
 */
export const CLOCK_SKEW_SECONDS = 60;

/** Tokens longer than this, in characters, are rejected before any decoding. */
export const MAX_TOKEN_LENGTH = 4096;

/** Length of an ES256 signature in the JWS (IEEE P1363) form: r and s, 32 bytes each. */
const SIGNATURE_BYTES = 64;

/** The protected header of a viewer token. */
export interface ViewerTokenHeader {
  readonly alg: typeof TOKEN_ALGORITHM;
  readonly typ: "JWT";
  /** RFC 7638 thumbprint of the public key, so a log can tell a rotated key from a forgery. */
  readonly kid?: string;
}

/** The claims of a viewer token. Times are seconds since the Unix epoch. */
export interface ViewerTokenClaims {
  /** The viewer's name. */
  readonly sub: string;
  /** `<rest api id>/<stage>`: the one API stage the token is good for. */
  readonly aud: string;
  readonly iat: number;
  readonly nbf: number;
  readonly exp: number;
  /** Token id, a random UUID, so one link can be revoked. */
  readonly jti: string;
}

/** Reason a token was rejected. `malformed-token` means it could not be parsed at all. */
export type DenyReason =
  | "malformed-token"
  | "unsupported-algorithm"
  | "unknown-key"
  | "invalid-signature"
  | "invalid-claims"
  | "wrong-audience"
  | "revoked-token"
  | "revoked-viewer"
  | "not-yet-valid"
  | "expired";

/**
 * The verifier's decision. `viewer` and `tokenId` are set on a denial only
 * once the signature has been verified, so they are never values an attacker
 * chose.
 */
export type AccessDecision =
  | {
      readonly allowed: true;
      readonly viewer: string;
      readonly tokenId: string;
      readonly expiresAt: number;
    }
  | {
      readonly allowed: false;
      readonly reason: DenyReason;
      /** One line for the log. It never contains the token. */
      readonly detail: string;
      readonly viewer?: string;
      readonly tokenId?: string;
    };

export interface VerificationSettings {
  /** The ECDSA P-256 public key, from `loadPublicKey`. */
  readonly publicKey: KeyObject;
  /** Expected `aud` claim: `<rest api id>/<stage>`. */
  readonly audience: string;
  /** Viewer names whose tokens are rejected, compared ignoring case. */
  readonly revokedViewers?: readonly string[];
  /** Token ids that are rejected, compared ignoring case. */
  readonly revokedTokenIds?: readonly string[];
  /** @default CLOCK_SKEW_SECONDS */
  readonly clockSkewSeconds?: number;
}

export interface SignRequest {
  /** The ECDSA P-256 private key, as a PEM string (SEC1 or PKCS #8) or a KeyObject. */
  readonly privateKey: string | KeyObject;
  readonly viewer: string;
  readonly audience: string;
  /** Lifetime in seconds, counted from `issuedAt`. */
  readonly validForSeconds: number;
  /** @default the current time, in seconds since the Unix epoch */
  readonly issuedAt?: number;
  /** @default a new random UUID */
  readonly tokenId?: string;
}

export interface SignedToken {
  readonly token: string;
  readonly header: ViewerTokenHeader;
  readonly claims: ViewerTokenClaims;
}

/** Raised for a key that is not an ECDSA P-256 key. */
export class SigningKeyError extends Error {
  override readonly name = "SigningKeyError";
}

/** Returns the current time in whole seconds since the Unix epoch. */
export function currentEpochSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

function assertP256(key: KeyObject, role: string): KeyObject {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "ec" || curve !== "prime256v1") {
    const found =
      key.asymmetricKeyType === "ec"
        ? `an EC key on ${curve ?? "an unknown curve"}`
        : `a ${key.asymmetricKeyType ?? "symmetric"} key`;
    throw new SigningKeyError(
      `the ${role} must be an ECDSA P-256 key, but is ${found}`,
    );
  }
  return key;
}

/** Parses a PEM public key and checks that it is ECDSA P-256. Throws SigningKeyError otherwise. */
export function loadPublicKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch (error) {
    throw new SigningKeyError(
      `the public key is not a readable PEM key (${(error as Error).message})`,
    );
  }
  return assertP256(key, "public key");
}

/** Parses a PEM private key and checks that it is ECDSA P-256. Throws SigningKeyError otherwise. */
export function loadPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new SigningKeyError(
      `the private key is not a readable PEM key (${(error as Error).message})`,
    );
  }
  return assertP256(key, "private key");
}

const keyIds = new WeakMap<KeyObject, string>();

/**
 * Returns the RFC 7638 JWK thumbprint of a P-256 key (SHA-256, base64url).
 * A private key gives the thumbprint of its public half.
 */
export function keyIdFor(key: KeyObject): string {
  const cached = keyIds.get(key);
  if (cached !== undefined) return cached;
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  const jwk = publicKey.export({ format: "jwk" });
  // RFC 7638 fixes the members and their order for an EC key: crv, kty, x, y.
  const canonical = JSON.stringify({
    crv: jwk.crv,
    kty: jwk.kty,
    x: jwk.x,
    y: jwk.y,
  });
  const keyId = createHash("sha256").update(canonical).digest("base64url");
  keyIds.set(key, keyId);
  return keyId;
}

function encodeJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/**
 * Signs a viewer token. `nbf` equals `iat`. Throws RangeError for an
 * invalid viewer name, token id or lifetime, and SigningKeyError for a key
 * that is not ECDSA P-256.
 */
export function signViewerToken(request: SignRequest): SignedToken {
  if (!isViewerName(request.viewer)) {
    throw new RangeError(
      `viewer name ${JSON.stringify(request.viewer)} ${VIEWER_NAME_RULE}`,
    );
  }
  if (
    !Number.isSafeInteger(request.validForSeconds) ||
    request.validForSeconds <= 0
  ) {
    throw new RangeError(
      `validForSeconds must be a positive whole number, received ${request.validForSeconds}`,
    );
  }
  const tokenId = request.tokenId ?? randomUUID();
  if (!isTokenId(tokenId))
    throw new RangeError(`token id ${JSON.stringify(tokenId)} must be a UUID`);

  const privateKey =
    typeof request.privateKey === "string"
      ? loadPrivateKey(request.privateKey)
      : assertP256(request.privateKey, "private key");
  const issuedAt = request.issuedAt ?? currentEpochSeconds();
  const header: ViewerTokenHeader = {
    alg: TOKEN_ALGORITHM,
    typ: "JWT",
    kid: keyIdFor(privateKey),
  };
  const claims: ViewerTokenClaims = {
    sub: request.viewer,
    aud: request.audience,
    iat: issuedAt,
    nbf: issuedAt,
    exp: issuedAt + request.validForSeconds,
    jti: tokenId,
  };

  const signingInput = `${encodeJson(header)}.${encodeJson(claims)}`;
  const signature = createSign("SHA256")
    .update(signingInput)
    .sign({ key: privateKey, dsaEncoding: "ieee-p1363" })
    .toString("base64url");
  return { token: `${signingInput}.${signature}`, header, claims };
}

const BASE64URL_PATTERN = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes base64url without padding, or returns undefined. Only the
 * canonical encoding is accepted, because Buffer ignores stray characters
 * and unused trailing bits, and so would accept several spellings of one
 * signature.
 */
function decodeBase64Url(segment: string): Buffer | undefined {
  if (!BASE64URL_PATTERN.test(segment) || segment.length % 4 === 1)
    return undefined;
  const bytes = Buffer.from(segment, "base64url");
  return bytes.toString("base64url") === segment ? bytes : undefined;
}

function parseJsonObject(bytes: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

type Denial = Extract<AccessDecision, { allowed: false }>;

function deny(
  reason: DenyReason,
  detail: string,
  identity: { viewer?: string; tokenId?: string } = {},
): Denial {
  return { allowed: false, reason, detail, ...identity };
}

/** Renders an untrusted value for a log line: JSON, at most 64 characters, so a key id fits whole. */
function describeUntrusted(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 64 ? `${text.slice(0, 61)}...` : text;
}

function isEpochSeconds(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

/** Returns the claims when every one has the expected type and shape, or a denial naming the first that does not. */
function readClaims(
  payload: Record<string, unknown>,
): ViewerTokenClaims | Denial {
  const { sub, aud, iat, nbf, exp, jti } = payload;
  if (typeof sub !== "string" || !isViewerName(sub))
    return deny(
      "invalid-claims",
      `sub ${describeUntrusted(sub)} is not a viewer name`,
    );
  if (typeof jti !== "string" || !isTokenId(jti))
    return deny(
      "invalid-claims",
      `jti ${describeUntrusted(jti)} is not a UUID`,
    );
  if (typeof aud !== "string")
    return deny(
      "invalid-claims",
      `aud ${describeUntrusted(aud)} is not a string`,
    );
  for (const [name, value] of [
    ["iat", iat],
    ["nbf", nbf],
    ["exp", exp],
  ] as const) {
    if (!isEpochSeconds(value))
      return deny(
        "invalid-claims",
        `${name} ${describeUntrusted(value)} is not a time in whole seconds`,
      );
  }
  return {
    sub,
    aud,
    iat: iat as number,
    nbf: nbf as number,
    exp: exp as number,
    jti,
  };
}

function includesIgnoringCase(
  list: readonly string[] | undefined,
  value: string,
): boolean {
  const expected = value.toLowerCase();
  return (list ?? []).some((entry) => entry.toLowerCase() === expected);
}

function isoTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString();
}

/**
 * Verifies a viewer token and decides whether it grants access. The checks
 * run in this order: the three segments, the header, the key id, the
 * signature, the claims' shapes, the audience, the revocation lists, and the
 * validity period with `clockSkewSeconds` of allowance. `alg` must be ES256,
 * so `none` and every HMAC algorithm are rejected before any key is used.
 */
export function verifyViewerToken(
  token: string,
  settings: VerificationSettings,
  now: number = currentEpochSeconds(),
): AccessDecision {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    return deny(
      "malformed-token",
      `token length ${token.length} is outside 1-${MAX_TOKEN_LENGTH}`,
    );
  }
  const segments = token.split(".");
  if (segments.length !== 3)
    return deny(
      "malformed-token",
      `token has ${segments.length} segments instead of 3`,
    );
  const [headerSegment, payloadSegment, signatureSegment] = segments as [
    string,
    string,
    string,
  ];

  const headerBytes = decodeBase64Url(headerSegment);
  const header = headerBytes && parseJsonObject(headerBytes);
  if (header === undefined)
    return deny(
      "malformed-token",
      "header is not a base64url-encoded JSON object",
    );
  if (header.alg !== TOKEN_ALGORITHM) {
    return deny(
      "unsupported-algorithm",
      `alg ${describeUntrusted(header.alg)} is not ${TOKEN_ALGORITHM}`,
    );
  }
  if (
    header.typ !== undefined &&
    (typeof header.typ !== "string" || header.typ.toUpperCase() !== "JWT")
  ) {
    return deny(
      "malformed-token",
      `typ ${describeUntrusted(header.typ)} is not JWT`,
    );
  }
  // RFC 7515 section 4.1.11: a recipient that does not understand a critical extension must reject the token.
  if (header.crit !== undefined)
    return deny(
      "unsupported-algorithm",
      "header lists critical extensions, which are not supported",
    );
  if (header.kid !== undefined && header.kid !== keyIdFor(settings.publicKey)) {
    return deny(
      "unknown-key",
      `kid ${describeUntrusted(header.kid)} is not the configured key`,
    );
  }
  if (decodeBase64Url(payloadSegment) === undefined)
    return deny("malformed-token", "payload is not base64url");

  const signature = decodeBase64Url(signatureSegment);
  if (signature === undefined || signature.length !== SIGNATURE_BYTES) {
    return deny(
      "invalid-signature",
      `signature is not ${SIGNATURE_BYTES} base64url-encoded bytes`,
    );
  }
  const verified = createVerify("SHA256")
    .update(`${headerSegment}.${payloadSegment}`)
    .verify({ key: settings.publicKey, dsaEncoding: "ieee-p1363" }, signature);
  if (!verified)
    return deny(
      "invalid-signature",
      "signature does not match the header and payload",
    );

  // Only a payload that the signature covers is parsed.
  const payload = parseJsonObject(decodeBase64Url(payloadSegment)!);
  if (payload === undefined)
    return deny("invalid-claims", "payload is not a JSON object");
  const claims = readClaims(payload);
  if ("allowed" in claims) return claims;
  return checkClaims(claims, settings, now);
}

function checkClaims(
  claims: ViewerTokenClaims,
  settings: VerificationSettings,
  now: number,
): AccessDecision {
  const identity = { viewer: claims.sub, tokenId: claims.jti };
  const skew = settings.clockSkewSeconds ?? CLOCK_SKEW_SECONDS;

  if (claims.aud !== settings.audience) {
    return deny(
      "wrong-audience",
      `aud ${describeUntrusted(claims.aud)} is not ${JSON.stringify(settings.audience)}`,
      identity,
    );
  }
  if (includesIgnoringCase(settings.revokedTokenIds, claims.jti))
    return deny("revoked-token", "token id is revoked", identity);
  if (includesIgnoringCase(settings.revokedViewers, claims.sub))
    return deny("revoked-viewer", "viewer is revoked", identity);
  if (now + skew < claims.nbf)
    return deny("not-yet-valid", `valid from ${isoTime(claims.nbf)}`, identity);
  if (now + skew < claims.iat)
    return deny(
      "not-yet-valid",
      `issued in the future, at ${isoTime(claims.iat)}`,
      identity,
    );
  if (now - skew >= claims.exp)
    return deny("expired", `expired at ${isoTime(claims.exp)}`, identity);
  return {
    allowed: true,
    viewer: claims.sub,
    tokenId: claims.jti,
    expiresAt: claims.exp,
  };
}
