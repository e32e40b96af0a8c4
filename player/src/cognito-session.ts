/**
 * Cognito sign-in for the player (`"viewerAccess": "cognito"`), following
 * the steps in stacks/viewer-access/cognito-contract.ts: the authorization
 * code grant with PKCE, tokens in memory only, refresh before the access
 * token expires, and sign-out. No token, code or verifier is ever logged.
 */
import type { CognitoAuthConfig } from "../../stacks/viewer-access/cognito-contract";
import type { PageHistory, TokenStorage } from "./link-token";
import type { Logger } from "./logger";
import {
  codeChallengeS256,
  createCodeVerifier,
  randomUrlSafeString,
  type WebCrypto,
} from "./pkce";
import {
  addressAfterSignIn,
  addressWithoutAuthorizationResponse,
  authorizationRequestUrl,
  checkAuthorizationResponse,
  logoutUrl,
  pendingSignInKey,
  readAuthorizationResponse,
  storePendingSignIn,
  takePendingSignIn,
} from "./sign-in-redirect";
import type { Timers } from "./timers";
import {
  exchangeAuthorizationCode,
  refreshTokens,
  revokeRefreshToken,
  TokenRequestError,
  type TokenRequestContext,
  type TokenSet,
} from "./token-endpoint";

/** Share of the access token's lifetime after which the player renews it. */
export const REFRESH_AT_LIFETIME_SHARE = 0.8;

/** Largest delay `setTimeout` keeps, in milliseconds (2^31 - 1); longer ones fire at once. */
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/**
 * Returns the delay before renewing an access token that expires in
 * `expiresInSeconds`, in milliseconds: 80 % of its lifetime. Cognito access
 * tokens live at least 5 minutes, so the renewal comes at least 60 s before
 * expiry. A shorter lifetime, as in tests, keeps a fifth of it as the margin.
 */
export function refreshDelayMs(expiresInSeconds: number): number {
  const delay = Math.round(expiresInSeconds * 1000 * REFRESH_AT_LIFETIME_SHARE);
  return Math.min(Math.max(delay, 0), MAX_TIMER_DELAY_MS);
}

/** Reason the viewer has to sign in (again), which picks the message the view shows. */
export type SignInProblem =
  /** A refresh failed, such as with `invalid_grant` for an expired or revoked refresh token, or the stream rejected the renewed token. */
  | "session-ended"
  /** The return from the sign-in page failed: an error, a `state` mismatch, or a failed code exchange. */
  | "sign-in-failed"
  /** The browser came back to the page without finishing the sign-in, as with the Back button. */
  | "sign-in-abandoned"
  /** Session storage is blocked, so the PKCE verifier cannot survive the redirect. */
  | "storage-unavailable";

/** The browser objects the session uses, typed by the members it needs. */
export interface SignInEnvironment {
  /** The page's location, read when the session starts and signs in. */
  readonly location: { readonly href: string };
  readonly history: PageHistory;
  /** Returns session storage, or undefined where the browser denies access. */
  readonly storage: () => TokenStorage | undefined;
  /** Sends the browser to another page: `location.assign`. */
  navigate(url: string): void;
  readonly crypto: WebCrypto;
}

export interface CognitoSessionOptions {
  readonly auth: CognitoAuthConfig;
  /** The redirect URI and logout URI registered for the page's own URL. */
  readonly redirectUri: string;
  readonly logoutUri: string;
  readonly environment: SignInEnvironment;
  readonly fetch: typeof fetch;
  readonly timers: Timers;
  readonly logger: Logger;
  /** Called once the tokens are gone and the viewer has to sign in; `detail` names the cause, without secrets. */
  onSignInRequired(problem: SignInProblem, detail: string): void;
}

/** Result of starting the session on page load. */
export type SessionStart = "signed-in" | "redirecting" | "sign-in-required";

/**
 * One viewer's sign-in. The tokens exist only in this object's memory: a
 * reload signs in again, which is one redirect while the sign-in page's
 * own session lasts.
 */
export class CognitoSession {
  private accessTokenValue: string | undefined;
  private refreshTokenValue: string | undefined;
  private refreshTimer: unknown;
  private refreshing: Promise<boolean> | undefined;
  /** Aborts token requests in flight when the session ends or the player is destroyed. */
  private abort = new AbortController();
  private destroyed = false;

  constructor(private readonly options: CognitoSessionOptions) {}

  /** Returns the current access token for the `Authorization` header, or undefined while signed out. */
  accessToken(): string | undefined {
    return this.accessTokenValue;
  }

  get signedIn(): boolean {
    return this.accessTokenValue !== undefined;
  }

  /**
   * Completes a sign-in when the page's address carries the sign-in page's
   * response, and otherwise sends the browser to the sign-in page. Never
   * redirects after a failed or abandoned sign-in, so a fault cannot loop:
   * the viewer presses the sign-in button instead.
   */
  async start(): Promise<SessionStart> {
    const { environment, logger } = this.options;
    const href = environment.location.href;
    const response = readAuthorizationResponse(href);
    const pending = takePendingSignIn(this.storage(), pendingSignInKey(href));

    if (response.kind === "none") {
      if (pending !== undefined) {
        logger.info("the page was opened again before the sign-in finished");
        return this.requireSignIn(
          "sign-in-abandoned",
          "the sign-in page was left before signing in",
        );
      }
      return (await this.signIn()) ? "redirecting" : "sign-in-required";
    }

    // The code is single-use and bound to the verifier, but it stays out of
    // the address bar, the history and bookmarks all the same.
    environment.history.replaceState(
      environment.history.state,
      "",
      addressAfterSignIn(href, pending),
    );
    const checked = checkAuthorizationResponse(response, pending);
    if (!checked.ok) {
      logger.warn("sign-in failed:", checked.cause);
      return this.requireSignIn("sign-in-failed", checked.cause);
    }

    try {
      const tokens = await exchangeAuthorizationCode(
        this.requestContext(),
        this.options.auth.tokenEndpoint,
        {
          clientId: this.options.auth.clientId,
          code: checked.code,
          redirectUri: checked.redirectUri,
          codeVerifier: checked.codeVerifier,
        },
      );
      if (this.destroyed) return "sign-in-required";
      this.accept(tokens);
      logger.info(
        "signed in; the access token expires in",
        tokens.expiresInSeconds,
        "s",
      );
      return "signed-in";
    } catch (error) {
      if (this.destroyed) return "sign-in-required";
      const cause = (error as Error).message;
      logger.warn("exchanging the authorization code failed:", cause);
      return this.requireSignIn("sign-in-failed", cause);
    }
  }

  /**
   * Sends the browser to the sign-in page with a new `state` and PKCE
   * verifier, which wait in session storage for the return. Returns false,
   * after reporting the problem, when session storage or Web Crypto is
   * unavailable.
   */
  async signIn(): Promise<boolean> {
    const { auth, environment, redirectUri, logger } = this.options;
    const state = randomUrlSafeString(environment.crypto);
    const codeVerifier = createCodeVerifier(environment.crypto);
    let codeChallenge: string;
    try {
      codeChallenge = await codeChallengeS256(
        codeVerifier,
        environment.crypto.subtle,
      );
    } catch (error) {
      // crypto.subtle exists only in secure contexts: https pages and loopback hosts.
      logger.warn(
        "computing the PKCE code challenge failed:",
        (error as Error).name,
      );
      this.requireSignIn(
        "sign-in-failed",
        "this browser cannot compute the PKCE code challenge on this page",
      );
      return false;
    }
    const href = environment.location.href;
    try {
      storePendingSignIn(this.storage(), pendingSignInKey(href), {
        state,
        codeVerifier,
        redirectUri,
        returnAddress: addressWithoutAuthorizationResponse(href),
      });
    } catch (error) {
      logger.warn("storing the sign-in request failed:", (error as Error).name);
      this.requireSignIn(
        "storage-unavailable",
        "session storage is not available",
      );
      return false;
    }
    if (this.destroyed) return false;
    logger.info("redirecting to the sign-in page");
    environment.navigate(
      authorizationRequestUrl(auth, { redirectUri, state, codeChallenge }),
    );
    return true;
  }

  /**
   * Renews the tokens with the refresh token. Concurrent calls share one
   * request. Returns true on success; on any failure the session ends and
   * onSignInRequired reports it.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= this.renew().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Discards the tokens and reports that the viewer has to sign in again. */
  end(detail: string): void {
    this.requireSignIn("session-ended", detail);
  }

  /**
   * Revokes the refresh token, discards every token, and sends the browser
   * to the logout endpoint, which ends the sign-in page's session and
   * returns to the page. A failed revocation is logged and does not stop
   * the logout.
   */
  async signOut(): Promise<void> {
    const { auth, logoutUri, environment, logger } = this.options;
    const refreshToken = this.refreshTokenValue;
    this.clear();
    if (refreshToken !== undefined) {
      try {
        await revokeRefreshToken(
          this.requestContext(),
          auth.revocationEndpoint,
          { clientId: auth.clientId, refreshToken },
        );
        logger.info("refresh token revoked");
      } catch (error) {
        logger.warn(
          "revoking the refresh token failed; signing out anyway:",
          (error as Error).message,
        );
      }
    }
    if (this.destroyed) return;
    environment.navigate(logoutUrl(auth, logoutUri));
  }

  /** Discards the tokens, cancels the scheduled refresh and aborts requests in flight. */
  destroy(): void {
    this.destroyed = true;
    this.clear();
  }

  private async renew(): Promise<boolean> {
    const { auth, logger } = this.options;
    const refreshToken = this.refreshTokenValue;
    if (refreshToken === undefined) {
      if (this.signedIn)
        this.end("there is no refresh token to renew the session with");
      return false;
    }
    try {
      const tokens = await refreshTokens(
        this.requestContext(),
        auth.tokenEndpoint,
        { clientId: auth.clientId, refreshToken },
      );
      // The session may have ended or been replaced while the request ran.
      if (this.destroyed || this.refreshTokenValue !== refreshToken)
        return false;
      this.accept(tokens);
      logger.info(
        "tokens renewed; the access token expires in",
        tokens.expiresInSeconds,
        "s",
      );
      return true;
    } catch (error) {
      if (this.destroyed || this.refreshTokenValue !== refreshToken)
        return false;
      const cause = (error as Error).message;
      logger.warn("renewing the tokens failed:", cause);
      const expired =
        error instanceof TokenRequestError && error.error === "invalid_grant";
      this.end(
        expired
          ? "the sign-in has expired or was revoked"
          : `renewing it failed: ${cause}`,
      );
      return false;
    }
  }

  /** Keeps new tokens and schedules their renewal. A response without a refresh token keeps the current one. */
  private accept(tokens: TokenSet): void {
    const { timers } = this.options;
    this.accessTokenValue = tokens.accessToken;
    // Rotation: the new refresh token replaces the old one, which the server no longer accepts.
    if (tokens.refreshToken !== undefined)
      this.refreshTokenValue = tokens.refreshToken;
    this.cancelRefresh();
    this.refreshTimer = timers.setTimeout(() => {
      this.refreshTimer = undefined;
      void this.refresh();
    }, refreshDelayMs(tokens.expiresInSeconds));
  }

  private requireSignIn(
    problem: SignInProblem,
    detail: string,
  ): "sign-in-required" {
    this.clear();
    if (!this.destroyed) this.options.onSignInRequired(problem, detail);
    return "sign-in-required";
  }

  private clear(): void {
    this.accessTokenValue = undefined;
    this.refreshTokenValue = undefined;
    this.cancelRefresh();
    this.abort.abort();
    this.abort = new AbortController();
  }

  private cancelRefresh(): void {
    if (this.refreshTimer === undefined) return;
    this.options.timers.clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
  }

  private requestContext(): TokenRequestContext {
    return {
      fetch: this.options.fetch,
      timers: this.options.timers,
      signal: this.abort.signal,
    };
  }

  private storage(): TokenStorage | undefined {
    try {
      return this.options.environment.storage();
    } catch {
      return undefined;
    }
  }
}
