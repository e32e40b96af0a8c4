/**
 * The viewer token of a signed link. `npm run viewer-link` prints the
 * player URL with the token in the fragment (`#token=<jwt>`), which browsers
 * never send to a server. The player moves the token into session storage,
 * removes it from the address bar, and sends it as a bearer token.
 */
import type { Logger } from "./logger";
import { pageFolderUrl } from "./page-url";

/** Fragment parameter that carries the token. */
export const TOKEN_FRAGMENT_PARAMETER = "token";

/**
 * Maximum token length, in characters. The authorizer rejects longer
 * tokens too (`MAX_TOKEN_LENGTH` in stacks/viewer-access/token.ts). A
 * viewer token has 370-620 characters, depending on the name and stage.
 */
export const MAX_LINK_TOKEN_LENGTH = 4096;

/** A compact JWS: three non-empty base64url segments separated by dots. */
const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Prefix of the session storage key. The page's folder path follows it, so two stages on one host keep separate tokens. */
export const STORAGE_KEY_PREFIX = "protected-streaming.viewer-token:";

/** Returns whether a token has the shape of a viewer token: three base64url segments, at most MAX_LINK_TOKEN_LENGTH characters. */
export function isLinkTokenShape(token: string): boolean {
  return (
    token.length <= MAX_LINK_TOKEN_LENGTH && LINK_TOKEN_PATTERN.test(token)
  );
}

/**
 * Content of the fragment's `token` parameter: none, a token of the right
 * shape, or a parameter that is empty, repeated or malformed.
 */
export type FragmentToken =
  | { readonly kind: "none" }
  | { readonly kind: "valid"; readonly token: string }
  | { readonly kind: "invalid" };

/** Reads the `token` parameter of a fragment such as `location.hash` (`#token=...`). */
export function readFragmentToken(hash: string): FragmentToken {
  const parameters = new URLSearchParams(hash.replace(/^#/, ""));
  const values = parameters.getAll(TOKEN_FRAGMENT_PARAMETER);
  if (values.length === 0) return { kind: "none" };
  const token = values[0];
  if (values.length > 1 || !isLinkTokenShape(token)) return { kind: "invalid" };
  return { kind: "valid", token };
}

/** Returns the page's path and query without the fragment, for `history.replaceState`. */
export function addressWithoutFragment(href: string): string {
  const url = new URL(href);
  return `${url.pathname}${url.search}`;
}

/** Returns the session storage key for the page: the prefix and the page's folder path, such as `/watch/`. */
export function storageKeyFor(pageHref: string): string {
  return `${STORAGE_KEY_PREFIX}${new URL(pageFolderUrl(pageHref)).pathname}`;
}

/*
 * The browser objects the store uses, typed by the members it needs, so
 * that the module also compiles and runs in tests without the DOM library.
 */

/** `window.sessionStorage`. */
export interface TokenStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** `window.location`. */
export interface PageLocation {
  readonly href: string;
  readonly hash: string;
}

/** `window.history`. */
export interface PageHistory {
  readonly state: unknown;
  replaceState(data: unknown, unused: string, url?: string): void;
}

/** `window`, as the target of `hashchange` events. */
export interface HashChangeTarget {
  addEventListener(type: "hashchange", listener: () => void): void;
  removeEventListener(type: "hashchange", listener: () => void): void;
}

/** Source of the viewer token for the player. */
export interface LinkTokenSource {
  /**
   * Takes a token from the page's fragment: stores it in place of the
   * previous one and removes the fragment from the address bar. Returns
   * the kind of token found. With `none`, nothing changes.
   */
  captureFromAddress(): FragmentToken["kind"];
  /** Returns the stored token, or undefined when there is none. */
  token(): string | undefined;
  /** Calls `listener` when the fragment changes, as when a new link is opened in the same tab. */
  onAddressChange(listener: () => void): () => void;
}

export interface LinkTokenStoreOptions {
  /** The page's location, read on every capture. */
  readonly location: PageLocation;
  readonly history: PageHistory;
  /**
   * Returns session storage, or undefined where the browser denies access;
   * the token then lasts until the page unloads. Called once, on first use,
   * so a player in `network` mode never touches storage.
   */
  readonly storage: () => TokenStorage | undefined;
  readonly events: HashChangeTarget;
  readonly logger: Logger;
}

/**
 * Keeps the viewer token in session storage, which lasts for the tab and
 * is not shared with other tabs. The token is never logged.
 */
export class LinkTokenStore implements LinkTokenSource {
  private readonly key: string;
  /** Copy of the stored token, so that a storage failure does not lose it while the page is open. */
  private current: string | undefined;
  private loaded = false;
  private storageHandle:
    | { readonly storage: TokenStorage | undefined }
    | undefined;

  constructor(private readonly options: LinkTokenStoreOptions) {
    this.key = storageKeyFor(options.location.href);
  }

  captureFromAddress(): FragmentToken["kind"] {
    const { location, history, logger } = this.options;
    const fragment = readFragmentToken(location.hash);
    if (fragment.kind === "none") return "none";

    // A new link replaces the stored token, also when its own token is malformed.
    if (fragment.kind === "valid") {
      this.store(fragment.token);
      logger.info("viewer token taken from the link");
    } else {
      this.store(undefined);
      logger.warn(
        "the link's token parameter is empty, repeated or not a viewer token, so no token is sent",
      );
    }
    history.replaceState(
      history.state,
      "",
      addressWithoutFragment(location.href),
    );
    return fragment.kind;
  }

  token(): string | undefined {
    if (!this.loaded) {
      this.current = this.readStored();
      this.loaded = true;
    }
    return this.current;
  }

  onAddressChange(listener: () => void): () => void {
    const { events } = this.options;
    const onHashChange = () => listener();
    events.addEventListener("hashchange", onHashChange);
    return () => events.removeEventListener("hashchange", onHashChange);
  }

  private storage(): TokenStorage | undefined {
    this.storageHandle ??= { storage: this.options.storage() };
    return this.storageHandle.storage;
  }

  private readStored(): string | undefined {
    const { logger } = this.options;
    const storage = this.storage();
    let stored: string | null = null;
    try {
      stored = storage?.getItem(this.key) ?? null;
    } catch (error) {
      logger.warn(
        "reading the viewer token from session storage failed",
        (error as Error).name,
      );
    }
    if (stored === null) return undefined;
    if (isLinkTokenShape(stored)) return stored;
    logger.warn(
      "the viewer token in session storage is invalid and is ignored",
    );
    return undefined;
  }

  private store(token: string | undefined): void {
    const { logger } = this.options;
    const storage = this.storage();
    this.current = token;
    this.loaded = true;
    try {
      if (token === undefined) storage?.removeItem(this.key);
      else storage?.setItem(this.key, token);
    } catch (error) {
      // Only the error's name: a storage error message could quote the value.
      logger.warn(
        "writing to session storage failed, so the viewer token lasts only until the page is closed",
        (error as Error).name,
      );
    }
  }
}

/** Returns `window.sessionStorage`, or undefined when the browser denies access to it (storage blocked for the site). */
export function sessionStorageOf(
  window: { readonly sessionStorage: TokenStorage },
  logger: Logger,
): TokenStorage | undefined {
  try {
    return window.sessionStorage;
  } catch (error) {
    logger.warn(
      "session storage is not available, so the viewer token lasts only until the page is closed",
      (error as Error).name,
    );
    return undefined;
  }
}
