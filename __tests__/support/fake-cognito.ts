import { createHash, randomBytes } from "node:crypto";
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import type { LiveAuthorization } from "../../scripts/lib/local-origin";
import {
  authorizationHeaderValue,
  COGNITO_AUTH_CONFIG_VERSION,
  SIGN_IN_DENIED_MESSAGE,
  SIGN_IN_SCOPES,
  STREAM_SCOPE,
  type CognitoAuthConfig,
} from "../../stacks/viewer-access/cognito-contract";

/**
 * A local stand-in for a Cognito user pool's OAuth 2.0 endpoints on
 * 127.0.0.1, for browser and integration tests of the player's sign-in.
 * It checks what the player sends as strictly as the contract in
 * stacks/viewer-access/cognito-contract.ts requires, so that a deviation
 * fails a test:
 *
 * - `/oauth2/authorize` shows no form: while the viewer counts as signed in
 *   at the sign-in page (`signedIn`), it redirects back at once with a code.
 *   After `/logout` it returns a placeholder page, as Cognito shows its form.
 * - `/oauth2/token` redeems a code once, only with the PKCE verifier of its
 *   challenge, and rotates refresh tokens: every refresh returns a new one
 *   and the old one stops working at once. Cognito's app client in this
 *   project allows the old one for a 10-second grace period. The fake has
 *   none, so a player that keeps the old token fails here.
 * - `/oauth2/revoke` revokes a refresh token, `/logout` ends the sign-in.
 * - `authorizeLive` is the user pool authorizer of the live routes.
 */

export interface FakeCognitoOptions {
  /** @default "fakeplayerclient0123456789" */
  readonly clientId?: string;
  /** Lifetime of access tokens, in seconds; `accessTokenSeconds` changes it later. @default 3600 */
  readonly accessTokenSeconds?: number;
}

/** One request the fake handled. Form and query values are recorded as sent, tokens included. */
export interface FakeCognitoRequest {
  readonly method: string;
  /** Path without the query, such as `/oauth2/token`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Parsed form body of a POST. */
  readonly form: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  readonly status: number;
  /** `Location` of a redirect. */
  readonly location?: string;
  /** OAuth `error` of a rejected token or revocation request. */
  readonly error?: string;
  readonly timeMs: number;
}

/** One successful token response. */
export interface IssuedTokens {
  readonly grantType: "authorization_code" | "refresh_token";
  readonly accessToken: string;
  readonly refreshToken: string;
  /** The refresh token that was redeemed, for the refresh grant. */
  readonly redeemedRefreshToken?: string;
  readonly expiresInSeconds: number;
  readonly timeMs: number;
}

/** Result of checking an `Authorization` header against the issued access tokens. */
export type AccessTokenCheck =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: string };

export interface FakeCognito {
  /** Scheme, host and port, such as `http://127.0.0.1:43210`. */
  readonly origin: string;
  readonly clientId: string;
  /** Every request so far, oldest first. */
  readonly requests: FakeCognitoRequest[];
  /** Every token response so far, oldest first. */
  readonly issued: IssuedTokens[];
  /** Lifetime of access tokens issued from now on, in seconds. */
  accessTokenSeconds: number;
  /** Whether `/oauth2/authorize` signs the viewer in at once; `/logout` sets it to false. */
  signedIn: boolean;
  /** While false, `checkAccessToken` rejects every token, also ones issued later. */
  acceptsAccessTokens: boolean;
  /** Registers a player page URL as redirect URI and logout URI of the app client. */
  allowPage(pageUrl: string): void;
  /** The `auth.json` the media stack would write for this user pool and the registered pages. */
  authConfig(): CognitoAuthConfig;
  /** Makes every refresh token issued so far invalid, as when it expires or an administrator signs the viewer out. */
  revokeRefreshTokens(): void;
  /** Makes every access token issued so far invalid for the live routes. */
  rejectAccessTokens(): void;
  /** Checks an `Authorization` header value like the user pool authorizer: a current access token with the stream scope. */
  checkAccessToken(headerValue: string | undefined): AccessTokenCheck;
  /** The `authorizeLive` hook of the local origin: 401 with the sign-in message unless the token is valid. */
  authorizeLive(request: IncomingMessage): LiveAuthorization;
  close(): Promise<void>;
}

interface CodeGrant {
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly expiresAtMs: number;
  used: boolean;
}

interface AccessTokenRecord {
  readonly scope: string;
  readonly expiresAtMs: number;
  rejected: boolean;
}

interface RefreshTokenRecord {
  readonly scope: string;
  active: boolean;
}

/** Cognito's authorization codes are valid for 5 minutes. */
const CODE_LIFETIME_MS = 5 * 60_000;

/** RFC 7636 section 4.1. */
const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

/** An S256 challenge: base64url of 32 bytes, without padding. */
const CODE_CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

const SUBJECT = "3f6c2a1e-5b7d-4c89-9e10-0a1b2c3d4e5f";

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeCognito(
  options: FakeCognitoOptions = {},
): Promise<FakeCognito> {
  const clientId = options.clientId ?? "fakeplayerclient0123456789";
  const pageUris: string[] = [];
  const codes = new Map<string, CodeGrant>();
  const accessTokens = new Map<string, AccessTokenRecord>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();
  const requests: FakeCognitoRequest[] = [];
  const issued: IssuedTokens[] = [];
  let origin = "";

  const fake: FakeCognito = {
    get origin() {
      return origin;
    },
    clientId,
    requests,
    issued,
    accessTokenSeconds: options.accessTokenSeconds ?? 3600,
    signedIn: true,
    acceptsAccessTokens: true,
    allowPage(pageUrl) {
      pageUris.push(pageUrl);
    },
    authConfig() {
      return {
        version: COGNITO_AUTH_CONFIG_VERSION,
        issuer: `${origin}/fake-pool`,
        clientId,
        authorizationEndpoint: `${origin}/oauth2/authorize`,
        tokenEndpoint: `${origin}/oauth2/token`,
        revocationEndpoint: `${origin}/oauth2/revoke`,
        logoutEndpoint: `${origin}/logout`,
        scopes: [...SIGN_IN_SCOPES],
        redirectUris: [...pageUris],
        logoutUris: [...pageUris],
        bearerToken: "access_token",
        codeChallengeMethod: "S256",
      };
    },
    revokeRefreshTokens() {
      for (const record of refreshTokens.values()) record.active = false;
    },
    rejectAccessTokens() {
      for (const record of accessTokens.values()) record.rejected = true;
    },
    checkAccessToken(headerValue) {
      if (headerValue === undefined || headerValue === "")
        return { valid: false, reason: "missing" };
      const entry = [...accessTokens.entries()].find(
        ([token]) => authorizationHeaderValue(token) === headerValue,
      );
      if (entry === undefined) return { valid: false, reason: "unknown" };
      const [, record] = entry;
      if (record.rejected || !fake.acceptsAccessTokens)
        return { valid: false, reason: "rejected" };
      if (Date.now() >= record.expiresAtMs)
        return { valid: false, reason: "expired" };
      if (!record.scope.split(" ").includes(STREAM_SCOPE))
        return { valid: false, reason: "scope" };
      return { valid: true };
    },
    authorizeLive(request) {
      const check = fake.checkAccessToken(request.headers.authorization);
      return check.valid
        ? { allowed: true }
        : { allowed: false, status: 401, message: SIGN_IN_DENIED_MESSAGE };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };

  /** Issues an access token, an ID token and a refresh token, and returns the token response. */
  const issueTokens = (
    grantType: IssuedTokens["grantType"],
    scope: string,
    redeemedRefreshToken?: string,
  ): Reply => {
    const nowMs = Date.now();
    const expiresInSeconds = fake.accessTokenSeconds;
    const expiresAtMs = nowMs + expiresInSeconds * 1000;
    const claims = {
      sub: SUBJECT,
      iss: `${origin}/fake-pool`,
      iat: Math.floor(nowMs / 1000),
      exp: Math.ceil(expiresAtMs / 1000),
    };
    const accessToken = jwtShaped({
      ...claims,
      client_id: clientId,
      token_use: "access",
      scope,
      jti: randomId(16),
    });
    const idToken = jwtShaped({
      ...claims,
      aud: clientId,
      token_use: "id",
      email: "viewer@example.com",
    });
    const refreshToken = randomId(48);
    accessTokens.set(accessToken, { scope, expiresAtMs, rejected: false });
    refreshTokens.set(refreshToken, { scope, active: true });
    issued.push({
      grantType,
      accessToken,
      refreshToken,
      redeemedRefreshToken,
      expiresInSeconds,
      timeMs: nowMs,
    });
    return json(200, {
      access_token: accessToken,
      id_token: idToken,
      refresh_token: refreshToken,
      token_type: "Bearer",
      expires_in: expiresInSeconds,
    });
  };

  const authorize = (query: Record<string, string>): Reply => {
    if (query.client_id !== clientId) return text(400, "invalid client_id");
    const redirectUri = query.redirect_uri ?? "";
    if (!pageUris.includes(redirectUri)) return text(400, "redirect_mismatch");
    const backWith = (parameters: Record<string, string>): Reply => {
      const target = new URL(redirectUri);
      for (const [name, value] of Object.entries(parameters))
        target.searchParams.set(name, value);
      return { status: 302, headers: { Location: target.href } };
    };
    const state = query.state ?? "";
    const scopes = (query.scope ?? "").split(" ");
    const knownScopes: readonly string[] = SIGN_IN_SCOPES;
    if (query.response_type !== "code")
      return backWith({ error: "unsupported_response_type", state });
    if (
      state === "" ||
      query.code_challenge_method !== "S256" ||
      !CODE_CHALLENGE_PATTERN.test(query.code_challenge ?? "")
    ) {
      return backWith({ error: "invalid_request", state });
    }
    if (
      !scopes.every((scope) => knownScopes.includes(scope)) ||
      !scopes.includes("openid") ||
      !scopes.includes(STREAM_SCOPE)
    ) {
      return backWith({ error: "invalid_scope", state });
    }
    if (!fake.signedIn) {
      return {
        status: 200,
        headers: { "Content-Type": "text/html; charset=utf-8" },
        body: "<!doctype html><title>Sign in</title><h1>Sign in</h1>",
      };
    }
    const code = randomId(24);
    codes.set(code, {
      redirectUri,
      codeChallenge: query.code_challenge,
      scope: scopes.join(" "),
      expiresAtMs: Date.now() + CODE_LIFETIME_MS,
      used: false,
    });
    return backWith({ code, state });
  };

  const token = (form: Record<string, string>): Reply => {
    if (form.client_id !== clientId || form.client_secret !== undefined)
      return oauthError("invalid_client");
    if (form.grant_type === "authorization_code") {
      const grant = codes.get(form.code ?? "");
      if (grant === undefined || grant.used || Date.now() >= grant.expiresAtMs)
        return oauthError("invalid_grant");
      // A code is single-use, also when this attempt fails.
      grant.used = true;
      if (form.redirect_uri !== grant.redirectUri)
        return oauthError("invalid_grant");
      const verifier = form.code_verifier ?? "";
      if (
        !CODE_VERIFIER_PATTERN.test(verifier) ||
        s256(verifier) !== grant.codeChallenge
      )
        return oauthError("invalid_grant");
      return issueTokens("authorization_code", grant.scope);
    }
    if (form.grant_type === "refresh_token") {
      const redeemed = form.refresh_token ?? "";
      const record = refreshTokens.get(redeemed);
      if (record === undefined || !record.active)
        return oauthError("invalid_grant");
      record.active = false;
      return issueTokens("refresh_token", record.scope, redeemed);
    }
    return oauthError("unsupported_grant_type");
  };

  const revoke = (form: Record<string, string>): Reply => {
    if (form.client_id !== clientId) return oauthError("invalid_client");
    if (form.token === undefined || form.token === "")
      return oauthError("invalid_request");
    const record = refreshTokens.get(form.token);
    if (record !== undefined) record.active = false;
    // RFC 7009 section 2.2: the endpoint returns 200 for an unknown token as well.
    return { status: 200, headers: {} };
  };

  const logout = (query: Record<string, string>): Reply => {
    if (
      query.client_id !== clientId ||
      !pageUris.includes(query.logout_uri ?? "")
    )
      return text(400, "invalid logout request");
    fake.signedIn = false;
    return { status: 302, headers: { Location: query.logout_uri } };
  };

  const route = (
    request: IncomingMessage,
    path: string,
    query: Record<string, string>,
    form: Record<string, string>,
    formValid: boolean,
  ): Reply => {
    const endpoint = `${request.method} ${path}`;
    if (
      request.method === "OPTIONS" &&
      (path === "/oauth2/token" || path === "/oauth2/revoke")
    ) {
      return { status: 204, headers: {} };
    }
    if (
      (endpoint === "POST /oauth2/token" ||
        endpoint === "POST /oauth2/revoke") &&
      !formValid
    ) {
      return oauthError("invalid_request");
    }
    switch (endpoint) {
      case "GET /oauth2/authorize":
        return authorize(query);
      case "POST /oauth2/token":
        return token(form);
      case "POST /oauth2/revoke":
        return revoke(form);
      case "GET /logout":
        return logout(query);
      default:
        return text(404, "not found");
    }
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://fake.invalid");
      const query = Object.fromEntries(url.searchParams);
      const formValid = (request.headers["content-type"] ?? "").startsWith(
        "application/x-www-form-urlencoded",
      );
      const form = formValid
        ? Object.fromEntries(
            new URLSearchParams(Buffer.concat(chunks).toString("utf8")),
          )
        : {};
      const reply = route(request, url.pathname, query, form, formValid);
      send(request, response, url.pathname, reply);
      requests.push({
        method: request.method ?? "",
        path: url.pathname,
        query,
        form,
        headers: request.headers,
        status: reply.status,
        location: reply.headers.Location,
        error: reply.error,
        timeMs: Date.now(),
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly error?: string;
}

function json(status: number, body: unknown): Reply {
  // RFC 6749 section 5.1: token responses must not be cached.
  return {
    status,
    headers: {
      "Content-Type": "application/json;charset=UTF-8",
      "Cache-Control": "no-store",
      Pragma: "no-cache",
    },
    body: JSON.stringify(body),
  };
}

/** Returns 400 with a JSON `error`, as Cognito does for every rejected token request. */
function oauthError(error: string): Reply {
  return { ...json(400, { error }), error };
}

function text(status: number, body: string): Reply {
  return {
    status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
    body,
  };
}

/**
 * Sends a reply. The token and revocation endpoints are called from the
 * player page, another origin, so they allow it by echoing the request's
 * `Origin`. A bug report on amazon-cognito-auth-js (issue 113, an origin
 * `null` echoed back) shows Cognito's token endpoint doing the same.
 * NOTE: whether Cognito's revocation endpoint sends CORS headers is not
 * verified here; the player signs out even when it cannot read the reply.
 */
function send(
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  reply: Reply,
): void {
  const headers: Record<string, string> = { ...reply.headers };
  const requestOrigin = request.headers.origin;
  if (
    (path === "/oauth2/token" || path === "/oauth2/revoke") &&
    requestOrigin !== undefined
  ) {
    headers["Access-Control-Allow-Origin"] = requestOrigin;
    headers.Vary = "Origin";
    if (request.method === "OPTIONS") {
      headers["Access-Control-Allow-Methods"] = "POST";
      headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type";
    }
  }
  response.writeHead(reply.status, headers);
  response.end(reply.body);
}

function randomId(bytes: number): string {
  return randomBytes(bytes).toString("base64url");
}

function s256(verifier: string): string {
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** Returns a token with a JWT's three parts. The signature is random: the player never verifies it, and the fake looks tokens up instead. */
function jwtShaped(claims: Record<string, unknown>): string {
  const encode = (value: unknown) =>
    Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ kid: "fake", alg: "RS256" })}.${encode(claims)}.${randomId(32)}`;
}
