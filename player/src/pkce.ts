/**
 * Proof Key for Code Exchange (PKCE, RFC 7636) with the S256 method, and
 * the random values of an authorization request.
 */

/** `crypto.getRandomValues`, typed by what this module needs. */
export interface RandomSource {
  getRandomValues(array: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>;
}

/** `crypto.subtle`, typed by what this module needs. */
export interface Digester {
  digest(
    algorithm: "SHA-256",
    data: Uint8Array<ArrayBuffer>,
  ): Promise<ArrayBuffer>;
}

/** `window.crypto`: a random source with the Web Crypto API's digest. */
export interface WebCrypto extends RandomSource {
  readonly subtle: Digester;
}

/**
 * Random bytes in a code verifier and in a `state` value. 32 bytes give the
 * 43-character verifier that RFC 7636 section 4.1 recommends, with 256 bits
 * of entropy.
 */
export const RANDOM_VALUE_BYTES = 32;

/** RFC 7636 section 4.1: 43-128 characters of `[A-Za-z0-9-._~]`. */
const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

const BASE64URL_ALPHABET =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Encodes bytes as base64url without padding (RFC 4648 section 5). */
export function base64UrlEncode(bytes: Uint8Array): string {
  let text = "";
  for (let index = 0; index < bytes.length; index += 3) {
    const chunk =
      (bytes[index] << 16) |
      ((bytes[index + 1] ?? 0) << 8) |
      (bytes[index + 2] ?? 0);
    const characters = Math.min(4, Math.ceil(((bytes.length - index) * 8) / 6));
    for (let position = 0; position < characters; position += 1) {
      text += BASE64URL_ALPHABET[(chunk >> (18 - 6 * position)) & 63];
    }
  }
  return text;
}

/** Returns `byteCount` random bytes from `random`, encoded as base64url. */
export function randomUrlSafeString(
  random: RandomSource,
  byteCount: number = RANDOM_VALUE_BYTES,
): string {
  return base64UrlEncode(random.getRandomValues(new Uint8Array(byteCount)));
}

/** Returns whether a value is a valid code verifier. */
export function isCodeVerifier(value: string): boolean {
  return CODE_VERIFIER_PATTERN.test(value);
}

/** Returns a new random code verifier of 43 characters. */
export function createCodeVerifier(random: RandomSource): string {
  return randomUrlSafeString(random, RANDOM_VALUE_BYTES);
}

/** Returns the S256 code challenge of a verifier: base64url(SHA-256(ASCII(verifier))). */
export async function codeChallengeS256(
  verifier: string,
  digester: Digester,
): Promise<string> {
  if (!isCodeVerifier(verifier)) {
    throw new Error(
      "a PKCE code verifier must be 43-128 characters of letters, digits, '-', '.', '_' and '~'",
    );
  }
  const ascii = new Uint8Array(verifier.length);
  for (let index = 0; index < verifier.length; index += 1)
    ascii[index] = verifier.charCodeAt(index);
  return base64UrlEncode(
    new Uint8Array(await digester.digest("SHA-256", ascii)),
  );
}
