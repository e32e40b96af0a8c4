import type { ViewerAccess } from "./config";
import { Disposables, listen } from "./disposables";
import type { PlaybackEngine } from "./engine";
import { formatLatency } from "./latency";
import { statusMessage } from "./messages";
import { isTerminal, type PlaybackStatus } from "./playback-status";
import type { RenditionMenu } from "./rendition-menu";

/** The elements of `index.html` the view drives, found by id. */
export interface PlayerElements {
  readonly root: HTMLElement;
  readonly video: HTMLVideoElement;
  readonly statusOverlay: HTMLElement;
  readonly statusTitle: HTMLElement;
  readonly statusDetail: HTMLElement;
  readonly errorOverlay: HTMLElement;
  readonly errorTitle: HTMLElement;
  readonly errorDetail: HTMLElement;
  readonly retryButton: HTMLButtonElement;
  readonly signInButton: HTMLButtonElement;
  readonly signOutButton: HTMLButtonElement;
  readonly playButton: HTMLButtonElement;
  readonly muteButton: HTMLButtonElement;
  readonly liveBadge: HTMLElement;
  readonly liveButton: HTMLButtonElement;
  readonly latency: HTMLOutputElement;
  readonly qualitySelect: HTMLSelectElement;
  readonly fullscreenButton: HTMLButtonElement;
}

/** Finds the player's elements; throws naming the first missing id. */
export function findPlayerElements(document: Document): PlayerElements {
  const find = <T extends HTMLElement>(id: string, type: { new (): T }): T => {
    const element = document.getElementById(id);
    if (!(element instanceof type)) {
      throw new Error(`index.html has no ${type.name} with id "${id}"`);
    }
    return element;
  };
  return {
    root: find("player", HTMLElement),
    video: find("video", HTMLVideoElement),
    statusOverlay: find("status-overlay", HTMLElement),
    statusTitle: find("status-title", HTMLElement),
    statusDetail: find("status-detail", HTMLElement),
    errorOverlay: find("error-overlay", HTMLElement),
    errorTitle: find("error-title", HTMLElement),
    errorDetail: find("error-detail", HTMLElement),
    retryButton: find("retry-button", HTMLButtonElement),
    signInButton: find("sign-in-button", HTMLButtonElement),
    signOutButton: find("sign-out-button", HTMLButtonElement),
    playButton: find("play-button", HTMLButtonElement),
    muteButton: find("mute-button", HTMLButtonElement),
    liveBadge: find("live-badge", HTMLElement),
    liveButton: find("live-button", HTMLButtonElement),
    latency: find("latency", HTMLOutputElement),
    qualitySelect: find("quality-select", HTMLSelectElement),
    fullscreenButton: find("fullscreen-button", HTMLButtonElement),
  };
}

export interface PlayerViewHandlers {
  onRetry(): void;
  /** "Sign in again", shown with the `sign-in-required` status. */
  onSignIn(): void;
  /** "Sign out", shown while a Cognito sign-in is active. */
  onSignOut(): void;
  onGoToLive(): void;
  /** Called with the menu value the viewer picked (`auto` or a level index). */
  onSelectQuality(value: string): void;
}

/**
 * The player's controls and overlays. Play, pause, mute and full screen act
 * on the elements directly; everything that concerns the stream goes to the
 * handlers.
 */
export class PlayerView {
  private readonly listeners = new Disposables();
  private viewerAccess: ViewerAccess = "network";

  constructor(
    private readonly elements: PlayerElements,
    handlers: PlayerViewHandlers,
  ) {
    const {
      video,
      playButton,
      muteButton,
      retryButton,
      liveButton,
      qualitySelect,
      fullscreenButton,
    } = elements;
    const add = (target: EventTarget, type: string, listener: EventListener) =>
      this.listeners.add(listen(target, type, listener));

    add(playButton, "click", () => this.togglePlay());
    add(muteButton, "click", () => this.toggleMute());
    add(retryButton, "click", () => handlers.onRetry());
    add(elements.signInButton, "click", () => handlers.onSignIn());
    add(elements.signOutButton, "click", () => handlers.onSignOut());
    add(liveButton, "click", () => handlers.onGoToLive());
    add(qualitySelect, "change", () =>
      handlers.onSelectQuality(qualitySelect.value),
    );
    add(fullscreenButton, "click", () => this.toggleFullscreen());
    for (const type of ["play", "pause", "playing"])
      add(video, type, () => this.renderPlayButton());
    add(video, "volumechange", () => this.renderMuteButton());
    add(elements.root.ownerDocument, "fullscreenchange", () =>
      this.renderFullscreenButton(),
    );

    fullscreenButton.hidden = !elements.root.ownerDocument.fullscreenEnabled;
    this.renderPlayButton();
    this.renderMuteButton();
    this.renderFullscreenButton();
  }

  /** Shows the status as the overlay text, or the error panel for a final status. */
  showStatus(status: PlaybackStatus): void {
    const {
      root,
      statusOverlay,
      statusTitle,
      statusDetail,
      errorOverlay,
      errorTitle,
      errorDetail,
    } = this.elements;
    root.dataset.status = status.kind;
    const message = statusMessage(status, this.viewerAccess);
    const terminal = isTerminal(status);
    statusOverlay.hidden = terminal || message === undefined;
    errorOverlay.hidden = !terminal;
    // Signing in again replaces "Try again", which would only repeat the rejected request.
    const signInRequired = status.kind === "sign-in-required";
    this.elements.signInButton.hidden = !signInRequired;
    this.elements.retryButton.hidden = signInRequired;
    const [title, detail] = terminal
      ? [errorTitle, errorDetail]
      : [statusTitle, statusDetail];
    title.textContent = message?.title ?? "";
    detail.textContent = message?.detail ?? "";
  }

  /** Sets the access mode from `config.json`, which picks the wording of an access-denied message. */
  setViewerAccess(viewerAccess: ViewerAccess): void {
    this.viewerAccess = viewerAccess;
  }

  /** Shows the "Sign out" button while a Cognito sign-in is active, and hides it otherwise. */
  setSignedIn(signedIn: boolean): void {
    this.elements.signOutButton.hidden = !signedIn;
    this.elements.signOutButton.disabled = false;
  }

  /** Disables "Sign out" while the sign-out runs, so a second press sends nothing. */
  setSigningOut(): void {
    this.elements.signOutButton.disabled = true;
  }

  setEngine(engine: PlaybackEngine): void {
    this.elements.root.dataset.engine = engine;
  }

  /** Replaces the quality menu's options; the menu is disabled while it only offers "Auto". */
  setRenditionMenu(menu: RenditionMenu): void {
    const select = this.elements.qualitySelect;
    const document = select.ownerDocument;
    const options = menu.items.map((item) => {
      const option = document.createElement("option");
      option.value = item.value;
      option.textContent = item.label;
      return option;
    });
    select.replaceChildren(...options);
    select.value = menu.selectedValue;
    select.disabled = menu.items.length < 3;
  }

  /** Records the playing rendition's height for the menu's "Auto" label and for tests. */
  setPlayingRendition(height: number | undefined): void {
    if (height === undefined) delete this.elements.root.dataset.renditionHeight;
    else this.elements.root.dataset.renditionHeight = String(height);
  }

  /**
   * Updates the latency readout, the LIVE badge and the "Go to live" button.
   * `behindLive` is undefined while no stream is loaded, which hides the badge.
   */
  setLiveState(
    latencySeconds: number | undefined,
    behindLive: boolean | undefined,
  ): void {
    const { latency, liveBadge, liveButton } = this.elements;
    latency.textContent = formatLatency(latencySeconds);
    if (latencySeconds === undefined) delete latency.dataset.seconds;
    else latency.dataset.seconds = latencySeconds.toFixed(3);
    liveBadge.hidden = behindLive === undefined;
    liveBadge.dataset.live = String(behindLive === false);
    liveBadge.textContent = behindLive ? "Behind live" : "Live";
    liveButton.hidden = behindLive !== true;
  }

  /** Removes every listener the view added. */
  destroy(): void {
    this.listeners.dispose();
  }

  private togglePlay(): void {
    const video = this.elements.video;
    if (video.paused) {
      // A rejected play() (autoplay policy) leaves the video paused and the button as it was.
      video.play().catch(() => this.renderPlayButton());
    } else {
      video.pause();
    }
  }

  private toggleMute(): void {
    const video = this.elements.video;
    video.muted = !video.muted;
    if (!video.muted && video.volume === 0) video.volume = 1;
  }

  private toggleFullscreen(): void {
    const { root } = this.elements;
    const document = root.ownerDocument;
    const request = document.fullscreenElement
      ? document.exitFullscreen()
      : root.requestFullscreen();
    request.catch(() => this.renderFullscreenButton());
  }

  private renderPlayButton(): void {
    const { video, playButton } = this.elements;
    playButton.textContent = video.paused ? "Play" : "Pause";
  }

  private renderMuteButton(): void {
    const { video, muteButton } = this.elements;
    const muted = video.muted || video.volume === 0;
    muteButton.textContent = muted ? "Unmute" : "Mute";
    muteButton.classList.toggle("is-muted", muted);
  }

  private renderFullscreenButton(): void {
    const { root, fullscreenButton } = this.elements;
    fullscreenButton.textContent = root.ownerDocument.fullscreenElement
      ? "Exit full screen"
      : "Full screen";
  }
}
