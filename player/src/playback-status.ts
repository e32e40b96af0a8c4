/** Status shown over the video, reported by the controller on every change. */
export type PlaybackStatus =
  /** Loading `config.json` or making the first playlist check. */
  | { readonly kind: "starting" }
  /** The master playlist is missing (404): the channel has not started. */
  | { readonly kind: "waiting"; readonly nextCheckMs: number }
  /** The stream was found; the first frame has not been shown yet. */
  | { readonly kind: "loading" }
  | { readonly kind: "playing" }
  /** Playback stopped to refill the buffer. */
  | { readonly kind: "buffering" }
  /** The browser blocked autoplay, even muted; the viewer has to press Play. */
  | { readonly kind: "autoplay-blocked" }
  /** A network error; the player tries again after `retryInMs`. `httpStatus` is absent without a response. */
  | { readonly kind: "reconnecting"; readonly retryInMs: number; readonly httpStatus?: number }
  /** The server refused the viewer; the player stops until the viewer retries. */
  | { readonly kind: "access-denied"; readonly httpStatus: 401 | 403 }
  /** An error the player cannot recover from; `reason` is the hls.js error detail or a short cause. */
  | { readonly kind: "failed"; readonly reason: string }
  /** `config.json` could not be loaded or is invalid. */
  | { readonly kind: "config-failed"; readonly reason: string }
  /** The browser has neither Media Source Extensions nor native HLS. */
  | { readonly kind: "unsupported" };

/** Statuses that stop playback until the viewer presses "Try again". */
export function isTerminal(status: PlaybackStatus): boolean {
  return (
    status.kind === "access-denied" ||
    status.kind === "failed" ||
    status.kind === "config-failed" ||
    status.kind === "unsupported"
  );
}
