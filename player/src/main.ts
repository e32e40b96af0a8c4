import "./player.css";
import type { SignInEnvironment } from "./cognito-session";
import { LinkTokenStore, sessionStorageOf } from "./link-token";
import { createLogger, isDebugEnabled } from "./logger";
import { createPlayer, type Player } from "./player";
import { addressBeforeSignIn } from "./sign-in-redirect";

declare global {
  interface Window {
    /** The running player, set only with `?debug=1` for inspection from the console. */
    protectedStreamingPlayer?: Player;
  }
}

// The sign-in page returns to the registered redirect URI, which has no
// query, so `?debug=1` is read from the address the viewer opened.
const openedAddress = addressBeforeSignIn(window.location.href, () =>
  sessionStorageOf(window, createLogger(false)),
);
const logger = createLogger(isDebugEnabled(new URL(openedAddress).search));
const storage = () => sessionStorageOf(window, logger);
const linkTokens = new LinkTokenStore({
  location: window.location,
  history: window.history,
  storage,
  events: window,
  logger,
});
const signIn: SignInEnvironment = {
  location: window.location,
  history: window.history,
  storage,
  navigate: (url) => window.location.assign(url),
  crypto: window.crypto,
};
const player = createPlayer({
  document,
  pageHref: window.location.href,
  logger,
  linkTokens,
  signIn,
});
if (logger.enabled) window.protectedStreamingPlayer = player;
