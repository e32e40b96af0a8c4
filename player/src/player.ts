import { authorizationHeaders, type AccessTokenProvider } from "./access-token";
import { HLS_WORKER_PATH } from "./build-constants";
import type { PlaybackEngine } from "./engine";
import type { PlayerConfig } from "./config";
import { loadPlayerConfig } from "./config-loader";
import { Disposables } from "./disposables";
import { isBehindLive } from "./latency";
import type { LinkTokenSource } from "./link-token";
import { liveTuning, type LiveTuning } from "./live-tuning";
import type { Logger } from "./logger";
import { resolveFromPage } from "./page-url";
import { PlaybackController } from "./playback-controller";
import { findPlayerElements, PlayerView } from "./player-view";
import { buildRenditionMenu, levelForMenuValue, type RenditionLevel } from "./rendition-menu";
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
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default the global timers */
  readonly timers?: Timers;
}

export interface Player {
  /**
   * Sets the source of the token sent as `Authorization: Bearer <token>` on
   * every request for `config.json`, playlists and segments, or removes it.
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

  const requestHeaders = () =>
    authorizationHeaders(tokenProvider, () => logger.warn("the access token is not a valid bearer token; sending none"));

  const renderMenu = () => {
    const manualLevel = controller?.selectedLevel ?? -1;
    view.setRenditionMenu(buildRenditionMenu(levels, { manualLevel, playingLevel }));
    view.setPlayingRendition(levels.find((level) => level.index === playingLevel)?.height);
  };

  const updateLiveState = () => {
    if (controller === undefined || tuning === undefined) return;
    const distance = controller.edgeDistanceSeconds();
    const behind = distance === undefined ? undefined : isBehindLive(distance, tuning.behindLiveThresholdSeconds);
    view.setLiveState(controller.latencySeconds(), behind);
  };

  const view = new PlayerView(elements, {
    onRetry: () => {
      if (controller === undefined) void start();
      else controller.restart();
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
      logger.warn("viewerAccess is signed-links, but the page has no source of viewer tokens");
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

  const startPlayback = (config: PlayerConfig) => {
    tuning = liveTuning(config.segmentLengthSeconds);
    controller = new PlaybackController({
      video: elements.video,
      manifestUrl: resolveFromPage(config.manifestPath, pageHref),
      workerUrl: HLS_WORKER_PATH === undefined ? undefined : resolveFromPage(HLS_WORKER_PATH, pageHref),
      tuning,
      requestHeaders,
      logger,
      timers,
      fetch: fetchFunction,
      onStatus: (status) => view.showStatus(status),
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

  /** Loads `config.json`, then starts playback; a failure shows its cause and the "Try again" button. */
  const start = async () => {
    if (loadingConfig) return;
    loadingConfig = true;
    view.showStatus({ kind: "starting" });

    let config: PlayerConfig;
    try {
      config = await loadPlayerConfig(pageHref, fetchFunction, requestHeaders());
    } catch (error) {
      logger.error("loading the player settings failed", error);
      if (!destroyed) view.showStatus({ kind: "config-failed", reason: (error as Error).message });
      return;
    } finally {
      loadingConfig = false;
    }

    if (destroyed) return;
    logger.info("settings", config);
    view.setViewerAccess(config.viewerAccess);
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
      controller?.destroy();
      view.destroy();
    },
  };
}
