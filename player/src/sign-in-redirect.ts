/**
 * The redirect round trip of the OAuth 2.0 authorization code grant (RFC
 * 6749 section 4.1). It covers the authorization request that sends the
 * browser to the sign-in page, the record that survives the trip in session
 * storage, and the response the sign-in page adds to the page's address.
 */
import type { CognitoAuthConfig } from "../../stacks/viewer-access/cognito-contract";
import type { TokenStorage } from "./link-token";
import { pageFolderUrl } from "./page-url";

/** Prefix of the session storage key of a sign-in in progress; the page's folder path follows it. */
export const PENDING_SIGN_IN_KEY_PREFIX = "protected-streaming.sign-in:";

/**
 * Query parameters of an authorization response: the code grant's `code`
 * and `state` (RFC 6749 section 4.1.2), its error parameters (section
 * 4.1.2.1), and the issuer of RFC 9207. The player removes all of them from
 * the address.
 */
export const AUTHORIZATION_RESPONSE_PARAMETERS = [
  "code",
  "state",
  "error",
  "error_description",
  "error_uri",
  "iss",
] as const;

/**
 * A sign-in in progress, kept in session storage from the authorization
 * request until the browser returns. It contains the PKCE code verifier, so
 * the player removes it as soon as it reads it.
 */
export interface PendingSignIn {
  /** The random `state` sent with the request; the response must return it unchanged. */
  readonly state: string;
  readonly codeVerifier: string;
  /** The `redirect_uri` of the request, which the code exchange must repeat. */
  readonly redirectUri: string;
  /** Path, query and fragment of the page when sign-in started, restored afterwards. */
  readonly returnAddress: string;
}

/** Authorization response in the page's address after the sign-in page sent the browser back. */
export type AuthorizationResponse =
  | { readonly kind: "none" }
  | { readonly kind: "code"; readonly code: string; readonly state: string }
  | { readonly kind: "error"; readonly error: string }
  /** Parameters of a response, but not a valid one: a code without state, or a repeated parameter. */
  | { readonly kind: "malformed" };

/** Result of matching a response with the pending sign-in. */
export type CheckedResponse =
  | {
      readonly ok: true;
      readonly code: string;
      readonly codeVerifier: string;
      readonly redirectUri: string;
    }
  | { readonly ok: false; readonly cause: string };

/** OAuth error codes are ASCII without quotes or backslashes (RFC 6749 section 4.1.2.1). */
const ERROR_CODE_PATTERN = /^[\x20-\x21\x23-\x5B\x5D-\x7E]{1,64}$/;

/** Returns the session storage key of a pending sign-in for the page: the prefix and the page's folder path. */
export function pendingSignInKey(pageHref: string): string {
  return `${PENDING_SIGN_IN_KEY_PREFIX}${new URL(pageFolderUrl(pageHref)).pathname}`;
}

/** Returns the URL of the authorization request: the code grant with PKCE S256. */
export function authorizationRequestUrl(
  auth: CognitoAuthConfig,
  request: {
    readonly redirectUri: string;
    readonly state: string;
    readonly codeChallenge: string;
  },
): string {
  const url = new URL(auth.authorizationEndpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", auth.clientId);
  url.searchParams.set("redirect_uri", request.redirectUri);
  url.searchParams.set("scope", auth.scopes.join(" "));
  url.searchParams.set("state", request.state);
  url.searchParams.set("code_challenge", request.codeChallenge);
  url.searchParams.set("code_challenge_method", auth.codeChallengeMethod);
  return url.href;
}

/** Returns the URL of the logout endpoint, which ends the sign-in page's session and sends the browser to `logoutUri`. */
export function logoutUrl(auth: CognitoAuthConfig, logoutUri: string): string {
  const url = new URL(auth.logoutEndpoint);
  url.searchParams.set("client_id", auth.clientId);
  url.searchParams.set("logout_uri", logoutUri);
  return url.href;
}

/** Reads the authorization response from the page's address. */
export function readAuthorizationResponse(href: string): AuthorizationResponse {
  const parameters = new URL(href).searchParams;
  const present = AUTHORIZATION_RESPONSE_PARAMETERS.filter((name) =>
    parameters.has(name),
  );
  if (present.length === 0) return { kind: "none" };
  if (present.some((name) => parameters.getAll(name).length > 1))
    return { kind: "malformed" };

  const error = parameters.get("error");
  if (error !== null)
    return {
      kind: "error",
      error: ERROR_CODE_PATTERN.test(error) ? error : "invalid_error_code",
    };
  const code = parameters.get("code");
  const state = parameters.get("state");
  if (code === null || code === "" || state === null || state === "")
    return { kind: "malformed" };
  return { kind: "code", code, state };
}

/**
 * Returns the page's path, query and fragment without the parameters of
 * an authorization response, for `history.replaceState`. The other query
 * parameters, such as `debug=1`, stay in their order.
 */
export function addressWithoutAuthorizationResponse(href: string): string {
  const url = new URL(href);
  for (const name of AUTHORIZATION_RESPONSE_PARAMETERS)
    url.searchParams.delete(name);
  return `${url.pathname}${url.search}${url.hash}`;
}

/**
 * Matches a response with the pending sign-in. The `state` must equal the
 * one this tab sent, which rejects a response that another site started
 * (RFC 6749 section 10.12). A response without a pending sign-in is
 * rejected too, because without its verifier the code is useless.
 */
export function checkAuthorizationResponse(
  response: AuthorizationResponse,
  pending: PendingSignIn | undefined,
): CheckedResponse {
  switch (response.kind) {
    case "none":
      return {
        ok: false,
        cause: "the page address carries no sign-in response",
      };
    case "malformed":
      return {
        ok: false,
        cause:
          "the sign-in response in the page address is incomplete or repeated",
      };
    case "error":
      return {
        ok: false,
        cause: `the sign-in page returned the error ${response.error}`,
      };
    case "code":
      if (pending === undefined)
        return { ok: false, cause: "no sign-in was started in this tab" };
      if (response.state !== pending.state)
        return {
          ok: false,
          cause: "the sign-in response does not match the request",
        };
      return {
        ok: true,
        code: response.code,
        codeVerifier: pending.codeVerifier,
        redirectUri: pending.redirectUri,
      };
  }
}

/**
 * Stores a pending sign-in. Throws when session storage is missing or
 * rejects the write, because the verifier could not survive the redirect.
 */
export function storePendingSignIn(
  storage: TokenStorage | undefined,
  key: string,
  pending: PendingSignIn,
): void {
  if (storage === undefined)
    throw new Error("session storage is not available");
  storage.setItem(key, JSON.stringify(pending));
}

/**
 * Reads and removes the pending sign-in, so the verifier is used at most
 * once. Returns undefined when there is none, when storage fails, or when
 * the stored value is not a valid record.
 */
export function takePendingSignIn(
  storage: TokenStorage | undefined,
  key: string,
): PendingSignIn | undefined {
  if (storage === undefined) return undefined;
  let stored: string | null;
  try {
    stored = storage.getItem(key);
    storage.removeItem(key);
  } catch {
    return undefined;
  }
  return stored === null ? undefined : parsePendingSignIn(stored);
}

/** Returns the pending sign-in without removing it, or undefined. */
export function peekPendingSignIn(
  storage: TokenStorage | undefined,
  key: string,
): PendingSignIn | undefined {
  try {
    const stored = storage?.getItem(key) ?? null;
    return stored === null ? undefined : parsePendingSignIn(stored);
  } catch {
    return undefined;
  }
}

function parsePendingSignIn(text: string): PendingSignIn | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== "object") return undefined;
  const { state, codeVerifier, redirectUri, returnAddress } = raw as Record<
    string,
    unknown
  >;
  const valid =
    typeof state === "string" &&
    state !== "" &&
    typeof codeVerifier === "string" &&
    typeof redirectUri === "string" &&
    typeof returnAddress === "string" &&
    returnAddress.startsWith("/");
  return valid
    ? { state, codeVerifier, redirectUri, returnAddress }
    : undefined;
}

/**
 * Returns the address to show once the response is read: the pending
 * sign-in's return address when it names the same path as the page, and
 * the page's own address without the response parameters otherwise.
 */
export function addressAfterSignIn(
  href: string,
  pending: PendingSignIn | undefined,
): string {
  const cleaned = addressWithoutAuthorizationResponse(href);
  if (pending === undefined) return cleaned;
  const page = new URL(href);
  const restored = new URL(pending.returnAddress, page);
  return restored.origin === page.origin && restored.pathname === page.pathname
    ? addressWithoutAuthorizationResponse(restored.href)
    : cleaned;
}

/**
 * Returns the page's address as the viewer opened it before signing in,
 * when the address carries an authorization response and this tab has a
 * sign-in in progress, and `href` otherwise. The page reads `?debug=1`
 * from it, which the sign-in page cannot carry through the registered
 * redirect URI. `storage` is called only for such an address, so other
 * pages never touch session storage.
 */
export function addressBeforeSignIn(
  href: string,
  storage: () => TokenStorage | undefined,
): string {
  if (readAuthorizationResponse(href).kind === "none") return href;
  const pending = peekPendingSignIn(storage(), pendingSignInKey(href));
  return new URL(addressAfterSignIn(href, pending), href).href;
}
