import "./player.css";
import { LinkTokenStore, sessionStorageOf } from "./link-token";
import { createLogger, isDebugEnabled } from "./logger";
import { createPlayer, type Player } from "./player";

declare global {
  interface Window {
    /** The running player, set only with `?debug=1` for inspection from the console. */
    protectedStreamingPlayer?: Player;
  }
}

const logger = createLogger(isDebugEnabled(window.location.search));
const linkTokens = new LinkTokenStore({
  location: window.location,
  history: window.history,
  storage: () => sessionStorageOf(window, logger),
  events: window,
  logger,
});
const player = createPlayer({ document, pageHref: window.location.href, logger, linkTokens });
if (logger.enabled) window.protectedStreamingPlayer = player;
