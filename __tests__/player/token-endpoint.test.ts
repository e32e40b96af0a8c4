import { createHash } from "node:crypto";
import { globalTimers } from "../../player/src/timers";
import {
  exchangeAuthorizationCode,
  parseTokenResponse,
  refreshTokens,
  revokeRefreshToken,
  TokenRequestError,
  type TokenRequestContext,
} from "../../player/src/token-endpoint";
import { startFakeCognito, type FakeCognito } from "../support/fake-cognito";

const PAGE = "http://127.0.0.1:9/watch/";
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const JWT = "eyJraWQiOiJmYWtlIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

let fake: FakeCognito;
const context: TokenRequestContext = {
  fetch: globalThis.fetch,
  timers: globalTimers,
};

beforeAll(async () => {
  fake = await startFakeCognito({ accessTokenSeconds: 300 });
  fake.allowPage(PAGE);
});

afterAll(async () => {
  await fake.close();
});

/** Runs the authorization request for a verifier and returns the code from the redirect. */
async function authorizationCode(verifier = VERIFIER): Promise<string> {
  const url = new URL(fake.authConfig().authorizationEndpoint);
  const parameters = {
    response_type: "code",
    client_id: fake.clientId,
    redirect_uri: PAGE,
    scope: "openid live-stream/watch",
    state: "st4te",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"),
    code_challenge_method: "S256",
  };
  for (const [name, value] of Object.entries(parameters))
    url.searchParams.set(name, value);
  const response = await fetch(url, { redirect: "manual" });
  const location = new URL(response.headers.get("location") ?? "");
  expect(location.searchParams.get("state")).toBe("st4te");
  return location.searchParams.get("code") ?? "";
}

/** Returns the error of a rejected token request. */
async function rejection(
  request: Promise<unknown>,
): Promise<TokenRequestError> {
  try {
    await request;
  } catch (error) {
    if (error instanceof TokenRequestError) return error;
    throw error;
  }
  throw new Error("the request succeeded");
}

describe("parseTokenResponse", () => {
  const valid = {
    access_token: JWT,
    refresh_token: "r3fresh",
    token_type: "Bearer",
    expires_in: 3600,
    id_token: JWT,
  };

  test("keeps the access and refresh token", () => {
    expect(parseTokenResponse(valid)).toEqual({
      accessToken: JWT,
      refreshToken: "r3fresh",
      expiresInSeconds: 3600,
    });
  });

  test("refresh token may be absent", () => {
    expect(
      parseTokenResponse({ ...valid, refresh_token: undefined }).refreshToken,
    ).toBeUndefined();
  });

  test.each([
    [
      "no access token",
      { ...valid, access_token: undefined },
      "access_token is missing or not a bearer token",
    ],
    [
      "access token with a space",
      { ...valid, access_token: "a b" },
      "access_token is missing or not a bearer token",
    ],
    [
      "other token type",
      { ...valid, token_type: "mac" },
      "token_type is not Bearer",
    ],
    [
      "zero lifetime",
      { ...valid, expires_in: 0 },
      "expires_in is not a positive number",
    ],
    [
      "lifetime as text",
      { ...valid, expires_in: "3600" },
      "expires_in is not a positive number",
    ],
    [
      "refresh token as number",
      { ...valid, refresh_token: 7 },
      "refresh_token is not a token",
    ],
  ])("rejects %s", (_case, body, problem) => {
    expect(() => parseTokenResponse(body)).toThrow(
      `the token response is invalid: ${problem}`,
    );
  });

  test("rejects an array", () => {
    expect(() => parseTokenResponse([valid])).toThrow(
      "the token response is not a JSON object",
    );
  });
});

describe("token requests against the fake server", () => {
  test("code exchange sends a public client form", async () => {
    const code = await authorizationCode();
    const tokens = await exchangeAuthorizationCode(
      context,
      fake.authConfig().tokenEndpoint,
      {
        clientId: fake.clientId,
        code,
        redirectUri: PAGE,
        codeVerifier: VERIFIER,
      },
    );
    expect(tokens.expiresInSeconds).toBe(300);
    expect(tokens.accessToken.split(".")).toHaveLength(3);
    expect(fake.issued.at(-1)?.accessToken).toBe(tokens.accessToken);

    const request = fake.requests.at(-1);
    expect(request?.headers["content-type"]).toBe(
      "application/x-www-form-urlencoded",
    );
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.form).toEqual({
      grant_type: "authorization_code",
      client_id: fake.clientId,
      code,
      redirect_uri: PAGE,
      code_verifier: VERIFIER,
    });
  });

  test("wrong verifier is invalid_grant", async () => {
    const code = await authorizationCode();
    const error = await rejection(
      exchangeAuthorizationCode(context, fake.authConfig().tokenEndpoint, {
        clientId: fake.clientId,
        code,
        redirectUri: PAGE,
        codeVerifier: `${VERIFIER.slice(0, -1)}A`,
      }),
    );
    expect(error.status).toBe(400);
    expect(error.error).toBe("invalid_grant");
    expect(error.message).toBe(
      "the token request was rejected with HTTP 400 invalid_grant",
    );
  });

  test("refresh rotates the refresh token", async () => {
    const code = await authorizationCode();
    const endpoint = fake.authConfig().tokenEndpoint;
    const first = await exchangeAuthorizationCode(context, endpoint, {
      clientId: fake.clientId,
      code,
      redirectUri: PAGE,
      codeVerifier: VERIFIER,
    });
    const second = await refreshTokens(context, endpoint, {
      clientId: fake.clientId,
      refreshToken: first.refreshToken ?? "",
    });
    expect(second.refreshToken).toBeDefined();
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);

    const reused = await rejection(
      refreshTokens(context, endpoint, {
        clientId: fake.clientId,
        refreshToken: first.refreshToken ?? "",
      }),
    );
    expect(reused.error).toBe("invalid_grant");
  });

  test("revoked refresh token is invalid_grant", async () => {
    const code = await authorizationCode();
    const config = fake.authConfig();
    const tokens = await exchangeAuthorizationCode(
      context,
      config.tokenEndpoint,
      {
        clientId: fake.clientId,
        code,
        redirectUri: PAGE,
        codeVerifier: VERIFIER,
      },
    );
    await revokeRefreshToken(context, config.revocationEndpoint, {
      clientId: fake.clientId,
      refreshToken: tokens.refreshToken ?? "",
    });
    expect(fake.requests.at(-1)?.form).toEqual({
      token: tokens.refreshToken,
      client_id: fake.clientId,
    });

    const error = await rejection(
      refreshTokens(context, config.tokenEndpoint, {
        clientId: fake.clientId,
        refreshToken: tokens.refreshToken ?? "",
      }),
    );
    expect(error.error).toBe("invalid_grant");
  });

  test("unreachable endpoint names only the origin", async () => {
    const error = await rejection(
      refreshTokens(context, "http://127.0.0.1:9/oauth2/token", {
        clientId: "c",
        refreshToken: "secret-refresh",
      }),
    );
    expect(error.status).toBeUndefined();
    expect(error.message).toMatch(
      /^the request to http:\/\/127\.0\.0\.1:9 failed without a response \(\w+\)$/,
    );
  });

  test("hanging endpoint times out", async () => {
    const timers = {
      ...globalTimers,
      setTimeout: (callback: () => void) =>
        globalTimers.setTimeout(callback, 50),
    };
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) =>
        init?.signal?.addEventListener("abort", () =>
          reject(new DOMException("aborted", "AbortError")),
        ),
      );
    const error = await rejection(
      refreshTokens(
        { fetch: hanging, timers },
        "https://x.example/oauth2/token",
        { clientId: "c", refreshToken: "r" },
      ),
    );
    expect(error.message).toBe(
      "the request to https://x.example timed out (AbortError)",
    );
  });
});
