import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { buildPlayer } from "../../../player/build";
import type { Config } from "../../../stacks/config/schema";
import { parseConfig } from "../../../stacks/config/load";
import { frameRateFraction } from "../../../stacks/media/ladder";
import { BUCKET_PREFIXES, namesFor } from "../../../stacks/naming";
import { playerRuntimeConfig } from "../../../stacks/storage/player-assets";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../chromium";
import { hlsEncoderOptions } from "../hls-encoder";
import {
  startLocalOrigin,
  type LocalOrigin,
  type OriginRequest,
} from "../local-origin";
import { COMPARISON_PAGE_PATHS, withComparisonPages } from "./comparison-pages";
import { decodeFrameCode } from "./frame-code";
import {
  startFrameCodedEncoder,
  type FrameCodedEncoder,
} from "./frame-coded-encoder";
import {
  pageProbeScript,
  READ_PROBE_SAMPLE,
  READ_PROBE_STATE,
  type ProbeSample,
  type ProbeState,
} from "./page-probe";
import {
  frameProgramDateTimeMs,
  liveLatencySeconds,
  type SegmentHistory,
} from "./program-date-time";
import { median, runOrder } from "./statistics";

/**
 * The benchmark stream: 2 s segments and three small renditions at 30 fps,
 * so ffmpeg encodes in real time next to Chromium on two cores. Real
 * events use larger renditions; the timing of segments and playlists,
 * which decides start-up and latency, is the same.
 */
export const BENCH_STREAM_SETTINGS = {
  media: {
    segmentLengthSeconds: 2,
    framerate: 30,
    renditions: [
      {
        name: "360p",
        width: 640,
        height: 360,
        videoBitrate: 800_000,
        audioBitrate: 96_000,
      },
      {
        name: "270p",
        width: 480,
        height: 270,
        videoBitrate: 500_000,
        audioBitrate: 64_000,
      },
      {
        name: "180p",
        width: 320,
        height: 180,
        videoBitrate: 250_000,
        audioBitrate: 64_000,
      },
    ],
  },
};

/** Playback time after the first frame at which latency is read, in milliseconds. */
export const LATENCY_READ_AFTER_MS = 15_000;

/** Frame reads whose latencies are combined into one value by their median. */
const LATENCY_READS = 5;
const LATENCY_READ_INTERVAL_MS = 200;

/** Time allowed from navigation to the first frame, in milliseconds; a slower trial counts as failed. */
const FIRST_FRAME_TIMEOUT_MS = 30_000;

const VIEWPORT = { width: 1280, height: 720 };

export interface PlayerUnderTest {
  readonly id: "project" | "hlsjs" | "videojs";
  readonly label: string;
  /** Page path below the stage URL. */
  readonly path: string;
  /** Expression evaluated on the page that names the engine playing. */
  readonly engineExpression: string;
}

export const PLAYERS: readonly PlayerUnderTest[] = [
  {
    id: "project",
    label: "this project's player",
    path: "",
    engineExpression: `"project player on " + (document.getElementById("player")?.dataset.engine ?? "no engine")`,
  },
  {
    id: "hlsjs",
    label: "hls.js, default settings",
    path: COMPARISON_PAGE_PATHS.hlsjs,
    engineExpression: "window.benchEngine",
  },
  {
    id: "videojs",
    label: "video.js 8 with VHS",
    path: COMPARISON_PAGE_PATHS.videojs,
    engineExpression: "window.benchEngine",
  },
];

export interface PlayerTrial {
  readonly player: PlayerUnderTest["id"];
  readonly runIndex: number;
  readonly engine?: string;
  /** Navigation start to the first presented frame (`requestVideoFrameCallback`), in milliseconds. */
  readonly firstFrameMs?: number;
  /** Navigation start to the first `timeupdate` with `currentTime > 0` while playing, in milliseconds. */
  readonly firstAdvanceMs?: number;
  /** Wall clock minus the program date time of the shown frame, 15 s after the first frame, in seconds. */
  readonly latencySeconds?: number;
  /** Frame reads that decoded, out of LATENCY_READS. */
  readonly decodedReads: number;
  /**
   * Spread of `currentTime` minus the decoded frame's media time over the
   * reads, in seconds. It stays near one frame when the frame code reads
   * correctly, because a player keeps one offset between the two.
   */
  readonly offsetSpreadSeconds?: number;
  readonly stalls: number;
  readonly stalledMs: number;
  readonly droppedFrames?: number;
  readonly totalFrames?: number;
  /** `videoHeight` after each change. */
  readonly heights: readonly number[];
  /** Segments fetched per rendition name. */
  readonly segmentsFetched: Readonly<Record<string, number>>;
  /** Requests served before the first frame, with the time of each response from navigation start, in milliseconds. */
  readonly requestsBeforeFirstFrame?: readonly {
    readonly path: string;
    readonly atMs: number;
  }[];
  readonly error?: string;
}

export interface PlayerBenchResult {
  readonly browserVersion: string;
  readonly config: Config;
  readonly trials: PlayerTrial[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Plays one live stream in each player `runs` times, rotating the order
 * from run to run. Every trial gets a fresh browser context, so no player
 * starts with a cached file.
 */
export async function benchPlayers(
  runs: number,
  log: (line: string) => void,
): Promise<PlayerBenchResult> {
  const config = parseConfig(
    BENCH_STREAM_SETTINGS,
    "benchmark stream settings",
  );
  const names = namesFor(config);
  const workDir = mkdtempSync(
    join(tmpdir(), "protected-streaming-bench-player-"),
  );
  const liveDir = join(workDir, "live");
  mkdirSync(liveDir);
  const channelKey = posix.dirname(
    names.hlsMasterPlaylistKey.slice(BUCKET_PREFIXES.live.length),
  );

  let origin: LocalOrigin | undefined;
  let encoder: FrameCodedEncoder | undefined;
  let browser: Browser | undefined;
  try {
    // Pages under assets/ reach the master playlist one folder up.
    const manifestUrl = `../${names.hlsMasterPlaylistKey}`;
    const player = withComparisonPages(
      buildPlayer({ outdir: join(workDir, "player") }),
      join(workDir, "pages"),
      manifestUrl,
    );
    origin = await startLocalOrigin({
      player,
      liveDir,
      playerConfig: playerRuntimeConfig(config, names),
      stageName: config.api.stageName,
    });
    // Long enough for every trial, with room for slow start-ups.
    const maxDurationSeconds = 120 + runs * PLAYERS.length * 60;
    encoder = startFrameCodedEncoder(
      hlsEncoderOptions(config, join(liveDir, channelKey), {
        maxDurationSeconds,
      }),
    );
    await encoder.waitForSegments(3, 60_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [...CHROMIUM_ARGS],
      headless: true,
    });
    log(
      `player bench: stream ready, Chromium ${browser.version()}, origin ${origin.url}`,
    );

    // The first page in a new browser also pays for starting its renderer and media stack; no player should.
    for (const candidate of PLAYERS) await warmUp(browser, origin, candidate);

    const trials: PlayerTrial[] = [];
    for (let runIndex = 0; runIndex < runs; runIndex += 1) {
      for (const candidate of runOrder(PLAYERS, runIndex)) {
        const trial = await runTrial(
          browser,
          origin,
          encoder,
          config,
          candidate,
          runIndex,
        );
        trials.push(trial);
        log(
          `player run ${runIndex + 1}/${runs} ${candidate.id}: ${describeTrial(trial)}`,
        );
      }
    }
    return { browserVersion: browser.version(), config, trials };
  } finally {
    await browser?.close();
    await encoder?.stop();
    await origin?.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Plays one page until its first frame, without recording anything. */
async function warmUp(
  browser: Browser,
  origin: LocalOrigin,
  candidate: PlayerUnderTest,
): Promise<void> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript({ content: pageProbeScript() });
    const page = await context.newPage();
    await page.goto(`${origin.url}${candidate.path}`);
    await pollPage(
      page,
      `${READ_PROBE_STATE}.firstAdvanceMs !== null`,
      FIRST_FRAME_TIMEOUT_MS,
    );
  } finally {
    await context.close();
  }
}

/** Steps of a player's start-up that the report times, each found by the first request whose path matches. */
export const STARTUP_MILESTONES: readonly {
  readonly label: string;
  readonly pattern: RegExp;
}[] = [
  { label: "page", pattern: /(\/|\.html)$/ },
  { label: "player script", pattern: /\/assets\/(?![^/]*worker)[^/]+\.js$/ },
  { label: "config.json", pattern: /\/config\.json$/ },
  { label: "master playlist", pattern: /\/index\.m3u8$/ },
  { label: "variant playlist", pattern: /\/index_[^/]+\.m3u8$/ },
  { label: "first segment", pattern: /\.ts$/ },
  { label: "transmuxer worker script", pattern: /worker[^/]*\.js$/ },
];

/** Returns when each start-up step's response was sent, in milliseconds from navigation start; absent steps are left out. */
export function startupMilestones(
  requests: readonly { readonly path: string; readonly atMs: number }[],
): Record<string, number> {
  const times: Record<string, number> = {};
  for (const milestone of STARTUP_MILESTONES) {
    const first = requests.find((request) =>
      milestone.pattern.test(request.path.split("?")[0]),
    );
    if (first !== undefined) times[milestone.label] = first.atMs;
  }
  return times;
}

function describeTrial(trial: PlayerTrial): string {
  if (trial.error !== undefined) return `FAILED: ${trial.error}`;
  const parts = [
    `first frame ${trial.firstFrameMs?.toFixed(0)} ms`,
    `latency ${trial.latencySeconds?.toFixed(2)} s`,
    `${trial.stalls} stalls`,
    `${trial.droppedFrames}/${trial.totalFrames} dropped`,
    `heights ${trial.heights.join(">")}`,
    trial.engine ?? "",
  ];
  return parts.join(", ");
}

async function runTrial(
  browser: Browser,
  origin: LocalOrigin,
  encoder: FrameCodedEncoder,
  config: Config,
  candidate: PlayerUnderTest,
  runIndex: number,
): Promise<PlayerTrial> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  const firstRequest = origin.requests.length;
  const base = {
    player: candidate.id,
    runIndex,
    decodedReads: 0,
    stalls: 0,
    stalledMs: 0,
    heights: [],
  };
  try {
    await context.addInitScript({ content: pageProbeScript() });
    const page = await context.newPage();
    await page.goto(`${origin.url}${candidate.path}`);
    if (
      !(await pollPage(
        page,
        `${READ_PROBE_STATE}.firstAdvanceMs !== null`,
        FIRST_FRAME_TIMEOUT_MS,
      ))
    ) {
      const state = (await page.evaluate(READ_PROBE_STATE)) as ProbeState;
      const text = (await page.evaluate("document.body.innerText")) as string;
      return {
        ...base,
        segmentsFetched: segmentsPerRendition(
          origin.requests.slice(firstRequest),
        ),
        error: `no first frame within ${FIRST_FRAME_TIMEOUT_MS} ms; probe ${JSON.stringify(state)}; page text "${text.replace(/\s+/g, " ").slice(0, 200)}"`,
      };
    }
    const started = (await page.evaluate(READ_PROBE_STATE)) as ProbeState;
    const anchorMs = Math.min(
      started.firstFrameMs ?? Infinity,
      started.firstAdvanceMs ?? Infinity,
    );
    const pageNowMs = (await page.evaluate("performance.now()")) as number;
    await sleep(Math.max(0, anchorMs + LATENCY_READ_AFTER_MS - pageNowMs));

    const timeOrigin = (await page.evaluate(
      "performance.timeOrigin",
    )) as number;
    const requestsBeforeFirstFrame = origin.requests
      .slice(firstRequest)
      .map((request) => ({
        path: request.url,
        atMs: Math.round(request.timeMs - timeOrigin),
      }))
      .filter((request) => request.atMs <= anchorMs);

    const latency = await readLatency(page, encoder.histories, config);
    const state = (await page.evaluate(READ_PROBE_STATE)) as ProbeState;
    const engine = (await page.evaluate(candidate.engineExpression)) as
      | string
      | undefined;
    return {
      ...base,
      engine: engine ?? undefined,
      firstFrameMs: state.firstFrameMs ?? undefined,
      firstAdvanceMs: state.firstAdvanceMs ?? undefined,
      latencySeconds: latency.seconds,
      decodedReads: latency.decodedReads,
      offsetSpreadSeconds: latency.offsetSpreadSeconds,
      stalls: state.stalls.length,
      stalledMs: state.stalls.reduce(
        (sum, stall) => sum + (stall.durationMs ?? 0),
        0,
      ),
      droppedFrames: latency.lastSample?.droppedVideoFrames,
      totalFrames: latency.lastSample?.totalVideoFrames,
      heights: state.heights,
      segmentsFetched: segmentsPerRendition(
        origin.requests.slice(firstRequest),
      ),
      requestsBeforeFirstFrame,
    };
  } catch (error) {
    return {
      ...base,
      segmentsFetched: segmentsPerRendition(
        origin.requests.slice(firstRequest),
      ),
      error: (error as Error).message,
    };
  } finally {
    await context.close();
  }
}

/**
 * Evaluates `expression` on the page every 50 ms until it is true; returns
 * false after `timeoutMs`.
 *
 * NOTE: Playwright's waitForFunction is not used because, with it polling,
 * the project's player loaded the first playlist and then no segment
 * (Chromium 156, playwright-core 1.56). The page's Content-Security-Policy
 * has no 'unsafe-eval', which the polling predicate may need.
 */
async function pollPage(
  page: Page,
  expression: string,
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await page.evaluate(expression)) === true) return true;
    await sleep(50);
  }
  return false;
}

interface LatencyReading {
  readonly seconds?: number;
  readonly decodedReads: number;
  readonly offsetSpreadSeconds?: number;
  readonly lastSample?: ProbeSample;
}

/**
 * Reads the shown frame a few times, finds each frame's program date time
 * in the playlists of the rendition shown, and returns the median latency.
 */
async function readLatency(
  page: Page,
  histories: ReadonlyMap<string, SegmentHistory>,
  config: Config,
): Promise<LatencyReading> {
  const rate = frameRateFraction(config.media.framerate);
  const latencies: number[] = [];
  const offsets: number[] = [];
  let lastSample: ProbeSample | undefined;
  for (let read = 0; read < LATENCY_READS; read += 1) {
    if (read > 0) await sleep(LATENCY_READ_INTERVAL_MS);
    const sample = (await page.evaluate(
      READ_PROBE_SAMPLE,
    )) as ProbeSample | null;
    if (sample === null) continue;
    lastSample = sample;
    const frame = decodeFrameCode(sample.lumas);
    if (frame === undefined) continue;
    const rendition = config.media.renditions.find(
      (candidate) => candidate.height === sample.videoHeight,
    );
    const history = histories.get(
      rendition?.name ?? config.media.renditions[0].name,
    );
    const firstSequence = history?.firstSequence;
    if (history === undefined || firstSequence === undefined) continue;
    const mediaTimeSeconds = (frame * rate.denominator) / rate.numerator;
    latencies.push(
      liveLatencySeconds(
        sample.nowMs,
        frameProgramDateTimeMs(history, firstSequence, mediaTimeSeconds),
      ),
    );
    offsets.push(sample.currentTime - mediaTimeSeconds);
  }
  if (latencies.length === 0) return { decodedReads: 0, lastSample };
  return {
    seconds: median(latencies),
    decodedReads: latencies.length,
    offsetSpreadSeconds: Math.max(...offsets) - Math.min(...offsets),
    lastSample,
  };
}

/** Counts segment requests per rendition name in MediaLive's layout, `index_<rendition>_<number>.ts`. */
export function segmentsPerRendition(
  requests: readonly Pick<OriginRequest, "url" | "status">[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) {
    const match = /\/index_([^/]+)_\d+\.ts(?:\?|$)/.exec(request.url);
    if (match === null || request.status !== 200) continue;
    counts[match[1]] = (counts[match[1]] ?? 0) + 1;
  }
  return counts;
}
