import type { SignInProblem } from "./cognito-session";

/** Status shown over the video, reported by the controller on every change and by the player's sign-in. */
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
  | {
      readonly kind: "reconnecting";
      readonly retryInMs: number;
      readonly httpStatus?: number;
    }
  /** The server refused the viewer; the player stops until the viewer retries. */
  | { readonly kind: "access-denied"; readonly httpStatus: 401 | 403 }
  /** An error the player cannot recover from; `reason` is the hls.js error detail or a short cause. */
  | { readonly kind: "failed"; readonly reason: string }
  /** `config.json`, or `auth.json` with Cognito sign-in, could not be loaded or is invalid. */
  | { readonly kind: "config-failed"; readonly reason: string }
  /** The browser has neither Media Source Extensions nor native HLS. */
  | { readonly kind: "unsupported" }
  /** Cognito sign-in: on the way to the sign-in page, or exchanging the code after the return. */
  | { readonly kind: "signing-in"; readonly step: "redirecting" | "completing" }
  /** Cognito sign-in: the tokens are gone; the player waits for the viewer to press "Sign in again". `detail` names the cause. */
  | {
      readonly kind: "sign-in-required";
      readonly problem: SignInProblem;
      readonly detail: string;
    }
  /** Cognito sign-in: revoking the refresh token before the logout redirect. */
  | { readonly kind: "signing-out" };

/** Statuses that stop playback until the viewer presses "Try again", or "Sign in again" for `sign-in-required`. */
export function isTerminal(status: PlaybackStatus): boolean {
  return (
    status.kind === "access-denied" ||
    status.kind === "failed" ||
    status.kind === "config-failed" ||
    status.kind === "unsupported" ||
    status.kind === "sign-in-required"
  );
}
