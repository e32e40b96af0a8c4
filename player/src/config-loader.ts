import {
  COGNITO_AUTH_FILE,
  parseCognitoAuthConfig,
  registeredUriFor,
  type CognitoAuthConfig,
} from "../../stacks/viewer-access/cognito-contract";
import {
  parsePlayerConfig,
  PLAYER_CONFIG_FILE,
  type PlayerConfig,
} from "./config";
import { resolveFromPage } from "./page-url";

/**
 * Loads and validates `config.json` from the page's folder. Throws an Error
 * whose message names the HTTP status, the JSON problem or the invalid field.
 */
export async function loadPlayerConfig(
  pageHref: string,
  fetchFunction: typeof fetch,
  headers: Record<string, string>,
): Promise<PlayerConfig> {
  return parsePlayerConfig(
    await fetchJson(PLAYER_CONFIG_FILE, pageHref, fetchFunction, headers),
  );
}

/** The sign-in settings of `auth.json`, with the URIs registered for the page's own URL. */
export interface SignInSettings {
  readonly auth: CognitoAuthConfig;
  readonly redirectUri: string;
  readonly logoutUri: string;
}

/**
 * Loads and validates `auth.json` from the page's folder, and picks the
 * redirect and logout URIs registered for the page's URL. Throws an Error
 * naming the HTTP status, the invalid field, or the unregistered address,
 * because the sign-in page would reject it.
 */
export async function loadSignInSettings(
  pageHref: string,
  fetchFunction: typeof fetch,
): Promise<SignInSettings> {
  const auth = parseCognitoAuthConfig(
    await fetchJson(COGNITO_AUTH_FILE, pageHref, fetchFunction, {}),
  );
  const redirectUri = registeredUriFor(auth.redirectUris, pageHref);
  const logoutUri = registeredUriFor(auth.logoutUris, pageHref);
  if (redirectUri === undefined || logoutUri === undefined) {
    const page = new URL(pageHref);
    throw new Error(
      `${COGNITO_AUTH_FILE} does not register this page's address ${page.origin}${page.pathname} for sign-in; open the player at ${auth.redirectUris.join(" or ")}`,
    );
  }
  return { auth, redirectUri, logoutUri };
}

async function fetchJson(
  file: string,
  pageHref: string,
  fetchFunction: typeof fetch,
  headers: Record<string, string>,
): Promise<unknown> {
  const url = resolveFromPage(file, pageHref);
  const response = await fetchFunction(url, {
    cache: "no-cache",
    credentials: "same-origin",
    headers,
  });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${file} returned HTTP ${response.status}`);
  }
  try {
    return await response.json();
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${(error as Error).message})`);
  }
}
