import { createHmac, generateKeyPairSync } from "node:crypto";
import { AUTHORIZER_ENVIRONMENT_VARIABLES } from "../../stacks/viewer-access/authorizer/environment";

/** Generates a fresh ECDSA P-256 key pair as PEM strings. */
export function generateSigningKeys(): {
  privateKeyPem: string;
  publicKeyPem: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

export const API_ID = "a1b2c3d4e5";
export const STAGE = "watch";
export const AUDIENCE = `${API_ID}/${STAGE}`;
/** 2025-06-01T12:00:00Z */
export const NOW = 1_748_779_200;
export const METHOD_ARN = `arn:aws:execute-api:eu-west-1:123456789012:${API_ID}/${STAGE}/GET/live/demo-channel/index_720p.m3u8`;
export const LIVE_ROUTES_ARN = `arn:aws:execute-api:eu-west-1:123456789012:${API_ID}/${STAGE}/*/live/*`;

export function base64UrlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** Builds `header.payload.signature` with a signature the caller chooses. */
export function rawToken(
  header: unknown,
  payload: unknown,
  signature = "",
): string {
  return `${base64UrlJson(header)}.${base64UrlJson(payload)}.${signature}`;
}

/** Builds an HS256 token keyed with the given secret, as an attacker would with the public key. */
export function hmacToken(
  header: unknown,
  payload: unknown,
  secret: string,
): string {
  const input = `${base64UrlJson(header)}.${base64UrlJson(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** Replaces one segment (0 header, 1 payload, 2 signature) of a token. */
export function withSegment(
  token: string,
  index: number,
  segment: string,
): string {
  const segments = token.split(".");
  segments[index] = segment;
  return segments.join(".");
}

export function decodeSegment(
  token: string,
  index: number,
): Record<string, unknown> {
  return JSON.parse(
    Buffer.from(token.split(".")[index]!, "base64url").toString("utf8"),
  ) as Record<string, unknown>;
}

/** Builds the authorizer environment for a public key, with optional revocation lists as JSON. */
export function authorizerEnvironmentFor(
  publicKeyPem: string,
  revoked: { viewers?: string[]; tokenIds?: string[] } = {},
): NodeJS.ProcessEnv {
  const names = AUTHORIZER_ENVIRONMENT_VARIABLES;
  return {
    [names.publicKey]: publicKeyPem,
    [names.audience]: AUDIENCE,
    [names.revokedViewers]: JSON.stringify(revoked.viewers ?? []),
    [names.revokedTokenIds]: JSON.stringify(revoked.tokenIds ?? []),
  };
}
