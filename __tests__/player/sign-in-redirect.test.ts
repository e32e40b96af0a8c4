import type { TokenStorage } from "../../player/src/link-token";
import {
  addressAfterSignIn,
  addressBeforeSignIn,
  addressWithoutAuthorizationResponse,
  authorizationRequestUrl,
  checkAuthorizationResponse,
  logoutUrl,
  peekPendingSignIn,
  pendingSignInKey,
  PENDING_SIGN_IN_KEY_PREFIX,
  readAuthorizationResponse,
  storePendingSignIn,
  takePendingSignIn,
  type PendingSignIn,
} from "../../player/src/sign-in-redirect";
import {
  parseCognitoAuthConfig,
  SIGN_IN_SCOPES,
} from "../../stacks/viewer-access/cognito-contract";

const DOMAIN = "https://demo-signin.auth.eu-west-1.amazoncognito.com";
const PAGE = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/watch/";
const auth = parseCognitoAuthConfig({
  version: 1,
  issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123",
  clientId: "4tr1abcdefghijklmnopqrstuv",
  authorizationEndpoint: `${DOMAIN}/oauth2/authorize`,
  tokenEndpoint: `${DOMAIN}/oauth2/token`,
  revocationEndpoint: `${DOMAIN}/oauth2/revoke`,
  logoutEndpoint: `${DOMAIN}/logout`,
  scopes: [...SIGN_IN_SCOPES],
  redirectUris: [PAGE],
  logoutUris: [PAGE],
  bearerToken: "access_token",
  codeChallengeMethod: "S256",
});

const pending: PendingSignIn = {
  state: "s7YdZ1qQm2c4pR8kX0aB3eG6hJ9nL5tV1wY4zC7fH2k",
  codeVerifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
  redirectUri: PAGE,
  returnAddress: "/watch/?debug=1",
};

function memoryStorage(): TokenStorage & {
  readonly values: Map<string, string>;
} {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
    removeItem: (key) => void values.delete(key),
  };
}

describe("authorizationRequestUrl", () => {
  test("carries the code grant with PKCE", () => {
    const url = new URL(
      authorizationRequestUrl(auth, {
        redirectUri: PAGE,
        state: "abc",
        codeChallenge: "xyz",
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe(`${DOMAIN}/oauth2/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "4tr1abcdefghijklmnopqrstuv",
      redirect_uri: PAGE,
      scope: "openid email profile live-stream/watch",
      state: "abc",
      code_challenge: "xyz",
      code_challenge_method: "S256",
    });
  });
});

describe("logoutUrl", () => {
  test("names the client and the return page", () => {
    const url = new URL(logoutUrl(auth, PAGE));
    expect(`${url.origin}${url.pathname}`).toBe(`${DOMAIN}/logout`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "4tr1abcdefghijklmnopqrstuv",
      logout_uri: PAGE,
    });
  });
});

describe("readAuthorizationResponse", () => {
  test.each([
    ["", { kind: "none" }],
    ["?debug=1", { kind: "none" }],
    ["?code=c0de&state=st4te", { kind: "code", code: "c0de", state: "st4te" }],
    [
      "?debug=1&code=c0de&state=st4te#x",
      { kind: "code", code: "c0de", state: "st4te" },
    ],
    [
      "?error=access_denied&state=st4te",
      { kind: "error", error: "access_denied" },
    ],
    ["?error=%22quoted%22", { kind: "error", error: "invalid_error_code" }],
    ["?code=c0de", { kind: "malformed" }],
    ["?state=st4te", { kind: "malformed" }],
    ["?code=&state=st4te", { kind: "malformed" }],
    ["?code=a&code=b&state=st4te", { kind: "malformed" }],
    ["?code=c0de&state=a&state=b", { kind: "malformed" }],
  ])("%s gives %p", (search, expected) => {
    expect(readAuthorizationResponse(`${PAGE}${search}`)).toEqual(expected);
  });
});

describe("checkAuthorizationResponse", () => {
  test("matching state returns the code and verifier", () => {
    expect(
      checkAuthorizationResponse(
        { kind: "code", code: "c0de", state: pending.state },
        pending,
      ),
    ).toEqual({
      ok: true,
      code: "c0de",
      codeVerifier: pending.codeVerifier,
      redirectUri: PAGE,
    });
  });

  test.each([
    [
      "other state",
      { kind: "code", code: "c0de", state: "forged" },
      pending,
      "the sign-in response does not match the request",
    ],
    [
      "state prefix",
      { kind: "code", code: "c0de", state: pending.state.slice(0, -1) },
      pending,
      "the sign-in response does not match the request",
    ],
    [
      "no pending sign-in",
      { kind: "code", code: "c0de", state: pending.state },
      undefined,
      "no sign-in was started in this tab",
    ],
    [
      "error response",
      { kind: "error", error: "access_denied" },
      pending,
      "the sign-in page returned the error access_denied",
    ],
    [
      "malformed response",
      { kind: "malformed" },
      pending,
      "the sign-in response in the page address is incomplete or repeated",
    ],
    [
      "no response",
      { kind: "none" },
      pending,
      "the page address carries no sign-in response",
    ],
  ] as const)("rejects %s", (_case, response, pendingSignIn, cause) => {
    expect(checkAuthorizationResponse(response, pendingSignIn)).toEqual({
      ok: false,
      cause,
    });
  });
});

describe("addressWithoutAuthorizationResponse", () => {
  test.each([
    [`${PAGE}?code=c0de&state=st4te`, "/watch/"],
    [`${PAGE}?debug=1&code=c0de&state=st4te`, "/watch/?debug=1"],
    [
      `${PAGE}?code=c0de&debug=1&state=st4te&x=2#part`,
      "/watch/?debug=1&x=2#part",
    ],
    [
      `${PAGE}?error=access_denied&error_description=Denied&state=st4te`,
      "/watch/",
    ],
    [`${PAGE}?iss=https%3A%2F%2Fissuer&code=c&state=s`, "/watch/"],
    [PAGE, "/watch/"],
  ])("%s becomes %s", (href, address) => {
    expect(addressWithoutAuthorizationResponse(href)).toBe(address);
  });
});

describe("addressAfterSignIn", () => {
  test("restores the address of the request", () => {
    expect(addressAfterSignIn(`${PAGE}?code=c0de&state=st4te`, pending)).toBe(
      "/watch/?debug=1",
    );
  });

  test.each([
    ["another path", { ...pending, returnAddress: "/other/?debug=1" }],
    [
      "another origin",
      { ...pending, returnAddress: "//attacker.example/watch/" },
    ],
  ])("ignores a return address on %s", (_case, stored) => {
    expect(
      addressAfterSignIn(`${PAGE}?code=c0de&state=st4te&x=1`, stored),
    ).toBe("/watch/?x=1");
  });

  test("without a pending sign-in only removes the response", () => {
    expect(
      addressAfterSignIn(`${PAGE}?code=c0de&state=st4te&x=1`, undefined),
    ).toBe("/watch/?x=1");
  });
});

describe("pending sign-in storage", () => {
  const key = pendingSignInKey(`${PAGE}?code=c0de`);

  test("key names the page folder", () => {
    expect(key).toBe(`${PENDING_SIGN_IN_KEY_PREFIX}/watch/`);
  });

  test("take returns the record once", () => {
    const storage = memoryStorage();
    storePendingSignIn(storage, key, pending);
    expect(takePendingSignIn(storage, key)).toEqual(pending);
    expect(storage.values.size).toBe(0);
    expect(takePendingSignIn(storage, key)).toBeUndefined();
  });

  test("peek keeps the record", () => {
    const storage = memoryStorage();
    storePendingSignIn(storage, key, pending);
    expect(peekPendingSignIn(storage, key)).toEqual(pending);
    expect(storage.values.size).toBe(1);
  });

  test.each([
    ["not JSON", "{"],
    [
      "missing verifier",
      JSON.stringify({ ...pending, codeVerifier: undefined }),
    ],
    ["empty state", JSON.stringify({ ...pending, state: "" })],
    [
      "absolute return address",
      JSON.stringify({
        ...pending,
        returnAddress: "https://attacker.example/",
      }),
    ],
  ])("take drops a record that is %s", (_case, stored) => {
    const storage = memoryStorage();
    storage.setItem(key, stored);
    expect(takePendingSignIn(storage, key)).toBeUndefined();
    expect(storage.values.size).toBe(0);
  });

  test("store without storage throws", () => {
    expect(() => storePendingSignIn(undefined, key, pending)).toThrow(
      "session storage is not available",
    );
  });
});

describe("addressBeforeSignIn", () => {
  test("returns the stored address on the way back", () => {
    const storage = memoryStorage();
    storePendingSignIn(storage, pendingSignInKey(PAGE), pending);
    expect(
      addressBeforeSignIn(`${PAGE}?code=c0de&state=st4te`, () => storage),
    ).toBe(`${PAGE}?debug=1`);
    expect(storage.values.size).toBe(1);
  });

  test("leaves other addresses and storage alone", () => {
    const storage = jest.fn(() => memoryStorage());
    expect(addressBeforeSignIn(`${PAGE}?x=1`, storage)).toBe(`${PAGE}?x=1`);
    expect(storage).not.toHaveBeenCalled();
  });
});
