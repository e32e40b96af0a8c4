import { webcrypto } from "node:crypto";
import {
  base64UrlEncode,
  codeChallengeS256,
  createCodeVerifier,
  isCodeVerifier,
  randomUrlSafeString,
  type RandomSource,
} from "../../player/src/pkce";

/** RFC 7636 appendix B: the 32 random octets, their verifier and its S256 challenge. */
const RFC_OCTETS = [
  116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186,
  22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
];
const RFC_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

/** A random source that returns the RFC's octets. */
const rfcRandom: RandomSource = {
  getRandomValues(array) {
    array.set(RFC_OCTETS.slice(0, array.length));
    return array;
  },
};

describe("createCodeVerifier", () => {
  test("RFC 7636 octets give its verifier", () => {
    expect(createCodeVerifier(rfcRandom)).toBe(RFC_VERIFIER);
  });

  test("random verifiers are valid and differ", () => {
    const first = createCodeVerifier(webcrypto);
    const second = createCodeVerifier(webcrypto);
    expect(first).toHaveLength(43);
    expect(isCodeVerifier(first)).toBe(true);
    expect(second).not.toBe(first);
  });
});

describe("codeChallengeS256", () => {
  test("RFC 7636 verifier gives its challenge", async () => {
    expect(await codeChallengeS256(RFC_VERIFIER, webcrypto.subtle)).toBe(
      RFC_CHALLENGE,
    );
  });

  test.each([
    ["too short", "a".repeat(42)],
    ["too long", "a".repeat(129)],
    ["invalid character", `${"a".repeat(42)}+`],
  ])("rejects a verifier that is %s", async (_case, verifier) => {
    await expect(codeChallengeS256(verifier, webcrypto.subtle)).rejects.toThrow(
      "a PKCE code verifier must be 43-128 characters of letters, digits, '-', '.', '_' and '~'",
    );
  });
});

describe("isCodeVerifier", () => {
  test.each([
    ["43 characters", "a".repeat(43), true],
    ["128 characters", "~._-".repeat(32), true],
    ["42 characters", "a".repeat(42), false],
    ["129 characters", "a".repeat(129), false],
    ["padding", `${"a".repeat(43)}=`, false],
  ])("%s is %p", (_case, value, valid) => {
    expect(isCodeVerifier(value)).toBe(valid);
  });
});

describe("base64UrlEncode", () => {
  test.each([
    [[], ""],
    [[0xfb], "-w"],
    [[0xfb, 0xff], "-_8"],
    [[0xfb, 0xff, 0xbf], "-_-_"],
    [[1, 2, 3, 4], "AQIDBA"],
  ])("%j becomes %s", (bytes, text) => {
    expect(base64UrlEncode(Uint8Array.from(bytes))).toBe(text);
  });

  test("matches Node's encoder on random bytes", () => {
    for (let length = 0; length < 40; length += 1) {
      const bytes = webcrypto.getRandomValues(new Uint8Array(length));
      expect(base64UrlEncode(bytes)).toBe(
        Buffer.from(bytes).toString("base64url"),
      );
    }
  });
});

describe("randomUrlSafeString", () => {
  test("encodes the requested number of bytes", () => {
    expect(randomUrlSafeString(webcrypto, 16)).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });
});
