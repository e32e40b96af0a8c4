import { FRAME_CODE_BITS, FRAME_CODE_ROW_FRACTION } from "./frame-code";

/** Record of the probe on one page. Times are `performance.now()` values, in milliseconds from navigation start. */
export interface ProbeState {
  /** First frame presented, from `requestVideoFrameCallback`; null until then. */
  readonly firstFrameMs: number | null;
  /** First `timeupdate` with `currentTime > 0` while playing; null until then. */
  readonly firstAdvanceMs: number | null;
  /** First `playing` event; null until then. */
  readonly firstPlayingMs: number | null;
  /** `waiting` events after the first `playing`, with the time until the next `playing` (null while still waiting). */
  readonly stalls: readonly {
    readonly atMs: number;
    readonly currentTime: number;
    readonly durationMs: number | null;
  }[];
  /** `videoHeight` after each change, in order. */
  readonly heights: readonly number[];
  /** Name and version of the engine, as the page reports it in `window.benchEngine`. */
  readonly engine: string | null;
}

/** One reading of the shown frame. */
export interface ProbeSample {
  /** The page's `Date.now()` when the frame was read, in milliseconds since the epoch. */
  readonly nowMs: number;
  readonly currentTime: number;
  readonly videoHeight: number;
  /** Mean luma (0-255) of each frame code block: row 0, then row 1. */
  readonly lumas: readonly number[];
  readonly droppedVideoFrames: number;
  readonly totalVideoFrames: number;
}

/** Expression that returns the probe's state. */
export const READ_PROBE_STATE = "window.benchProbe.state()";

/** Expression that reads the shown frame and returns a ProbeSample, or null before a frame exists. */
export const READ_PROBE_SAMPLE = "window.benchProbe.sample()";

/**
 * Returns the script added to every page before its own scripts. It
 * listens in the capture phase on the document, because media events do
 * not bubble, so it finds the video element whichever player creates it.
 * It is plain JavaScript text, so no TypeScript helper can leak into it.
 */
export function pageProbeScript(): string {
  return `(() => {
  const bits = ${FRAME_CODE_BITS};
  const rowFraction = ${FRAME_CODE_ROW_FRACTION};
  const record = { firstFrameMs: null, firstAdvanceMs: null, firstPlayingMs: null, stalls: [], heights: [] };
  let video = null;
  let canvas = null;

  const adopt = (element) => {
    if (video === element) return;
    video = element;
    if (typeof element.requestVideoFrameCallback === "function") {
      element.requestVideoFrameCallback((now) => {
        if (record.firstFrameMs === null) record.firstFrameMs = now;
      });
    }
  };
  const on = (type, handler) =>
    document.addEventListener(type, (event) => {
      if (event.target instanceof HTMLVideoElement) handler(event.target);
    }, true);

  on("loadstart", adopt);
  on("playing", (element) => {
    adopt(element);
    const now = performance.now();
    if (record.firstPlayingMs === null) record.firstPlayingMs = now;
    const open = record.stalls[record.stalls.length - 1];
    if (open !== undefined && open.durationMs === null) open.durationMs = now - open.atMs;
  });
  on("waiting", (element) => {
    if (record.firstPlayingMs === null) return;
    record.stalls.push({ atMs: performance.now(), currentTime: element.currentTime, durationMs: null });
  });
  on("timeupdate", (element) => {
    if (record.firstAdvanceMs === null && !element.paused && element.currentTime > 0) {
      record.firstAdvanceMs = performance.now();
    }
  });
  on("resize", (element) => {
    if (record.heights[record.heights.length - 1] !== element.videoHeight) record.heights.push(element.videoHeight);
  });

  const sample = () => {
    const element = video ?? document.querySelector("video");
    if (element === null || element.videoWidth === 0) return null;
    const width = element.videoWidth;
    const height = element.videoHeight;

    canvas ??= document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(element, 0, 0, width, height);

    // Mean luma of a 4 by 4 pixel square at the centre of each block.
    const rowHeight = height * rowFraction;
    const blockWidth = width / bits;
    const lumas = [];
    for (let row = 0; row < 2; row += 1) {
      for (let bit = 0; bit < bits; bit += 1) {
        const x = Math.round((bit + 0.5) * blockWidth) - 2;
        const y = Math.round((row + 0.5) * rowHeight) - 2;
        const pixels = context.getImageData(x, y, 4, 4).data;
        let sum = 0;
        for (let i = 0; i < pixels.length; i += 4) sum += 0.299 * pixels[i] + 0.587 * pixels[i + 1] + 0.114 * pixels[i + 2];
        lumas.push(sum / (pixels.length / 4));
      }
    }

    const quality = element.getVideoPlaybackQuality();
    return {
      nowMs: Date.now(),
      currentTime: element.currentTime,
      videoHeight: height,
      lumas,
      droppedVideoFrames: quality.droppedVideoFrames,
      totalVideoFrames: quality.totalVideoFrames,
    };
  };

  window.benchProbe = {
    state: () => ({ ...record, stalls: record.stalls.map((stall) => ({ ...stall })), heights: [...record.heights], engine: window.benchEngine ?? null }),
    sample,
  };
})();
`;
}
