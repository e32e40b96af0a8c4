import type { SignInProblem } from "./cognito-session";
import type { ViewerAccess } from "./config";
import type { PlaybackStatus } from "./playback-status";

/** Text shown over the video for a status. */
export interface StatusMessage {
  readonly title: string;
  readonly detail: string;
}

/** Title shown when the server rejects the token of a viewer link. */
export const INVALID_LINK_TITLE = "This link has expired or is not valid";

/**
 * Returns the viewer-facing message for a status, or undefined while video
 * plays. `viewerAccess` picks the wording of a rejected request: in
 * `signed-links` mode a 401 or 403 means the viewer link was rejected.
 */
export function statusMessage(
  status: PlaybackStatus,
  viewerAccess: ViewerAccess = "network",
): StatusMessage | undefined {
  switch (status.kind) {
    case "starting":
      return {
        title: "Starting the player",
        detail: "Looking for the stream…",
      };
    case "waiting":
      return {
        title: "Waiting for the stream",
        detail: `The stream has not started yet. Playback starts by itself when it does; next check in ${seconds(status.nextCheckMs)}.`,
      };
    case "loading":
      return {
        title: "Loading the stream",
        detail: "The first video is on its way.",
      };
    case "playing":
      return undefined;
    case "buffering":
      return {
        title: "Buffering",
        detail: "Waiting for more video to arrive.",
      };
    case "autoplay-blocked":
      return {
        title: "Ready to play",
        detail: "This browser blocked automatic playback. Press Play to start.",
      };
    case "reconnecting": {
      const cause =
        status.httpStatus === undefined
          ? "no response"
          : `HTTP ${status.httpStatus}`;
      return {
        title: "Reconnecting",
        detail: `The connection to the stream failed (${cause}). Trying again in ${seconds(status.retryInMs)}.`,
      };
    }
    case "access-denied":
      if (viewerAccess === "signed-links") {
        return {
          title: INVALID_LINK_TITLE,
          detail: `The server rejected the viewer link (HTTP ${status.httpStatus}). Ask the organiser for a new link and open it.`,
        };
      }
      if (viewerAccess === "cognito") {
        return {
          title: "Access denied",
          detail: `The server rejected the sign-in (HTTP ${status.httpStatus}). Reload the page to sign in again.`,
        };
      }
      return status.httpStatus === 401
        ? {
            title: "Access denied",
            detail:
              "The server needs a valid viewer link to show this stream (HTTP 401). Open the link you were sent again, or ask for a new one.",
          }
        : {
            title: "Access denied",
            detail:
              "This viewer is not allowed to watch the stream (HTTP 403). Check that you are connected to the VPN, or ask for a new link.",
          };
    case "failed":
      return {
        title: "Playback failed",
        detail: `The video could not be played (${status.reason}). Press Try again, or reload the page.`,
      };
    case "config-failed":
      return {
        title: "The player could not start",
        detail: `Its settings file could not be loaded: ${status.reason}. Press Try again, or ask the organiser to check the deployment.`,
      };
    case "unsupported":
      return {
        title: "This browser cannot play the stream",
        detail:
          "It supports neither Media Source Extensions nor native HLS. Use a current version of Chrome, Edge, Firefox or Safari.",
      };
    case "signing-in":
      return status.step === "redirecting"
        ? { title: "Signing in", detail: "Opening the sign-in page…" }
        : { title: "Signing in", detail: "Completing the sign-in…" };
    case "sign-in-required":
      return signInMessage(status.problem, status.detail);
    case "signing-out":
      return { title: "Signing out", detail: "Ending the session…" };
  }
}

/** Title shown when the viewer has to sign in again. */
export const SIGN_IN_REQUIRED_TITLE = "Sign in to keep watching";

function signInMessage(problem: SignInProblem, detail: string): StatusMessage {
  switch (problem) {
    case "session-ended":
      return {
        title: SIGN_IN_REQUIRED_TITLE,
        detail: `Your session has ended (${detail}). Press Sign in again to continue.`,
      };
    case "sign-in-failed":
      return {
        title: "Sign-in did not complete",
        detail: `The sign-in failed: ${detail}. Press Sign in again to retry.`,
      };
    case "sign-in-abandoned":
      return {
        title: SIGN_IN_REQUIRED_TITLE,
        detail:
          "The sign-in page was closed before the sign-in finished. Press Sign in again to continue.",
      };
    case "storage-unavailable":
      return {
        title: "This browser blocks the sign-in",
        detail:
          "Signing in needs session storage, which this browser blocks for this site. Allow site data for this address, then press Sign in again.",
      };
  }
}

function seconds(milliseconds: number): string {
  return `${Math.max(1, Math.round(milliseconds / 1000))} s`;
}
