import { execFile } from "node:child_process";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join, posix, resolve } from "node:path";
import { promisify } from "node:util";
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
  type LiveAuthorization,
  type LocalOrigin,
  type OriginRequest,
} from "../../scripts/lib/local-origin";
import { BUCKET_PREFIXES, namesFor } from "../../stacks/naming";
import { playerRuntimeConfig } from "../../stacks/storage/player-assets";
import { authorizerEnvironment } from "../../stacks/viewer-access/authorizer/environment";
import {
  createAuthorizerHandler,
  type AuthorizerHandler,
  type DecisionLogEntry,
  type RequestAuthorizerEvent,
} from "../../stacks/viewer-access/authorizer/handler";
import {
  VIEWER_LINK_OUTPUTS,
  viewerTokenAudience,
} from "../../stacks/viewer-access/outputs";
import {
  currentEpochSeconds,
  signViewerToken,
} from "../../stacks/viewer-access/token";
import { describeWithTools } from "../support/browser-tools";
import { configWith } from "../support/synth";

/** Configuration of the deployment under test; the `viewer-link` command reads the same file. */
const configOverrides = {
  viewerAccess: "signed-links",
  signedLinks: { revokedViewers: ["mallory"] },
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
};
const config = configWith(configOverrides);
const names = namesFor(config);
const stage = config.api.stageName;
const segmentMs = config.media.segmentLengthSeconds * 1000;

/** REST API id and account of the simulated deployment. */
const API_ID = "k7m2p9x4q1";
const ACCOUNT_ID = "123456789012";
const AUDIENCE = viewerTokenAudience(API_ID, stage);
const PLAYER_URL = `https://${API_ID}.execute-api.eu-west-1.amazonaws.com/${stage}/`;
const INVALID_LINK_TITLE = "This link has expired or is not valid";

const projectRoot = resolve(__dirname, "..", "..");
const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * The parts of the DOM that the page functions below use. Those functions
 * run inside Chromium; these declarations only type them.
 */
interface PageVideo {
  readonly currentTime: number;
  readonly paused: boolean;
}
declare const document: {
  querySelector(selector: "video"): PageVideo | null;
  getElementById(
    id: string,
  ): { readonly dataset: Record<string, string | undefined> } | null;
};
declare const location: { readonly href: string };
/** Set by the test to tell a same-document navigation from a reload. */
declare const window: { documentMarker?: string };
declare const sessionStorage: {
  readonly length: number;
  key(index: number): string | null;
  getItem(key: string): string | null;
};

/** Returns the values in the page's session storage. */
const storedValues = (page: Page) =>
  page.evaluate(() => {
    const values: string[] = [];
    for (let index = 0; index < sessionStorage.length; index += 1) {
      values.push(
        sessionStorage.getItem(sessionStorage.key(index) ?? "") ?? "",
      );
    }
    return values;
  });

const currentTime = (page: Page) =>
  page.evaluate(() => document.querySelector("video")?.currentTime ?? -1);

/** Returns whether `resource`, an IAM resource pattern with `*` wildcards, covers `arn`. */
function resourceCovers(resource: string, arn: string): boolean {
  const pattern = resource
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join(".*");
  return new RegExp(`^${pattern}$`).test(arn);
}

describeWithTools(
  "signed viewer links in Chromium",
  ["chromium", "ffmpeg"],
  () => {
    let workDir: string;
    let origin: LocalOrigin;
    let browser: ChromiumSession;
    let encoder: HlsEncoder;
    let privateKeyPem: string;
    /** The link printed by `npm run viewer-link`. */
    let cliLink: string;
    /** Every URL any page requested, including failed requests. */
    const requestedUrls: string[] = [];
    /** Decisions the authorizer logged. */
    const decisions: DecisionLogEntry[] = [];
    /** Every token a test put into a link. */
    const usedTokens: string[] = [];

    /**
     * Runs the authorizer handler the way API Gateway does for a request
     * under `live/`. An Allow policy that covers the method ARN lets the
     * request pass, a Deny returns 403, and a thrown "Unauthorized" returns 401.
     */
    function authorizeWith(handler: AuthorizerHandler) {
      return async (request: IncomingMessage): Promise<LiveAuthorization> => {
        const pathBelowStage = (request.url ?? "/")
          .split("?")[0]
          .slice(stage.length + 1);
        const methodArn = `arn:aws:execute-api:eu-west-1:${ACCOUNT_ID}:${API_ID}/${stage}/${request.method}${pathBelowStage}`;
        const headers: Record<string, string> = {};
        for (const [name, values] of Object.entries(request.headersDistinct))
          headers[name] = (values ?? []).join(",");
        const event: RequestAuthorizerEvent = {
          type: "REQUEST",
          methodArn,
          path: pathBelowStage,
          headers,
          multiValueHeaders: request.headersDistinct,
          requestContext: { requestId: randomUUID() },
        };
        try {
          const result = await handler(event);
          const allowed = result.policyDocument.Statement.every(
            (statement) =>
              statement.Effect === "Allow" &&
              typeof statement.Resource === "string" &&
              resourceCovers(statement.Resource, methodArn),
          );
          return allowed ? { allowed: true } : { allowed: false, status: 403 };
        } catch (error) {
          if ((error as Error).message === "Unauthorized")
            return { allowed: false, status: 401 };
          throw error;
        }
      };
    }

    /** Signs a token with the deployment's key, like `npm run viewer-link` does. */
    function signToken(
      viewer: string,
      validForSeconds: number,
      issuedAt = currentEpochSeconds(),
    ): string {
      const { token } = signViewerToken({
        privateKey: privateKeyPem,
        viewer,
        audience: AUDIENCE,
        validForSeconds,
        issuedAt,
      });
      usedTokens.push(token);
      return token;
    }

    beforeAll(async () => {
      workDir = mkdtempSync(
        join(tmpdir(), "protected-streaming-signed-links-"),
      );
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

      const keys = generateKeyPairSync("ec", {
        namedCurve: "P-256",
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      });
      privateKeyPem = keys.privateKey;
      const environment = authorizerEnvironment({
        publicKeyPem: keys.publicKey,
        audience: AUDIENCE,
        revokedViewers: config.signedLinks.revokedViewers,
        revokedTokenIds: config.signedLinks.revokedTokenIds,
      });
      const handler = createAuthorizerHandler({
        environment,
        log: (entry) => decisions.push(entry),
      });

      const player = buildPlayer({ outdir: join(workDir, "player") });
      origin = await startLocalOrigin({
        player,
        liveDir,
        playerConfig: playerRuntimeConfig(config, names),
        stageName: stage,
        authorizeLive: authorizeWith(handler),
      });

      // The media stack's outputs as `terraform output -json` prints them.
      const output = (value: string, sensitive = false) => ({
        sensitive,
        type: "string",
        value,
      });
      writeFileSync(
        join(workDir, "streaming.json"),
        JSON.stringify(configOverrides),
      );
      writeFileSync(
        join(workDir, "outputs.json"),
        JSON.stringify({
          [VIEWER_LINK_OUTPUTS.apiId]: output(API_ID),
          [VIEWER_LINK_OUTPUTS.stageName]: output(stage),
          [VIEWER_LINK_OUTPUTS.playerUrl]: output(PLAYER_URL),
          [VIEWER_LINK_OUTPUTS.signingKey]: output(privateKeyPem, true),
        }),
      );
      const [command, browserSession] = await Promise.all([
        execFileAsync(
          "npm",
          [
            "run",
            "--silent",
            "viewer-link",
            "--",
            "--viewer",
            "alice",
            "--valid-for",
            "10m",
            "--from",
            join(workDir, "outputs.json"),
          ],
          {
            cwd: projectRoot,
            env: {
              ...process.env,
              STREAMING_CONFIG: join(workDir, "streaming.json"),
            },
            timeout: 30_000,
          },
        ),
        launchChromium(),
      ]);
      cliLink = command.stdout.trim();
      usedTokens.push(new URL(cliLink).hash.replace(/^#token=/, ""));
      browser = browserSession;
      browser.context.on("request", (request) =>
        requestedUrls.push(request.url()),
      );
    }, 60_000);

    afterAll(async () => {
      await encoder?.stop();
      await browser?.close();
      await origin?.close();
      if (workDir) rmSync(workDir, { recursive: true, force: true });
    }, 30_000);

    async function openPage(
      url: string,
      consoleLines: string[] = [],
    ): Promise<Page> {
      const page = await browser.context.newPage();
      page.on("console", (message) => consoleLines.push(message.text()));
      await page.goto(url);
      return page;
    }

    async function waitForPlaying(
      page: Page,
      timeoutMs: number,
    ): Promise<void> {
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

    const liveRequests = (requests: readonly OriginRequest[]) =>
      requests.filter((request) =>
        request.url.startsWith(`/${stage}/${BUCKET_PREFIXES.live}`),
      );
    const requestsWithToken = (token: string) =>
      liveRequests(origin.requests).filter(
        (request) => request.headers.authorization === `Bearer ${token}`,
      );

    /** Waits for the invalid-link message, checks that no request follows it, and returns its detail. */
    async function expectInvalidLinkMessage(
      page: Page,
      token: string | undefined,
    ): Promise<string> {
      await page
        .locator("#error-overlay")
        .waitFor({ state: "visible", timeout: 10_000 });
      expect(await page.locator("#error-title").textContent()).toBe(
        INVALID_LINK_TITLE,
      );
      const countOwnRequests = () => {
        if (token !== undefined) return requestsWithToken(token).length;
        return liveRequests(origin.requests).filter(
          (request) => request.headers.authorization === undefined,
        ).length;
      };
      const atMessage = countOwnRequests();
      expect(atMessage).toBeGreaterThanOrEqual(1);
      await sleep(2 * segmentMs);
      expect(countOwnRequests()).toBe(atMessage);
      return (await page.locator("#error-detail").textContent()) ?? "";
    }

    test("viewer-link command prints the player URL", () => {
      expect(cliLink.startsWith(`${PLAYER_URL}#token=`)).toBe(true);
    });

    test("expired link shows the message", async () => {
      const token = signToken("alice", 600, currentEpochSeconds() - 3600);
      const page = await openPage(`${origin.url}#token=${token}`);
      expect(await expectInvalidLinkMessage(page, token)).toContain("HTTP 403");
      expect(
        decisions.some(
          (entry) => entry.reason === "expired" && entry.viewer === "alice",
        ),
      ).toBe(true);
      await page.close();
    }, 30_000);

    test("revoked viewer shows the message", async () => {
      const token = signToken("mallory", 600);
      const page = await openPage(`${origin.url}#token=${token}`);
      expect(await expectInvalidLinkMessage(page, token)).toContain("HTTP 403");
      expect(
        decisions.some(
          (entry) =>
            entry.reason === "revoked-viewer" && entry.viewer === "mallory",
        ),
      ).toBe(true);
      await page.close();
    }, 30_000);

    test("page without a token shows the message", async () => {
      const page = await openPage(origin.url);
      expect(await expectInvalidLinkMessage(page, undefined)).toContain(
        "HTTP 401",
      );
      expect(
        decisions.some(
          (entry) =>
            entry.decision === "unauthorized" &&
            entry.reason === "missing-token",
        ),
      ).toBe(true);
      await page.close();
    }, 30_000);

    test("valid link plays with the header", async () => {
      await encoder.waitForSegments(3, 30_000);
      const token = new URL(cliLink).hash.replace(/^#token=/, "");
      const consoleLines: string[] = [];
      const firstRequest = origin.requests.length;
      const page = await openPage(
        `${origin.url}?debug=1#token=${token}`,
        consoleLines,
      );
      await waitForPlaying(page, 20_000);
      const before = await currentTime(page);
      await sleep(2_000);
      expect(await currentTime(page)).toBeGreaterThan(before);

      expect(await page.evaluate(() => location.href)).toBe(
        `${origin.url}?debug=1`,
      );
      expect(await storedValues(page)).toEqual([token]);
      await page.close();

      const requests = liveRequests(origin.requests.slice(firstRequest));
      expect(
        requests.some((request) => request.url.endsWith("/index.m3u8")),
      ).toBe(true);
      expect(
        requests.some((request) => /index_\w+\.m3u8$/.test(request.url)),
      ).toBe(true);
      expect(requests.some((request) => request.url.endsWith(".ts"))).toBe(
        true,
      );
      expect(
        requests.filter(
          (request) => request.headers.authorization !== `Bearer ${token}`,
        ),
      ).toEqual([]);
      expect(requests.filter((request) => request.status !== 200)).toEqual([]);
      expect(consoleLines.some((line) => line.startsWith("[player]"))).toBe(
        true,
      );
      expect(
        consoleLines.filter((line) =>
          token.split(".").some((segment) => line.includes(segment)),
        ),
      ).toEqual([]);
    }, 45_000);

    test("new link in the same tab replaces the token", async () => {
      const expired = signToken("alice", 600, currentEpochSeconds() - 3600);
      const page = await openPage(`${origin.url}#token=${expired}`);
      await page
        .locator("#error-overlay")
        .waitFor({ state: "visible", timeout: 10_000 });
      expect(await page.locator("#error-title").textContent()).toBe(
        INVALID_LINK_TITLE,
      );

      await encoder.waitForSegments(3, 30_000);
      const renewed = signToken("alice", 600);
      const firstRequest = origin.requests.length;
      await page.evaluate(() => {
        window.documentMarker = "before the new link";
      });
      // Only the fragment differs, so the browser stays on the page and fires hashchange.
      await page.goto(`${origin.url}#token=${renewed}`);
      await waitForPlaying(page, 20_000);
      expect(await page.evaluate(() => window.documentMarker)).toBe(
        "before the new link",
      );
      expect(await page.evaluate(() => location.href)).toBe(origin.url);
      expect(await storedValues(page)).toEqual([renewed]);
      await page.close();

      const requests = liveRequests(origin.requests.slice(firstRequest));
      expect(requests.length).toBeGreaterThan(0);
      expect(
        requests.filter(
          (request) => request.headers.authorization !== `Bearer ${renewed}`,
        ),
      ).toEqual([]);
    }, 45_000);

    test("no token in any requested URL", () => {
      expect(usedTokens).toHaveLength(5);
      const urls = [
        ...requestedUrls,
        ...origin.requests.map((request) => `${origin.origin}${request.url}`),
      ];
      expect(urls.some((url) => url.includes(`/${BUCKET_PREFIXES.live}`))).toBe(
        true,
      );
      for (const token of usedTokens) {
        const [, payload, signature] = token.split(".");
        expect(
          urls.filter(
            (url) => url.includes(payload) || url.includes(signature),
          ),
        ).toEqual([]);
      }
      const logged = JSON.stringify(decisions);
      for (const token of usedTokens)
        expect(logged).not.toContain(token.split(".")[2]);
    });
  },
);
