/**
 * The contract between the media stack and the player for Cognito sign-in
 * (`"viewerAccess": "cognito"`). The media stack writes `auth.json` beside
 * the player page (object `player/auth.json`, route `/auth.json`, revalidated
 * on every load); the player fetches it relative to the page when
 * `config.json` sets `"viewerAccess": "cognito"`.
 *
 * What the player does with it (OAuth 2.0 authorization code grant, RFC 6749
 * section 4.1, with PKCE, RFC 7636):
 *
 * 1. Pick the redirect URI with `registeredUriFor(config.redirectUris, page)`.
 *    The app client accepts only these exact URIs: the player page on the
 *    API's private DNS name and on the endpoint-specific name.
 * 2. Send the browser to `authorizationEndpoint` with `response_type=code`,
 *    `client_id`, `redirect_uri`, `scope` (the `scopes`, space-separated), a
 *    random `state`, and `code_challenge` with `code_challenge_method=S256`.
 *    Cognito has no setting that makes PKCE mandatory for an app client, so
 *    the player must always send it.
 * 3. Back on the page with `?code=...&state=...`, check `state`, then POST
 *    `grant_type=authorization_code`, `client_id`, `code`, `redirect_uri` and
 *    `code_verifier` as `application/x-www-form-urlencoded` to
 *    `tokenEndpoint`. The client has no secret. Remove the query from the
 *    address bar.
 * 4. Keep the tokens in memory only. Send the access token (`bearerToken`)
 *    in the `Authorization` header, as `authorizationHeaderValue` writes it,
 *    on every playlist and segment request. The live routes require an
 *    access token that carries `STREAM_SCOPE`, and reject an ID token.
 * 5. Before the access token expires (`expires_in` seconds), POST
 *    `grant_type=refresh_token`, `client_id` and `refresh_token` to
 *    `tokenEndpoint`. The client rotates refresh tokens, so every response
 *    carries a new refresh token that replaces the old one. When the refresh
 *    fails with `invalid_grant` (expired or revoked), sign in again.
 * 6. To sign out, POST `token` (the refresh token) and `client_id` to
 *    `revocationEndpoint`, forget every token, then send the browser to
 *    `logoutEndpoint` with `client_id` and `logout_uri` set to
 *    `registeredUriFor(config.logoutUris, page)`.
 *
 * A 401 or 403 from a live route means the token is missing, expired or not
 * valid for the stream; its JSON body is `{"message": SIGN_IN_DENIED_MESSAGE}`.
 * This module has no imports, so the player's own build can import it.
 */

/** Name of the settings file, resolved relative to the player page. */
export const COGNITO_AUTH_FILE = "auth.json";

/** Version of the `auth.json` format; a change that older players cannot read increases it. */
export const COGNITO_AUTH_CONFIG_VERSION = 1;

/** Identifier of the Cognito resource server that stands for the stream. */
export const STREAM_RESOURCE_SERVER = "live-stream";

/** Name of the one scope of that resource server. */
export const STREAM_SCOPE_NAME = "watch";

/** The OAuth scope an access token must carry for the live routes. */
export const STREAM_SCOPE = `${STREAM_RESOURCE_SERVER}/${STREAM_SCOPE_NAME}`;

/** Message in the body of every 401 and 403 from the live routes with Cognito sign-in. */
export const SIGN_IN_DENIED_MESSAGE =
  "sign in to watch: the session is missing, has expired or is not valid";

/** Scopes the player requests: the ID token with e-mail and name, and the stream. */
export const SIGN_IN_SCOPES = [
  "openid",
  "email",
  "profile",
  STREAM_SCOPE,
] as const;

/** Contents of `auth.json`. Every URL is absolute. */
export interface CognitoAuthConfig {
  readonly version: typeof COGNITO_AUTH_CONFIG_VERSION;
  /** The user pool as token issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>`: the `iss` claim of every token. */
  readonly issuer: string;
  /** Id of the player's app client, a public client without a secret. */
  readonly clientId: string;
  /** `https://<domain prefix>.auth.<region>.amazoncognito.com/oauth2/authorize` */
  readonly authorizationEndpoint: string;
  /** `.../oauth2/token`, for the code exchange and for refreshes. */
  readonly tokenEndpoint: string;
  /** `.../oauth2/revoke`, which revokes a refresh token and the tokens issued with it. */
  readonly revocationEndpoint: string;
  /** `.../logout`, which ends the sign-in page's own session. */
  readonly logoutEndpoint: string;
  /** Scopes to request, in order; `SIGN_IN_SCOPES` today. */
  readonly scopes: readonly string[];
  /** Redirect URIs the app client accepts after sign-in, one per player URL form. */
  readonly redirectUris: readonly string[];
  /** URIs the app client accepts as `logout_uri`, one per player URL form. */
  readonly logoutUris: readonly string[];
  /** Token to send in the `Authorization` header, written by `authorizationHeaderValue`. */
  readonly bearerToken: "access_token";
  /** PKCE method; Cognito supports S256 only. */
  readonly codeChallengeMethod: "S256";
}

/**
 * Returns the `Authorization` header value for an access token: the bare
 * token, without a `Bearer ` prefix. Older reports show the REST API's
 * COGNITO_USER_POOLS authorizer rejecting `Bearer <token>` and newer ones
 * show it accepting both forms, so the bare token works with either.
 */
export function authorizationHeaderValue(accessToken: string): string {
  return accessToken;
}

/** Raised when `auth.json` lacks a field or has a value of the wrong shape. */
export class CognitoAuthConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${COGNITO_AUTH_FILE} is invalid: ${problems.join("; ")}`);
    this.name = "CognitoAuthConfigError";
  }
}

/** Client ids of Cognito app clients: 1-128 word characters or '+'. */
const CLIENT_ID_PATTERN = /^[\w+]{1,128}$/;

/** Hosts on which plain http is accepted, so tests can run a local authorization server. */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

const URL_FIELDS = [
  "issuer",
  "authorizationEndpoint",
  "tokenEndpoint",
  "revocationEndpoint",
  "logoutEndpoint",
] as const;

/**
 * Validates the parsed JSON of `auth.json` and returns the settings.
 * Unknown fields are ignored, so a newer stack can add fields without
 * breaking an older player. Throws CognitoAuthConfigError listing every
 * problem.
 */
export function parseCognitoAuthConfig(raw: unknown): CognitoAuthConfig {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new CognitoAuthConfigError([
      `expected a JSON object, received ${Array.isArray(raw) ? "an array" : describe(raw)}`,
    ]);
  }
  const fields = raw as Record<string, unknown>;
  const problems: string[] = [];

  if (fields.version !== COGNITO_AUTH_CONFIG_VERSION) {
    problems.push(
      `version must be ${COGNITO_AUTH_CONFIG_VERSION}; received ${describe(fields.version)}`,
    );
  }
  for (const name of URL_FIELDS)
    problems.push(...urlProblems(name, fields[name]));
  if (
    typeof fields.clientId !== "string" ||
    !CLIENT_ID_PATTERN.test(fields.clientId)
  ) {
    problems.push(
      `clientId must be 1-128 letters, digits, '_' or '+'; received ${describe(fields.clientId)}`,
    );
  }
  problems.push(...scopeProblems(fields.scopes));
  problems.push(...uriListProblems("redirectUris", fields.redirectUris));
  problems.push(...uriListProblems("logoutUris", fields.logoutUris));
  if (fields.bearerToken !== "access_token") {
    problems.push(
      `bearerToken must be "access_token"; received ${describe(fields.bearerToken)}`,
    );
  }
  if (fields.codeChallengeMethod !== "S256") {
    problems.push(
      `codeChallengeMethod must be "S256"; received ${describe(fields.codeChallengeMethod)}`,
    );
  }

  if (problems.length > 0) throw new CognitoAuthConfigError(problems);
  return {
    version: COGNITO_AUTH_CONFIG_VERSION,
    issuer: fields.issuer as string,
    clientId: fields.clientId as string,
    authorizationEndpoint: fields.authorizationEndpoint as string,
    tokenEndpoint: fields.tokenEndpoint as string,
    revocationEndpoint: fields.revocationEndpoint as string,
    logoutEndpoint: fields.logoutEndpoint as string,
    scopes: [...(fields.scopes as string[])],
    redirectUris: [...(fields.redirectUris as string[])],
    logoutUris: [...(fields.logoutUris as string[])],
    bearerToken: "access_token",
    codeChallengeMethod: "S256",
  };
}

/**
 * Returns the URI of `uris` that names the page itself: the same origin
 * and path, ignoring the page's query and fragment. Returns undefined when
 * the page was opened under a URL the app client does not accept, so the
 * player can report it instead of sending Cognito a URI it rejects.
 */
export function registeredUriFor(
  uris: readonly string[],
  pageUrl: string,
): string | undefined {
  const page = new URL(pageUrl);
  return uris.find((uri) => {
    const candidate = new URL(uri);
    return (
      candidate.origin === page.origin && candidate.pathname === page.pathname
    );
  });
}

/** Returns why a value is not an https URL (or http on a loopback host), or nothing. */
function urlProblem(value: unknown): string | undefined {
  if (typeof value !== "string") return "is not a string";
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "is not an absolute URL";
  }
  if (
    url.protocol !== "https:" &&
    !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))
  ) {
    return "must use https (http only on 127.0.0.1, [::1] or localhost)";
  }
  if (url.hash !== "") return "must not have a fragment";
  return undefined;
}

function urlProblems(name: string, value: unknown): string[] {
  const problem = urlProblem(value);
  return problem === undefined
    ? []
    : [`${name} ${problem}; received ${describe(value)}`];
}

function uriListProblems(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [
      `${name} must be a non-empty array of URLs; received ${describe(value)}`,
    ];
  }
  return value.flatMap((item, index) => urlProblems(`${name}[${index}]`, item));
}

function scopeProblems(value: unknown): string[] {
  const valid =
    Array.isArray(value) &&
    value.every((scope) => typeof scope === "string" && /^\S+$/.test(scope));
  if (!valid)
    return [
      `scopes must be an array of scope names without spaces; received ${describe(value)}`,
    ];
  const missing = ["openid", STREAM_SCOPE].filter(
    (scope) => !(value as string[]).includes(scope),
  );
  return missing.length === 0
    ? []
    : [
        `scopes must include ${missing.map((scope) => `"${scope}"`).join(" and ")}; received ${describe(value)}`,
      ];
}

/** Maximum length of a received value in a message, in characters. */
const MAX_VALUE_LENGTH = 80;

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_LENGTH
    ? `${text.slice(0, MAX_VALUE_LENGTH - 3)}...`
    : text;
}
