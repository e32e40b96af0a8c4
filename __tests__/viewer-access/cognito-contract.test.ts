import {
  authorizationHeaderValue,
  CognitoAuthConfigError,
  parseCognitoAuthConfig,
  registeredUriFor,
  SIGN_IN_SCOPES,
  STREAM_SCOPE,
} from "../../stacks/viewer-access/cognito-contract";

const DOMAIN =
  "https://demo-signin-0123456789ab.auth.us-east-1.amazoncognito.com";
const PRIVATE_PAGE =
  "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/watch/";
const ENDPOINT_PAGE =
  "https://a1b2c3d4e5-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com/watch/";

const valid = {
  version: 1,
  issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123",
  clientId: "4tr1abcdefghijklmnopqrstuv",
  authorizationEndpoint: `${DOMAIN}/oauth2/authorize`,
  tokenEndpoint: `${DOMAIN}/oauth2/token`,
  revocationEndpoint: `${DOMAIN}/oauth2/revoke`,
  logoutEndpoint: `${DOMAIN}/logout`,
  scopes: [...SIGN_IN_SCOPES],
  redirectUris: [PRIVATE_PAGE, ENDPOINT_PAGE],
  logoutUris: [PRIVATE_PAGE, ENDPOINT_PAGE],
  bearerToken: "access_token",
  codeChallengeMethod: "S256",
};

describe("parseCognitoAuthConfig", () => {
  test("valid file parses unchanged", () => {
    expect(parseCognitoAuthConfig(valid)).toEqual(valid);
  });

  test("unknown fields are dropped", () => {
    expect(
      parseCognitoAuthConfig({ ...valid, userPoolId: "us-east-1_AbCdEf123" }),
    ).toEqual(valid);
  });

  test("loopback http is accepted", () => {
    const local = "http://127.0.0.1:48123";
    const config = {
      ...valid,
      authorizationEndpoint: `${local}/oauth2/authorize`,
      redirectUris: ["http://[::1]:8080/watch/"],
    };
    expect(parseCognitoAuthConfig(config).authorizationEndpoint).toBe(
      `${local}/oauth2/authorize`,
    );
  });

  test("stream scope is the resource server scope", () => {
    expect(STREAM_SCOPE).toBe("live-stream/watch");
    expect(SIGN_IN_SCOPES).toEqual([
      "openid",
      "email",
      "profile",
      "live-stream/watch",
    ]);
  });

  test.each<[string, unknown, string]>([
    ["array root", [valid], "expected a JSON object, received an array"],
    [
      "wrong version",
      { ...valid, version: 2 },
      "version must be 1; received 2",
    ],
    [
      "missing issuer",
      { ...valid, issuer: undefined },
      "issuer is not a string; received nothing",
    ],
    [
      "relative token endpoint",
      { ...valid, tokenEndpoint: "/oauth2/token" },
      'tokenEndpoint is not an absolute URL; received "/oauth2/token"',
    ],
    [
      "plain http on a public host",
      {
        ...valid,
        authorizationEndpoint: "http://example.com/oauth2/authorize",
      },
      'authorizationEndpoint must use https (http only on 127.0.0.1, [::1] or localhost); received "http://example.com/oauth2/authorize"',
    ],
    [
      "logout endpoint with a fragment",
      { ...valid, logoutEndpoint: `${DOMAIN}/logout#x` },
      `logoutEndpoint must not have a fragment; received "${DOMAIN}/logout#x"`,
    ],
    [
      "client id with a space",
      { ...valid, clientId: "a b" },
      `clientId must be 1-128 letters, digits, '_' or '+'; received "a b"`,
    ],
    [
      "scopes without the stream",
      { ...valid, scopes: ["openid", "email"] },
      'scopes must include "live-stream/watch"; received ["openid","email"]',
    ],
    [
      "scopes as a string",
      { ...valid, scopes: "openid" },
      'scopes must be an array of scope names without spaces; received "openid"',
    ],
    [
      "empty redirect list",
      { ...valid, redirectUris: [] },
      "redirectUris must be a non-empty array of URLs; received []",
    ],
    [
      "redirect that is not a URL",
      { ...valid, logoutUris: [PRIVATE_PAGE, "watch/"] },
      'logoutUris[1] is not an absolute URL; received "watch/"',
    ],
    [
      "ID token as bearer",
      { ...valid, bearerToken: "id_token" },
      'bearerToken must be "access_token"; received "id_token"',
    ],
    [
      "plain PKCE method",
      { ...valid, codeChallengeMethod: "plain" },
      'codeChallengeMethod must be "S256"; received "plain"',
    ],
  ])("%s is rejected", (_title, raw, message) => {
    expect(() => parseCognitoAuthConfig(raw)).toThrow(
      new CognitoAuthConfigError([message]),
    );
    expect(() => parseCognitoAuthConfig(raw)).toThrow(
      `auth.json is invalid: ${message}`,
    );
  });

  test("every problem is listed", () => {
    try {
      parseCognitoAuthConfig({
        ...valid,
        version: 0,
        clientId: "",
        bearerToken: "id_token",
      });
      throw new Error("accepted");
    } catch (error) {
      expect((error as CognitoAuthConfigError).problems).toHaveLength(3);
    }
  });
});

describe("authorizationHeaderValue", () => {
  test("header is the bare token", () => {
    expect(authorizationHeaderValue("eyJraWQiOi.eyJzdWIiOi.c2lnbmF0dXJl")).toBe(
      "eyJraWQiOi.eyJzdWIiOi.c2lnbmF0dXJl",
    );
  });
});

describe("registeredUriFor", () => {
  test.each([
    ["private DNS page", PRIVATE_PAGE, PRIVATE_PAGE],
    ["endpoint-specific page", ENDPOINT_PAGE, ENDPOINT_PAGE],
    [
      "page with a code query",
      `${PRIVATE_PAGE}?code=abc&state=xyz`,
      PRIVATE_PAGE,
    ],
    ["page with a fragment", `${ENDPOINT_PAGE}#token=abc`, ENDPOINT_PAGE],
  ])("%s matches", (_title, page, expected) => {
    expect(registeredUriFor(valid.redirectUris, page)).toBe(expected);
  });

  test.each([
    ["page without the trailing slash", PRIVATE_PAGE.slice(0, -1)],
    ["page on another stage", PRIVATE_PAGE.replace("/watch/", "/test/")],
    ["page on another host", "https://example.com/watch/"],
    ["page over http", PRIVATE_PAGE.replace("https:", "http:")],
  ])("%s does not match", (_title, page) => {
    expect(registeredUriFor(valid.redirectUris, page)).toBeUndefined();
  });
});
