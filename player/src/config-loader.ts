import { parsePlayerConfig, PLAYER_CONFIG_FILE, type PlayerConfig } from "./config";
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
  const url = resolveFromPage(PLAYER_CONFIG_FILE, pageHref);
  const response = await fetchFunction(url, { cache: "no-cache", credentials: "same-origin", headers });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${PLAYER_CONFIG_FILE} returned HTTP ${response.status}`);
  }
  let raw: unknown;
  try {
    raw = await response.json();
  } catch (error) {
    throw new Error(`${PLAYER_CONFIG_FILE} is not valid JSON (${(error as Error).message})`);
  }
  return parsePlayerConfig(raw);
}
