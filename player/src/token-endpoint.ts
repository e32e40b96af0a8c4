/**
 * Requests to the OAuth 2.0 token and revocation endpoints as a public
 * client: form-encoded POSTs with `client_id` and no secret (RFC 6749
 * section 4.1.3 and 6, RFC 7009). Each is a CORS-safelisted request without
 * cookies, so the browser sends no preflight.
 */
import { isValidBearerToken } from "./access-token";
import type { Timers } from "./timers";

/** Time allowed for one token or revocation request, in milliseconds. */
export const TOKEN_REQUEST_TIMEOUT_MS = 10_000;

/** The tokens of a successful token response that the player keeps. */
export interface TokenSet {
  readonly accessToken: string;
  /** Absent when the server did not issue a new one; the previous one then stays valid. */
  readonly refreshToken: string | undefined;
  /** Lifetime of the access token, in seconds. */
  readonly expiresInSeconds: number;
}

/**
 * Raised when a token request fails. `error` is the OAuth error code of a
 * rejection, such as `invalid_grant` for an expired or revoked refresh
 * token. The message never contains a token or code.
 */
export class TokenRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly error: string | undefined,
  ) {
    super(message);
    this.name = "TokenRequestError";
  }
}

export interface TokenRequestContext {
  readonly fetch: typeof fetch;
  readonly timers: Timers;
  /** Aborts the request, as when the player is destroyed. */
  readonly signal?: AbortSignal;
}

/** OAuth error codes: printable ASCII without quotes or backslashes. */
const ERROR_CODE_PATTERN = /^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,64}$/;

/** Sends the authorization code grant with its PKCE verifier and returns the tokens. */
export function exchangeAuthorizationCode(
  context: TokenRequestContext,
  tokenEndpoint: string,
  grant: {
    readonly clientId: string;
    readonly code: string;
    readonly redirectUri: string;
    readonly codeVerifier: string;
  },
): Promise<TokenSet> {
  return requestTokens(context, tokenEndpoint, {
    grant_type: "authorization_code",
    client_id: grant.clientId,
    code: grant.code,
    redirect_uri: grant.redirectUri,
    code_verifier: grant.codeVerifier,
  });
}

/** Sends the refresh token grant and returns the new tokens. */
export function refreshTokens(
  context: TokenRequestContext,
  tokenEndpoint: string,
  grant: { readonly clientId: string; readonly refreshToken: string },
): Promise<TokenSet> {
  return requestTokens(context, tokenEndpoint, {
    grant_type: "refresh_token",
    client_id: grant.clientId,
    refresh_token: grant.refreshToken,
  });
}

/** Revokes a refresh token (RFC 7009); throws TokenRequestError unless the server returns 200. */
export async function revokeRefreshToken(
  context: TokenRequestContext,
  revocationEndpoint: string,
  revocation: { readonly clientId: string; readonly refreshToken: string },
): Promise<void> {
  const response = await post(context, revocationEndpoint, {
    token: revocation.refreshToken,
    client_id: revocation.clientId,
  });
  const body = await readJson(response);
  if (!response.ok) throw rejection("token revocation", response.status, body);
}

async function requestTokens(
  context: TokenRequestContext,
  endpoint: string,
  form: Record<string, string>,
): Promise<TokenSet> {
  const response = await post(context, endpoint, form);
  const body = await readJson(response);
  if (!response.ok) throw rejection("token request", response.status, body);
  return parseTokenResponse(body);
}

/**
 * Validates a successful token response (RFC 6749 section 5.1). The access
 * token must be sendable as a bearer token, and `expires_in` must be a
 * positive number of seconds, because the refresh is scheduled from it.
 */
export function parseTokenResponse(body: unknown): TokenSet {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new TokenRequestError(
      "the token response is not a JSON object",
      200,
      undefined,
    );
  }
  const fields = body as Record<string, unknown>;
  const problems: string[] = [];
  const accessToken = fields.access_token;
  if (typeof accessToken !== "string" || !isValidBearerToken(accessToken)) {
    problems.push("access_token is missing or not a bearer token");
  }
  if (
    typeof fields.token_type !== "string" ||
    fields.token_type.toLowerCase() !== "bearer"
  ) {
    problems.push("token_type is not Bearer");
  }
  const expiresIn = fields.expires_in;
  if (
    typeof expiresIn !== "number" ||
    !Number.isFinite(expiresIn) ||
    expiresIn <= 0
  ) {
    problems.push("expires_in is not a positive number");
  }
  const refreshToken = fields.refresh_token;
  if (
    refreshToken !== undefined &&
    (typeof refreshToken !== "string" || !isValidBearerToken(refreshToken))
  ) {
    problems.push("refresh_token is not a token");
  }
  if (problems.length > 0)
    throw new TokenRequestError(
      `the token response is invalid: ${problems.join("; ")}`,
      200,
      undefined,
    );
  return {
    accessToken: accessToken as string,
    refreshToken: refreshToken as string | undefined,
    expiresInSeconds: expiresIn as number,
  };
}

async function post(
  context: TokenRequestContext,
  endpoint: string,
  form: Record<string, string>,
): Promise<Response> {
  const { timers } = context;
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  context.signal?.addEventListener("abort", onAbort);
  if (context.signal?.aborted) abort.abort();
  const timer = timers.setTimeout(
    () => abort.abort(),
    TOKEN_REQUEST_TIMEOUT_MS,
  );
  try {
    return await context.fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
      // The endpoints need no cookies, and none of the page's may reach them.
      credentials: "omit",
      redirect: "error",
      referrerPolicy: "no-referrer",
      signal: abort.signal,
    });
  } catch (error) {
    const reason =
      abort.signal.aborted && !context.signal?.aborted
        ? "timed out"
        : "failed without a response";
    throw new TokenRequestError(
      `the request to ${new URL(endpoint).origin} ${reason} (${(error as Error).name})`,
      undefined,
      undefined,
    );
  } finally {
    timers.clearTimeout(timer);
    context.signal?.removeEventListener("abort", onAbort);
  }
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function rejection(
  request: string,
  status: number,
  body: unknown,
): TokenRequestError {
  const code =
    body !== null && typeof body === "object"
      ? (body as Record<string, unknown>).error
      : undefined;
  const error =
    typeof code === "string" && ERROR_CODE_PATTERN.test(code)
      ? code
      : undefined;
  return new TokenRequestError(
    `the ${request} was rejected with HTTP ${status}${error === undefined ? "" : ` ${error}`}`,
    status,
    error,
  );
}
