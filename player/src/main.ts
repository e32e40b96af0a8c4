import "./player.css";
import { createLogger, isDebugEnabled } from "./logger";
import { createPlayer, type Player } from "./player";

declare global {
  interface Window {
    /** The running player, set only with `?debug=1` for inspection from the console. */
    protectedStreamingPlayer?: Player;
  }
}

const logger = createLogger(isDebugEnabled(window.location.search));
const player = createPlayer({ document, pageHref: window.location.href, logger });
if (logger.enabled) window.protectedStreamingPlayer = player;
