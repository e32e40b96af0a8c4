import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, posix } from "node:path";
import type { Page } from "playwright-core";
import { buildPlayer } from "../../player/build";
import {
  launchChromium,
  type ChromiumSession,
} from "../../scripts/lib/chromium";
import {
  hlsEncoderOptions,
  startHlsEncoder,
  type HlsEncoder,
} from "../../scripts/lib/hls-encoder";
import {
  startLocalOrigin,
  type LocalOrigin,
} from "../../scripts/lib/local-origin";
import { BUCKET_PREFIXES, namesFor } from "../../stacks/naming";
import { playerRuntimeConfig } from "../../stacks/storage/player-assets";
import { describeWithTools } from "../support/browser-tools";
import { pixelStats } from "../support/screenshot";
import { configWith } from "../support/synth";

/** A small ladder, so that ffmpeg and Chromium keep up on two busy cores. */
const config = configWith({
  media: {
    segmentLengthSeconds: 2,
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
});
const names = namesFor(config);
const segmentMs = config.media.segmentLengthSeconds * 1000;

/** Upper bound from page load to the first decoded frame while the stream runs, in milliseconds. */
const FIRST_FRAME_BOUND_MS = 8_000;

/** Access token the token test sets through the player's hook. */
const TEST_TOKEN = "test-token.abc_123";

/** Screenshots are kept here for a look after the run. */
const artifactsDir =
  process.env.E2E_ARTIFACTS_DIR ?? join(tmpdir(), "protected-streaming-e2e");

/*
 * The parts of the DOM that the page functions below use. Those functions
 * run inside Chromium; these module-scoped declarations only type them,
 * without adding the DOM library to the Node project.
 */
interface PageVideo {
  readonly currentTime: number;
  readonly paused: boolean;
  readonly muted: boolean;
  readonly readyState: number;
  readonly videoHeight: number;
  hasAttribute(name: string): boolean;
  pause(): void;
}
interface PageElement {
  readonly id: string;
  readonly dataset: Record<string, string | undefined>;
  readonly textContent: string | null;
  getAttribute(name: string): string | null;
  blur(): void;
}
declare const document: {
  addEventListener(
    type: "securitypolicyviolation",
    listener: (event: {
      readonly violatedDirective: string;
      readonly blockedURI: string;
    }) => void,
  ): void;
  querySelector(selector: "video"): PageVideo | null;
  getElementById(id: string): PageElement | null;
  readonly activeElement: PageElement | null;
};
declare const window: {
  /** Bound by the test through exposeBinding. */
  reportCspViolation(text: string): void;
  readonly protectedStreamingPlayer?: {
    destroy(): void;
    setAccessTokenProvider(
      provider: (() => string | undefined) | undefined,
    ): void;
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithTools("player in Chromium", ["chromium", "ffmpeg"], () => {
  let workDir: string;
  let liveDir: string;
  let origin: LocalOrigin;
  let deniedOrigin: LocalOrigin;
  /** Serves the stream only to requests with the test token. */
  let tokenOrigin: LocalOrigin;
  /** Serves the one page whose player the destroy test releases, so no other page's requests mix in. */
  let destroyOrigin: LocalOrigin;
  let browser: ChromiumSession;
  let encoder: HlsEncoder | undefined;
  let watchPage: Page | undefined;
  /** Every URL any page requested, including blocked and failed requests. */
  const requestedUrls: string[] = [];
  /** Console errors and uncaught exceptions of every page. */
  const pageProblems: string[] = [];
  /** Console lines of the watch page, opened without `?debug=1`. */
  const watchPageConsole: string[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "protected-streaming-player-e2e-"));
    liveDir = join(workDir, "live");
    mkdirSync(liveDir);
    const player = buildPlayer({ outdir: join(workDir, "player") });
    const playerConfig = playerRuntimeConfig(config, names);
    const stageName = config.api.stageName;
    origin = await startLocalOrigin({
      player,
      liveDir,
      playerConfig,
      stageName,
    });
    deniedOrigin = await startLocalOrigin({
      player,
      liveDir,
      playerConfig,
      stageName,
      authorizeLive: () => ({ allowed: false, status: 403 }),
    });
    tokenOrigin = await startLocalOrigin({
      player,
      liveDir,
      playerConfig,
      stageName,
      authorizeLive: (request) =>
        request.headers.authorization === `Bearer ${TEST_TOKEN}`
          ? { allowed: true }
          : { allowed: false, status: 401 },
    });
    destroyOrigin = await startLocalOrigin({
      player,
      liveDir,
      playerConfig,
      stageName,
    });
    browser = await launchChromium();
    browser.context.on("request", (request) =>
      requestedUrls.push(request.url()),
    );
    browser.context.on("console", (message) => {
      if (message.type() === "error") pageProblems.push(message.text());
    });
    // Chromium reports a blocked worker or request to the page, not always to the console.
    await browser.context.exposeBinding(
      "reportCspViolation",
      (_source, text: string) => {
        pageProblems.push(`Content Security Policy violation: ${text}`);
      },
    );
    await browser.context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (event) => {
        window.reportCspViolation(
          `${event.violatedDirective} blocked ${event.blockedURI}`,
        );
      });
    });
  }, 60_000);

  afterAll(async () => {
    await encoder?.stop();
    await browser?.close();
    await origin?.close();
    await deniedOrigin?.close();
    await tokenOrigin?.close();
    await destroyOrigin?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 30_000);

  /** Starts the shared ffmpeg stream on first use. */
  function ensureStream(): HlsEncoder {
    const channelFolder = posix.dirname(
      names.hlsMasterPlaylistKey.slice(BUCKET_PREFIXES.live.length),
    );
    encoder ??= startHlsEncoder(
      hlsEncoderOptions(config, join(liveDir, channelFolder), {
        maxDurationSeconds: 240,
      }),
    );
    return encoder;
  }

  async function openPage(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.on("pageerror", (error) =>
      pageProblems.push(`uncaught: ${error.message}`),
    );
    await page.goto(url);
    return page;
  }

  async function waitForPlaying(page: Page, timeoutMs: number): Promise<void> {
    await page.waitForFunction(
      () => {
        const video = document.querySelector("video");
        const status = document.getElementById("player")?.dataset.status;
        return (
          video !== null &&
          !video.paused &&
          video.currentTime > 0 &&
          status === "playing"
        );
      },
      null,
      { timeout: timeoutMs, polling: 100 },
    );
  }

  /** Opens the page most tests share, once the stream runs, and keeps it playing. */
  async function openWatchPage(): Promise<Page> {
    if (watchPage === undefined) {
      await ensureStream().waitForSegments(3, 30_000);
      watchPage = await browser.context.newPage();
      watchPage.on("console", (message) =>
        watchPageConsole.push(message.text()),
      );
      await watchPage.goto(origin.url);
      await waitForPlaying(watchPage, 20_000);
    }
    return watchPage;
  }

  const currentTime = (page: Page) =>
    page.evaluate(() => document.querySelector("video")?.currentTime ?? -1);
  const liveRequestCount = (server: LocalOrigin) =>
    server.requests.filter((request) =>
      request.url.includes(`/${BUCKET_PREFIXES.live}`),
    ).length;

  test("waiting screen until the stream starts", async () => {
    expect(encoder).toBeUndefined();
    const page = await openPage(origin.url);
    await page.waitForFunction(
      () => document.getElementById("player")?.dataset.status === "waiting",
      null,
      {
        timeout: 10_000,
      },
    );
    expect(await page.locator("#status-title").textContent()).toBe(
      "Waiting for the stream",
    );
    const missing = origin.requests.filter(
      (request) =>
        request.url.endsWith("/index.m3u8") && request.status === 404,
    );
    expect(missing.length).toBeGreaterThanOrEqual(1);

    ensureStream();
    await waitForPlaying(page, 40_000);
    expect(await page.locator("#status-overlay").isVisible()).toBe(false);
    expect(await page.locator("#player").getAttribute("data-engine")).toBe(
      "hls.js",
    );
    await page.close();
  }, 60_000);

  test("first frame within the bound", async () => {
    await ensureStream().waitForSegments(3, 30_000);
    watchPage = await browser.context.newPage();
    watchPage.on("console", (message) => watchPageConsole.push(message.text()));
    const started = Date.now();
    await watchPage.goto(origin.url);
    await watchPage.waitForFunction(
      () => {
        const video = document.querySelector("video");
        return video !== null && video.readyState >= 2 && video.currentTime > 0;
      },
      null,
      { timeout: FIRST_FRAME_BOUND_MS, polling: 50 },
    );
    expect(Date.now() - started).toBeLessThan(FIRST_FRAME_BOUND_MS);
    await waitForPlaying(watchPage, 10_000);
  }, 45_000);

  test("currentTime advances for 15 s", async () => {
    const page = await openWatchPage();
    const first = await currentTime(page);
    let previous = first;
    let lastAdvanceMs = Date.now();
    let longestStallMs = 0;
    const backwardSteps: string[] = [];
    const deadline = Date.now() + 25_000;
    while (previous - first < 15 && Date.now() < deadline) {
      await sleep(500);
      const now = await currentTime(page);
      if (now < previous) backwardSteps.push(`${previous} -> ${now}`);
      if (now > previous) lastAdvanceMs = Date.now();
      longestStallMs = Math.max(longestStallMs, Date.now() - lastAdvanceMs);
      previous = now;
    }
    expect(previous - first).toBeGreaterThanOrEqual(15);
    expect(backwardSteps).toEqual([]);
    expect(longestStallMs).toBeLessThan(2_000);

    const latency = Number(
      await page.locator("#latency").getAttribute("data-seconds"),
    );
    expect(latency).toBeGreaterThan(config.media.segmentLengthSeconds);
    expect(latency).toBeLessThan(15);
    expect(await page.locator("#live-badge").getAttribute("data-live")).toBe(
      "true",
    );
    expect(await page.locator("#live-button").isVisible()).toBe(false);
  }, 45_000);

  test("controls work from the keyboard", async () => {
    const page = await openWatchPage();
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      "play-button",
    );
    await page.keyboard.press("Enter");
    await page.waitForFunction(
      () => document.querySelector("video")?.paused === true,
      null,
      { timeout: 5_000 },
    );
    await page.waitForFunction(
      () => document.getElementById("play-button")?.textContent === "Play",
      null,
      {
        timeout: 5_000,
      },
    );
    await page.keyboard.press("Space");
    await page.waitForFunction(
      () => document.querySelector("video")?.paused === false,
      null,
      { timeout: 5_000 },
    );
    await page.waitForFunction(
      () => document.getElementById("play-button")?.textContent === "Pause",
      null,
      {
        timeout: 5_000,
      },
    );

    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(
      "mute-button",
    );
    expect(
      await page.evaluate(() => document.querySelector("video")?.muted),
    ).toBe(true);
    await page.keyboard.press("Enter");
    expect(
      await page.evaluate(() => document.querySelector("video")?.muted),
    ).toBe(false);
    await page.waitForFunction(
      () => document.getElementById("mute-button")?.textContent === "Mute",
      null,
      {
        timeout: 5_000,
      },
    );
  }, 30_000);

  test("menu offers and switches renditions", async () => {
    const page = await openWatchPage();
    const select = page.locator("#quality-select");
    const options = await select.locator("option").evaluateAll((elements) =>
      elements.map((option) => ({
        value: option.getAttribute("value") ?? "",
        label: option.textContent ?? "",
      })),
    );
    expect(options[0].value).toBe("auto");
    expect(options.slice(1).map((option) => option.label)).toEqual([
      "360p",
      "270p",
      "180p",
    ]);
    expect(await select.isDisabled()).toBe(false);

    const playingHeight = await page.evaluate(
      () => document.querySelector("video")?.videoHeight,
    );
    const target = options
      .slice(1)
      .find((option) => Number.parseInt(option.label, 10) !== playingHeight);
    if (target === undefined)
      throw new Error(`no rendition other than the playing ${playingHeight}p`);
    const targetHeight = Number.parseInt(target.label, 10);
    await select.selectOption(target.value);
    // The decoder's new size and the player's LEVEL_SWITCHED handling land a few milliseconds apart.
    await page.waitForFunction(
      (height) =>
        document.querySelector("video")?.videoHeight === height &&
        document.getElementById("player")?.dataset.renditionHeight ===
          String(height),
      targetHeight,
      { timeout: 4 * segmentMs + 5_000 },
    );
    expect(await select.inputValue()).toBe(target.value);
    const before = await currentTime(page);
    await sleep(1_500);
    expect(await currentTime(page)).toBeGreaterThan(before);
  }, 45_000);

  test("go to live after a pause", async () => {
    const page = await openWatchPage();
    const badge = page.locator("#live-badge");
    const liveButton = page.locator("#live-button");
    await page
      .locator('#live-badge[data-live="true"]')
      .waitFor({ timeout: 5_000 });
    // Paused, the position stays while the live edge moves on, past the
    // threshold of the 4 s target plus two segments within a few seconds.
    await page.evaluate(() => document.querySelector("video")?.pause());
    await liveButton.waitFor({ state: "visible", timeout: 10_000 });
    expect(await badge.getAttribute("data-live")).toBe("false");
    expect(await badge.textContent()).toBe("Behind live");

    await liveButton.click();
    await liveButton.waitFor({ state: "hidden", timeout: 5_000 });
    expect(await badge.getAttribute("data-live")).toBe("true");
    expect(
      await page.evaluate(() => document.querySelector("video")?.paused),
    ).toBe(false);
  }, 30_000);

  test("screenshot shows video", async () => {
    const page = await openWatchPage();
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, "player-page.png") });
    const png = await page.locator("video").screenshot();
    writeFileSync(join(artifactsDir, "player-video.png"), png);
    const stats = pixelStats(png);
    expect(stats.width).toBeGreaterThan(300);
    expect(stats.nonBlackShare).toBeGreaterThan(0.5);
    expect(stats.colorBuckets).toBeGreaterThan(20);
  }, 30_000);

  test("access denied message on 403", async () => {
    const page = await openPage(deniedOrigin.url);
    const alert = page.getByRole("alert");
    await alert.waitFor({ state: "visible", timeout: 10_000 });
    expect(await page.locator("#error-title").textContent()).toBe(
      "Access denied",
    );
    expect(await page.locator("#error-detail").textContent()).toContain(
      "HTTP 403",
    );
    expect(await page.locator("#retry-button").isVisible()).toBe(true);
    const requestsAtMessage = liveRequestCount(deniedOrigin);
    expect(requestsAtMessage).toBe(1);
    await sleep(2 * segmentMs);
    expect(liveRequestCount(deniedOrigin)).toBe(requestsAtMessage);
    await page.close();
  }, 30_000);

  test("notice without the trailing slash", async () => {
    const watch = await openWatchPage();
    expect(await watch.locator("#asset-load-notice").isHidden()).toBe(true);

    // At /<stage>, the relative asset URLs resolve to /assets/..., outside the stage.
    const page = await openPage(`${origin.origin}/${config.api.stageName}`);
    const notice = page.locator("#asset-load-notice");
    await notice.waitFor({ state: "visible", timeout: 5_000 });
    expect(await notice.textContent()).toContain(
      "add the slash and open the address again",
    );
    expect(
      origin.requests
        .filter((request) => request.url.startsWith("/assets/"))
        .map((request) => request.status),
    ).toContain(403);
    await page.close();
  }, 30_000);

  test("access token sent on every request", async () => {
    await ensureStream().waitForSegments(3, 30_000);
    const page = await openPage(`${tokenOrigin.url}?debug=1`);
    await page
      .locator("#error-overlay")
      .waitFor({ state: "visible", timeout: 10_000 });
    expect(await page.locator("#error-detail").textContent()).toContain(
      "HTTP 401",
    );

    await page.evaluate(
      (token) =>
        window.protectedStreamingPlayer?.setAccessTokenProvider(() => token),
      TEST_TOKEN,
    );
    const firstAfterToken = tokenOrigin.requests.length;
    await page.locator("#retry-button").click();
    await waitForPlaying(page, 20_000);
    await page.close();

    const liveRequests = tokenOrigin.requests
      .slice(firstAfterToken)
      .filter((request) => request.url.includes(`/${BUCKET_PREFIXES.live}`));
    expect(liveRequests.some((request) => request.url.endsWith(".ts"))).toBe(
      true,
    );
    expect(
      liveRequests.some((request) => /index_\w+\.m3u8$/.test(request.url)),
    ).toBe(true);
    expect(liveRequests.filter((request) => request.status !== 200)).toEqual(
      [],
    );
    expect(
      liveRequests.filter(
        (request) => request.headers.authorization !== `Bearer ${TEST_TOKEN}`,
      ),
    ).toEqual([]);
  }, 45_000);

  test("destroy stops all requests", async () => {
    await ensureStream().waitForSegments(3, 30_000);
    const debugLines: string[] = [];
    const page = await browser.context.newPage();
    page.on("console", (message) => debugLines.push(message.text()));
    await page.goto(`${destroyOrigin.url}?debug=1`);
    await waitForPlaying(page, 20_000);
    expect(debugLines.some((text) => text.startsWith("[player]"))).toBe(true);

    await page.evaluate(() => window.protectedStreamingPlayer?.destroy());
    // A request already in flight may still complete.
    await sleep(500);
    const requestsAfterDestroy = liveRequestCount(destroyOrigin);
    await sleep(2 * segmentMs + 1_000);
    expect(liveRequestCount(destroyOrigin)).toBe(requestsAfterDestroy);
    expect(
      await page.evaluate(() =>
        document.querySelector("video")?.hasAttribute("src"),
      ),
    ).toBe(false);
    await page.close();
  }, 45_000);

  test("requests stay on the page's origin", async () => {
    await openWatchPage();
    const ownOrigins = [origin, deniedOrigin, tokenOrigin, destroyOrigin].map(
      (server) => `${server.origin}/`,
    );
    const foreign = requestedUrls.filter(
      (url) =>
        !ownOrigins.some((own) => url.startsWith(own)) &&
        !url.startsWith("blob:"),
    );
    expect(foreign).toEqual([]);
    expect(requestedUrls.some((url) => url.endsWith(".ts"))).toBe(true);
    // hls.js transmuxes in the worker that the build ships, which the policy allows.
    expect(
      requestedUrls.some((url) =>
        /\/assets\/hls-worker-[A-Z0-9]{8}\.js$/.test(url),
      ),
    ).toBe(true);
    expect(
      pageProblems.filter((text) =>
        /Content Security Policy|uncaught/i.test(text),
      ),
    ).toEqual([]);
    expect(
      watchPageConsole.filter((text) => text.startsWith("[player]")),
    ).toEqual([]);
  }, 30_000);
});
