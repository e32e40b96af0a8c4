import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
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
  type OriginRequest,
} from "../../scripts/lib/local-origin";
import { BUCKET_PREFIXES, namesFor } from "../../stacks/naming";
import { playerRuntimeConfig } from "../../stacks/storage/player-assets";
import { authorizationHeaderValue } from "../../stacks/viewer-access/cognito-contract";
import { describeWithTools } from "../support/browser-tools";
import {
  startFakeCognito,
  type FakeCognito,
  type FakeCognitoRequest,
} from "../support/fake-cognito";
import { configWith } from "../support/synth";

/** A small ladder, so that ffmpeg and Chromium keep up on two busy cores. */
const config = configWith({
  viewerAccess: "cognito",
  media: {
    segmentLengthSeconds: 2,
    renditions: [
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
const stage = config.api.stageName;
const segmentMs = config.media.segmentLengthSeconds * 1000;

/**
 * Access token lifetime of the fake, in seconds. The player renews at 80 %,
 * after 6.4 s, so two renewals fit in one test while 1.6 s remain for each.
 */
const ACCESS_TOKEN_SECONDS = 8;
const RENEWAL_MS = ACCESS_TOKEN_SECONDS * 800;

const SIGN_IN_REQUIRED_TITLE = "Sign in to keep watching";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * The parts of the DOM that the page functions below use. Those functions
 * run inside Chromium; these declarations only type them.
 */
declare const document: {
  addEventListener(
    type: "securitypolicyviolation",
    listener: (event: {
      readonly violatedDirective: string;
      readonly blockedURI: string;
    }) => void,
  ): void;
  querySelector(
    selector: "video",
  ): { readonly currentTime: number; readonly paused: boolean } | null;
  getElementById(
    id: string,
  ): { readonly dataset: Record<string, string | undefined> } | null;
};
declare const window: { reportCspViolation(text: string): void };
declare const sessionStorage: { readonly length: number };

/** Polls `condition` every 100 ms until it holds; throws naming `what` after `timeoutMs`. */
async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

describeWithTools("Cognito sign-in in Chromium", ["chromium", "ffmpeg"], () => {
  let workDir: string;
  let origin: LocalOrigin;
  let fake: FakeCognito;
  let browser: ChromiumSession;
  let encoder: HlsEncoder;
  /** The one tab every test continues in, opened with `?debug=1`. */
  let page: Page;
  /** Every URL the browser requested, including blocked and failed requests. */
  const requestedUrls: string[] = [];
  /** Console lines of every page, with debug logging on. */
  const consoleLines: string[] = [];
  /** Content Security Policy violations and uncaught errors. */
  const pageProblems: string[] = [];

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "protected-streaming-cognito-"));
    const liveDir = join(workDir, "live");
    mkdirSync(liveDir);
    const channelFolder = posix.dirname(
      names.hlsMasterPlaylistKey.slice(BUCKET_PREFIXES.live.length),
    );
    encoder = startHlsEncoder(
      hlsEncoderOptions(config, join(liveDir, channelFolder), {
        maxDurationSeconds: 120,
      }),
    );

    fake = await startFakeCognito({ accessTokenSeconds: ACCESS_TOKEN_SECONDS });
    const player = buildPlayer({
      outdir: join(workDir, "player"),
      allowLoopbackConnections: true,
    });
    origin = await startLocalOrigin({
      player,
      liveDir,
      playerConfig: playerRuntimeConfig(config, names),
      stageName: stage,
      authJson: () => fake.authConfig(),
      authorizeLive: (request) => fake.authorizeLive(request),
    });
    fake.allowPage(origin.url);

    browser = await launchChromium();
    browser.context.on("request", (request) =>
      requestedUrls.push(request.url()),
    );
    browser.context.on("console", (message) =>
      consoleLines.push(message.text()),
    );
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
    page = await browser.context.newPage();
    page.on("pageerror", (error) =>
      pageProblems.push(`uncaught: ${error.message}`),
    );
    await encoder.waitForSegments(3, 30_000);
  }, 60_000);

  afterAll(async () => {
    await encoder?.stop();
    await browser?.close();
    await origin?.close();
    await fake?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 30_000);

  const currentTime = () =>
    page.evaluate(() => document.querySelector("video")?.currentTime ?? -1);
  const liveRequests = (from = 0): OriginRequest[] =>
    origin.requests
      .slice(from)
      .filter((request) =>
        request.url.startsWith(`/${stage}/${BUCKET_PREFIXES.live}`),
      );
  const fakeRequests = (path: string, from = 0): FakeCognitoRequest[] =>
    fake.requests.slice(from).filter((request) => request.path === path);
  const headerOf = (accessToken: string) =>
    authorizationHeaderValue(accessToken);

  async function waitForPlaying(timeoutMs: number): Promise<void> {
    await page.waitForFunction(
      () => {
        const video = document.querySelector("video");
        return (
          video !== null &&
          !video.paused &&
          video.currentTime > 0 &&
          document.getElementById("player")?.dataset.status === "playing"
        );
      },
      null,
      { timeout: timeoutMs, polling: 100 },
    );
  }

  async function expectAdvancing(): Promise<void> {
    const before = await currentTime();
    await sleep(1_500);
    expect(await currentTime()).toBeGreaterThan(before);
  }

  test("sign-in flow plays with the access token", async () => {
    await page.goto(`${origin.url}?debug=1`);
    await waitForPlaying(20_000);
    await expectAdvancing();

    // The code and state are gone, and the viewer's own query is back.
    expect(page.url()).toBe(`${origin.url}?debug=1`);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.locator("#sign-out-button").isVisible()).toBe(true);

    const [authorization] = fakeRequests("/oauth2/authorize");
    expect(authorization.query).toMatchObject({
      response_type: "code",
      client_id: fake.clientId,
      redirect_uri: origin.url,
      scope: "openid email profile live-stream/watch",
      code_challenge_method: "S256",
    });
    const code = new URL(authorization.location ?? "").searchParams.get("code");
    const [exchange] = fakeRequests("/oauth2/token");
    expect(exchange.status).toBe(200);
    expect(exchange.form).toMatchObject({
      grant_type: "authorization_code",
      client_id: fake.clientId,
      code,
      redirect_uri: origin.url,
    });
    expect(
      createHash("sha256")
        .update(exchange.form.code_verifier)
        .digest("base64url"),
    ).toBe(authorization.query.code_challenge);
    expect(exchange.form.client_secret).toBeUndefined();

    const requests = liveRequests();
    expect(
      requests.some((request) => request.url.endsWith("/index.m3u8")),
    ).toBe(true);
    expect(
      requests.some((request) => /index_\w+\.m3u8$/.test(request.url)),
    ).toBe(true);
    expect(requests.some((request) => request.url.endsWith(".ts"))).toBe(true);
    const validHeaders = new Set(
      fake.issued.map((tokens) => headerOf(tokens.accessToken)),
    );
    expect(
      requests.filter(
        (request) => !validHeaders.has(String(request.headers.authorization)),
      ),
    ).toEqual([]);
    expect(requests.filter((request) => request.status !== 200)).toEqual([]);
  }, 40_000);

  test("tokens renew with rotation while playing", async () => {
    await waitUntil(
      () => fake.issued.length >= 3,
      2 * RENEWAL_MS + 5_000,
      "two token renewals",
    );
    const [signIn, first, second] = fake.issued;
    expect(first.grantType).toBe("refresh_token");
    expect(first.redeemedRefreshToken).toBe(signIn.refreshToken);
    expect(second.redeemedRefreshToken).toBe(first.refreshToken);
    // Each renewal came before the previous access token expired.
    expect(first.timeMs - signIn.timeMs).toBeLessThan(
      ACCESS_TOKEN_SECONDS * 1000,
    );
    expect(second.timeMs - first.timeMs).toBeLessThan(
      ACCESS_TOKEN_SECONDS * 1000,
    );

    await expectAdvancing();
    const requests = liveRequests();
    for (const tokens of [first, second]) {
      expect(
        requests.some(
          (request) =>
            request.headers.authorization === headerOf(tokens.accessToken),
        ),
      ).toBe(true);
    }
    expect(requests.filter((request) => request.status !== 200)).toEqual([]);
    expect(await page.getAttribute("#player", "data-status")).toBe("playing");
  }, 30_000);

  test("rejected token is renewed once", async () => {
    const firstRequest = origin.requests.length;
    const issuedBefore = fake.issued.length;
    fake.rejectAccessTokens();
    await waitUntil(
      () =>
        liveRequests(firstRequest).some((request) => request.status === 401),
      10_000,
      "a rejected live request",
    );
    await waitUntil(
      () => fake.issued.length > issuedBefore,
      5_000,
      "a renewal after the rejection",
    );
    const renewal = fake.issued[issuedBefore];
    expect(renewal.grantType).toBe("refresh_token");
    const rejectedAt =
      liveRequests(firstRequest).find((request) => request.status === 401)
        ?.timeMs ?? 0;
    expect(renewal.timeMs).toBeGreaterThanOrEqual(rejectedAt);

    await waitForPlaying(15_000);
    await expectAdvancing();
    // A request that reached the origin just before the renewal may still carry the rejected token.
    const later = () =>
      liveRequests(firstRequest).filter(
        (request) => request.timeMs > renewal.timeMs + 500,
      );
    await waitUntil(
      () => later().some((request) => request.url.endsWith(".ts")),
      2 * segmentMs + 2_000,
      "a segment after the renewal",
    );
    expect(later().filter((request) => request.status !== 200)).toEqual([]);
    const renewedHeaders = fake.issued
      .slice(issuedBefore)
      .map((tokens) => headerOf(tokens.accessToken));
    expect(
      later().filter(
        (request) =>
          !renewedHeaders.includes(String(request.headers.authorization)),
      ),
    ).toEqual([]);
  }, 40_000);

  test("second rejection asks to sign in", async () => {
    const issuedBefore = fake.issued.length;
    const firstRequest = origin.requests.length;
    fake.acceptsAccessTokens = false;
    try {
      await page
        .locator("#sign-in-button")
        .waitFor({ state: "visible", timeout: 15_000 });
    } finally {
      fake.acceptsAccessTokens = true;
    }
    expect(await page.locator("#error-detail").textContent()).toContain(
      "the stream rejected the renewed sign-in with HTTP 401",
    );
    // One renewal between the two rejections, and none after.
    expect(
      fake.issued.slice(issuedBefore).map((tokens) => tokens.grantType),
    ).toEqual(["refresh_token"]);
    const rejected = liveRequests(firstRequest).filter(
      (request) => request.status === 401,
    );
    expect(rejected.length).toBeGreaterThanOrEqual(2);
    expect(
      rejected.some(
        (request) =>
          request.headers.authorization ===
          headerOf(fake.issued[issuedBefore].accessToken),
      ),
    ).toBe(true);

    await page.locator("#sign-in-button").click();
    await waitForPlaying(20_000);
    expect(page.url()).toBe(`${origin.url}?debug=1`);
  }, 40_000);

  test("revoked refresh token asks to sign in", async () => {
    const tokenRequestsBefore = fakeRequests("/oauth2/token").length;
    fake.revokeRefreshTokens();
    const signInButton = page.locator("#sign-in-button");
    await signInButton.waitFor({
      state: "visible",
      timeout: RENEWAL_MS + 5_000,
    });
    expect(await page.locator("#error-title").textContent()).toBe(
      SIGN_IN_REQUIRED_TITLE,
    );
    expect(await page.locator("#error-detail").textContent()).toContain(
      "the sign-in has expired or was revoked",
    );
    expect(await page.locator("#retry-button").isVisible()).toBe(false);
    expect(await page.locator("#sign-out-button").isVisible()).toBe(false);
    const failed = fakeRequests("/oauth2/token").slice(tokenRequestsBefore);
    expect(
      failed.map((request) => [
        request.form.grant_type,
        request.status,
        request.error,
      ]),
    ).toEqual([["refresh_token", 400, "invalid_grant"]]);

    // No live request follows the message, and no redirect either.
    await sleep(500);
    const requestsAtMessage = liveRequests().length;
    const authorizationsAtMessage = fakeRequests("/oauth2/authorize").length;
    await sleep(2 * segmentMs);
    expect(liveRequests().length).toBe(requestsAtMessage);
    expect(fakeRequests("/oauth2/authorize").length).toBe(
      authorizationsAtMessage,
    );

    await signInButton.click();
    await waitForPlaying(20_000);
    expect(fakeRequests("/oauth2/authorize").length).toBe(
      authorizationsAtMessage + 1,
    );
    expect(page.url()).toBe(`${origin.url}?debug=1`);
  }, 40_000);

  test("sign-out revokes and logs out", async () => {
    const refreshToken = fake.issued.at(-1)?.refreshToken;
    const firstFakeRequest = fake.requests.length;
    await page.locator("#sign-out-button").click();
    // The logout returns to the page, which sends the viewer to sign in,
    // and the fake's sign-in page now waits for a password.
    await page.waitForURL(
      (url) => url.href.startsWith(`${fake.origin}/oauth2/authorize`),
      { timeout: 15_000 },
    );

    const after = fake.requests.slice(firstFakeRequest);
    const revocation = after.find(
      (request) => request.path === "/oauth2/revoke",
    );
    expect(revocation?.form).toEqual({
      token: refreshToken,
      client_id: fake.clientId,
    });
    expect(revocation?.status).toBe(200);
    const logout = after.find((request) => request.path === "/logout");
    expect(logout?.query).toEqual({
      client_id: fake.clientId,
      logout_uri: origin.url,
    });
    expect(after.indexOf(revocation as FakeCognitoRequest)).toBeLessThan(
      after.indexOf(logout as FakeCognitoRequest),
    );
    // The page that came back after the logout held no tokens and asked for none.
    expect(after.filter((request) => request.path === "/oauth2/token")).toEqual(
      [],
    );
    const logoutAt = logout?.timeMs ?? 0;
    expect(
      liveRequests().filter((request) => request.timeMs > logoutAt),
    ).toEqual([]);
    expect(await page.textContent("h1")).toBe("Sign in");
  }, 30_000);

  test("requests stay on the page and Cognito origins", () => {
    const allowed = [`${origin.origin}/`, `${fake.origin}/`];
    expect(
      requestedUrls.filter(
        (url) =>
          !allowed.some((prefix) => url.startsWith(prefix)) &&
          !url.startsWith("blob:"),
      ),
    ).toEqual([]);
    expect(
      requestedUrls.some((url) =>
        url.startsWith(`${fake.origin}/oauth2/token`),
      ),
    ).toBe(true);
    // Form posts without cookies are CORS-safelisted, so the browser sent no preflight.
    expect(
      fake.requests.filter((request) => request.method === "OPTIONS"),
    ).toEqual([]);
    expect(pageProblems).toEqual([]);
  });

  test("no secret in the console or a page URL", () => {
    const secrets: string[] = [];
    for (const tokens of fake.issued)
      secrets.push(tokens.accessToken.split(".")[2], tokens.refreshToken);
    for (const request of fake.requests) {
      if (request.form.code_verifier !== undefined)
        secrets.push(request.form.code_verifier);
    }
    expect(secrets.length).toBeGreaterThan(10);
    expect(consoleLines.some((line) => line.startsWith("[player]"))).toBe(true);
    for (const secret of secrets) {
      expect(consoleLines.filter((line) => line.includes(secret))).toEqual([]);
      expect(requestedUrls.filter((url) => url.includes(secret))).toEqual([]);
    }
    const codes = fake.requests
      .map((request) =>
        new URL(request.location ?? "http://x/").searchParams.get("code"),
      )
      .filter(Boolean);
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes)
      expect(
        consoleLines.filter((line) => line.includes(code as string)),
      ).toEqual([]);
  });
});
