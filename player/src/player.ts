import { authorizationHeaderValue } from "../../stacks/viewer-access/cognito-contract";
import {
  authorizationHeaders,
  bearerAuthorizationValue,
  type AccessTokenProvider,
  type AuthorizationValue,
} from "./access-token";
import { HLS_WORKER_PATH } from "./build-constants";
import {
  CognitoSession,
  type SignInEnvironment,
  type SignInProblem,
} from "./cognito-session";
import type { PlaybackEngine } from "./engine";
import type { PlayerConfig } from "./config";
import {
  loadPlayerConfig,
  loadSignInSettings,
  type SignInSettings,
} from "./config-loader";
import { Disposables } from "./disposables";
import { isBehindLive } from "./latency";
import type { LinkTokenSource } from "./link-token";
import { liveTuning, type LiveTuning } from "./live-tuning";
import type { Logger } from "./logger";
import { resolveFromPage } from "./page-url";
import { PlaybackController } from "./playback-controller";
import type { PlaybackStatus } from "./playback-status";
import { findPlayerElements, PlayerView } from "./player-view";
import {
  buildRenditionMenu,
  levelForMenuValue,
  type RenditionLevel,
} from "./rendition-menu";
import { readAuthorizationResponse } from "./sign-in-redirect";
import { globalTimers, type Timers } from "./timers";

export interface PlayerOptions {
  readonly document: Document;
  /** The page's URL; `config.json` and the stream are resolved against its folder. */
  readonly pageHref: string;
  readonly logger: Logger;
  /**
   * Token for every request from the start; see Player.setAccessTokenProvider.
   * Without it, a player whose `config.json` sets `viewerAccess` to
   * `signed-links` sends the token of the viewer link from `linkTokens`.
   */
  readonly accessTokenProvider?: AccessTokenProvider;
  /** Reads and keeps the token of a viewer link; used only in `signed-links` mode. */
  readonly linkTokens?: LinkTokenSource;
  /** The browser objects of Cognito sign-in; used only in `cognito` mode. */
  readonly signIn?: SignInEnvironment;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default the global timers */
  readonly timers?: Timers;
}

export interface Player {
  /**
   * Sets the source of the token sent as `Authorization: Bearer <token>` on
   * every request for `config.json`, playlists and segments, or removes it.
   * In `cognito` mode the header carries the bare token, as the user pool
   * authorizer expects, and the provider replaces the signed-in session's.
   */
  setAccessTokenProvider(provider: AccessTokenProvider | undefined): void;
  /** Playback engine, known once `config.json` has loaded. */
  readonly engine: PlaybackEngine | undefined;
  /** Stops playback and releases listeners, timers and the hls.js instance. */
  destroy(): void;
}

/** Interval of the latency readout and LIVE badge updates, in milliseconds. */
const LIVE_STATE_INTERVAL_MS = 1000;

/** Creates the player on the page's elements and starts it. */
export function createPlayer(options: PlayerOptions): Player {
  const { document, pageHref, logger } = options;
  const fetchFunction = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timers = options.timers ?? globalTimers;
  const elements = findPlayerElements(document);

  let tokenProvider = options.accessTokenProvider;
  let controller: PlaybackController | undefined;
  let tuning: LiveTuning | undefined;
  let loadingConfig = false;
  let levels: readonly RenditionLevel[] = [];
  let playingLevel = -1;
  let liveTimer: unknown;
  let destroyed = false;
  /** Listeners that live as long as the player, such as the one for new viewer links. */
  const listeners = new Disposables();
  let watchingLinks = false;
  /** The Cognito sign-in, in `cognito` mode once `auth.json` has loaded. */
  let session: CognitoSession | undefined;
  let authorizationValue: AuthorizationValue = bearerAuthorizationValue;
  /** Whether a rejection by the stream was already followed by a token refresh since playback last started. */
  let renewedAfterDenial = false;
  /** The renewal that follows a rejection, while it runs; further rejections meanwhile belong to the same event. */
  let renewalAfterDenial: Promise<void> | undefined;

  const requestHeaders = () =>
    authorizationHeaders(
      tokenProvider,
      () =>
        logger.warn(
          "the access token is not a valid bearer token; sending none",
        ),
      authorizationValue,
    );

  const renderMenu = () => {
    const manualLevel = controller?.selectedLevel ?? -1;
    view.setRenditionMenu(
      buildRenditionMenu(levels, { manualLevel, playingLevel }),
    );
    view.setPlayingRendition(
      levels.find((level) => level.index === playingLevel)?.height,
    );
  };

  const updateLiveState = () => {
    if (controller === undefined || tuning === undefined) return;
    const distance = controller.edgeDistanceSeconds();
    const behind =
      distance === undefined
        ? undefined
        : isBehindLive(distance, tuning.behindLiveThresholdSeconds);
    view.setLiveState(controller.latencySeconds(), behind);
  };

  const view = new PlayerView(elements, {
    onRetry: () => {
      if (controller === undefined) void start();
      else controller.restart();
    },
    onSignIn: () => {
      if (session === undefined) return;
      view.showStatus({ kind: "signing-in", step: "redirecting" });
      void session.signIn();
    },
    onSignOut: () => {
      const current = session;
      if (current === undefined || !current.signedIn) return;
      view.setSigningOut();
      stopPlayback();
      view.showStatus({ kind: "signing-out" });
      void current.signOut();
    },
    onGoToLive: () => controller?.goToLive(),
    onSelectQuality: (value) => {
      try {
        controller?.setLevel(levelForMenuValue(value, levels));
      } catch (error) {
        logger.warn((error as Error).message);
      }
      renderMenu();
    },
  });

  // NOTE: native HLS sends no headers (see PlaybackController), so a browser
  // without Media Source Extensions gets the invalid-link message in this mode.
  /**
   * Takes the viewer link's token from the address, sends it from now on
   * unless another provider was set, and watches for a new link opened in
   * the same tab, which replaces the token and restarts playback.
   */
  const useLinkToken = () => {
    const linkTokens = options.linkTokens;
    if (linkTokens === undefined) {
      logger.warn(
        "viewerAccess is signed-links, but the page has no source of viewer tokens",
      );
      return;
    }
    linkTokens.captureFromAddress();
    tokenProvider ??= () => linkTokens.token();
    if (watchingLinks) return;
    watchingLinks = true;
    listeners.add(
      linkTokens.onAddressChange(() => {
        if (linkTokens.captureFromAddress() === "none") return;
        logger.info("a new viewer link was opened; restarting playback");
        controller?.restart();
      }),
    );
  };

  /** Stops the stream and the live readout, as when the sign-in ends; `start` creates a new controller. */
  const stopPlayback = () => {
    if (liveTimer !== undefined) timers.clearInterval(liveTimer);
    liveTimer = undefined;
    controller?.destroy();
    controller = undefined;
    view.setLiveState(undefined, undefined);
  };

  /** Ends playback because the Cognito tokens are gone, and offers "Sign in again". */
  const requireSignIn = (problem: SignInProblem, detail: string) => {
    stopPlayback();
    view.setSignedIn(false);
    view.showStatus({ kind: "sign-in-required", problem, detail });
  };

  /**
   * Handles a 401 or 403 from the stream in `cognito` mode. The access token
   * may have expired before its scheduled renewal (a sleeping laptop, a
   * throttled background tab), so the player renews it once and starts
   * again. A second rejection before playback resumes ends the session, so
   * a token the stream never accepts cannot loop.
   */
  const renewAfterDenial = async (
    current: CognitoSession,
    httpStatus: 401 | 403,
  ) => {
    if (renewedAfterDenial) {
      current.end(
        `the stream rejected the renewed sign-in with HTTP ${httpStatus}`,
      );
      return;
    }
    renewedAfterDenial = true;
    logger.info(
      "the stream rejected the access token with HTTP",
      httpStatus,
      "- renewing it once",
    );
    view.showStatus({ kind: "starting" });
    if ((await current.refresh()) && !destroyed) controller?.restart();
  };

  const onPlaybackStatus = (status: PlaybackStatus) => {
    if (status.kind === "playing") renewedAfterDenial = false;
    if (status.kind === "access-denied" && session !== undefined) {
      renewalAfterDenial ??= renewAfterDenial(
        session,
        status.httpStatus,
      ).finally(() => {
        renewalAfterDenial = undefined;
      });
      return;
    }
    view.showStatus(status);
  };

  const startPlayback = (config: PlayerConfig) => {
    tuning = liveTuning(config.segmentLengthSeconds);
    controller = new PlaybackController({
      video: elements.video,
      manifestUrl: resolveFromPage(config.manifestPath, pageHref),
      workerUrl:
        HLS_WORKER_PATH === undefined
          ? undefined
          : resolveFromPage(HLS_WORKER_PATH, pageHref),
      tuning,
      requestHeaders,
      logger,
      timers,
      fetch: fetchFunction,
      onStatus: onPlaybackStatus,
      onLevels: (updated) => {
        levels = updated;
        renderMenu();
      },
      onLevelSwitched: (level) => {
        playingLevel = level;
        renderMenu();
      },
    });
    view.setEngine(controller.engine);
    liveTimer = timers.setInterval(updateLiveState, LIVE_STATE_INTERVAL_MS);
    controller.start();
  };

  /**
   * Loads `auth.json` and signs the viewer in: completes a sign-in when the
   * page returns from the sign-in page, and otherwise redirects there.
   * Plays once signed in. The session's access token goes into the
   * `Authorization` header as `authorizationHeaderValue` writes it.
   */
  const startWithSignIn = async (config: PlayerConfig) => {
    const environment = options.signIn;
    if (environment === undefined) {
      logger.warn(
        "viewerAccess is cognito, but the page has no sign-in environment",
      );
      view.showStatus({
        kind: "config-failed",
        reason: "the page cannot sign viewers in",
      });
      return;
    }
    let settings: SignInSettings;
    try {
      settings = await loadSignInSettings(pageHref, fetchFunction);
    } catch (error) {
      logger.error("loading the sign-in settings failed", error);
      if (!destroyed)
        view.showStatus({
          kind: "config-failed",
          reason: (error as Error).message,
        });
      return;
    }
    if (destroyed) return;

    session?.destroy();
    const current = new CognitoSession({
      ...settings,
      environment,
      fetch: fetchFunction,
      timers,
      logger,
      onSignInRequired: requireSignIn,
    });
    session = current;
    authorizationValue = authorizationHeaderValue;
    tokenProvider ??= () => session?.accessToken();

    const returning =
      readAuthorizationResponse(environment.location.href).kind !== "none";
    view.showStatus({
      kind: "signing-in",
      step: returning ? "completing" : "redirecting",
    });
    const outcome = await current.start();
    if (destroyed || session !== current || outcome !== "signed-in") return;
    view.setSignedIn(true);
    startPlayback(config);
  };

  /** Loads `config.json`, then starts playback; a failure shows its cause and the "Try again" button. */
  const start = async () => {
    if (loadingConfig) return;
    loadingConfig = true;
    view.showStatus({ kind: "starting" });

    let config: PlayerConfig;
    try {
      config = await loadPlayerConfig(
        pageHref,
        fetchFunction,
        requestHeaders(),
      );
    } catch (error) {
      logger.error("loading the player settings failed", error);
      if (!destroyed)
        view.showStatus({
          kind: "config-failed",
          reason: (error as Error).message,
        });
      return;
    } finally {
      loadingConfig = false;
    }

    if (destroyed) return;
    logger.info("settings", config);
    view.setViewerAccess(config.viewerAccess);
    if (config.viewerAccess === "cognito") {
      await startWithSignIn(config);
      return;
    }
    if (config.viewerAccess === "signed-links") useLinkToken();
    startPlayback(config);
  };

  void start();

  return {
    setAccessTokenProvider(provider) {
      tokenProvider = provider;
    },
    get engine() {
      return controller?.engine;
    },
    destroy() {
      if (destroyed) return;
      destroyed = true;
      if (liveTimer !== undefined) timers.clearInterval(liveTimer);
      listeners.dispose();
      session?.destroy();
      controller?.destroy();
      view.destroy();
    },
  };
}
