import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PlayerBuild } from "../../player/build";
import {
  startLocalOrigin,
  type LiveAuthorization,
  type LocalOrigin,
} from "../../scripts/lib/local-origin";

let workDir: string;
let origin: LocalOrigin;
/** An origin with the `/auth.json` route of Cognito sign-in. */
let signInOrigin: LocalOrigin;
let liveDecision: LiveAuthorization = { allowed: true };
let authJsonCalls = 0;

beforeAll(async () => {
  workDir = mkdtempSync(join(tmpdir(), "protected-streaming-origin-"));
  const playerDir = join(workDir, "player");
  mkdirSync(join(playerDir, "assets"), { recursive: true });
  writeFileSync(
    join(playerDir, "index.html"),
    "<!doctype html><title>page</title>",
  );
  writeFileSync(
    join(playerDir, "assets", "player-AB12CD34.js"),
    "console.log(1);",
  );
  const player: PlayerBuild = {
    outdir: playerDir,
    files: [
      {
        key: "assets/player-AB12CD34.js",
        absolutePath: join(playerDir, "assets", "player-AB12CD34.js"),
        contentType: "text/javascript; charset=utf-8",
        cacheControl: "public, max-age=31536000, immutable",
      },
      {
        key: "index.html",
        absolutePath: join(playerDir, "index.html"),
        contentType: "text/html; charset=utf-8",
        cacheControl: "no-cache",
      },
    ],
  };
  const liveDir = join(workDir, "live");
  mkdirSync(join(liveDir, "demo-channel"), { recursive: true });
  writeFileSync(join(liveDir, "demo-channel", "index.m3u8"), "#EXTM3U\n");
  writeFileSync(
    join(liveDir, "demo-channel", "index_720p_00001.ts"),
    Buffer.alloc(188),
  );
  writeFileSync(join(liveDir, "demo-channel", "notes.txt"), "not HLS");
  origin = await startLocalOrigin({
    player,
    liveDir,
    stageName: "watch",
    playerConfig: {
      manifestPath: "live/demo-channel/index.m3u8",
      segmentLengthSeconds: 2,
      viewerAccess: "network",
    },
    authorizeLive: () => liveDecision,
  });
  signInOrigin = await startLocalOrigin({
    player,
    liveDir,
    stageName: "watch",
    authJson: () => {
      authJsonCalls += 1;
      return { version: 1, redirectUris: [signInOrigin.url] };
    },
  });
});

afterAll(async () => {
  await origin.close();
  await signInOrigin.close();
  rmSync(workDir, { recursive: true, force: true });
});

beforeEach(() => {
  liveDecision = { allowed: true };
});

const get = (path: string, init?: RequestInit) =>
  fetch(`${origin.origin}${path}`, { redirect: "manual", ...init });

/** Sends the path exactly as written; fetch would resolve "..". */
function rawStatus(path: string): Promise<number> {
  const { hostname, port } = new URL(origin.origin);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { hostname, port, path, method: "GET" },
      (response) => {
        response.resume();
        response.once("end", () => resolve(response.statusCode ?? 0));
      },
    );
    outgoing.once("error", reject);
    outgoing.end();
  });
}

describe("startLocalOrigin", () => {
  test("listens on loopback with the stage", () => {
    expect(origin.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/watch\/$/);
    expect(origin.url.startsWith(origin.origin)).toBe(true);
  });

  test.each([
    ["/watch/", 200, "text/html; charset=utf-8", "no-cache"],
    [
      "/watch/assets/player-AB12CD34.js",
      200,
      "text/javascript; charset=utf-8",
      "public, max-age=31536000, immutable",
    ],
    ["/watch/config.json", 200, "application/json; charset=utf-8", "no-cache"],
    [
      "/watch/live/demo-channel/index.m3u8",
      200,
      "application/vnd.apple.mpegurl",
      "no-cache",
    ],
    [
      "/watch/live/demo-channel/index_720p_00001.ts",
      200,
      "video/mp2t",
      "no-cache",
    ],
    ["/watch", 200, "text/html; charset=utf-8", "no-cache"],
  ])("serves %s", async (path, status, contentType, cacheControl) => {
    const response = await get(path);
    expect(response.status).toBe(status);
    expect(response.headers.get("content-type")).toBe(contentType);
    expect(response.headers.get("cache-control")).toBe(cacheControl);
    await response.arrayBuffer();
  });

  test("serves the generated config.json", async () => {
    const response = await get("/watch/config.json");
    expect(await response.json()).toEqual({
      manifestPath: "live/demo-channel/index.m3u8",
      segmentLengthSeconds: 2,
      viewerAccess: "network",
    });
  });

  test.each([
    ["/watch/missing.js"],
    ["/watch/assets/missing.js"],
    ["/watch/index.html"],
    ["/watch/live/demo-channel/index_1080p.m3u8"],
    ["/watch/live/demo-channel/notes.txt"],
    ["/watch/live/demo-channel"],
    ["/watch/live//demo-channel/index.m3u8"],
    ["/watch/assets/../index.html"],
    ["/watch/assets/%2e%2e/index.html"],
    ["/watch/live/%2e%2e/%2e%2e/player/index.html"],
    ["/watch/assets%5cplayer-AB12CD34.js"],
  ])("answers 404 for %s", async (path) => {
    expect(await rawStatus(path)).toBe(404);
  });

  test.each([["/"], ["/other/"], ["/favicon.ico"], ["/watcher/"]])(
    "answers 403 outside the stage for %s",
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ message: "Forbidden" });
    },
  );

  test("answers 404 for POST", async () => {
    const response = await get("/watch/config.json", {
      method: "POST",
      body: "{}",
    });
    expect(response.status).toBe(404);
    await response.arrayBuffer();
  });

  test("answers HEAD without a body", async () => {
    const response = await get("/watch/live/demo-channel/index.m3u8", {
      method: "HEAD",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("8");
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  test.each([
    [{ allowed: false, status: 401 as const }, 401, "Unauthorized"],
    [{ allowed: false, status: 403 as const }, 403, "Forbidden"],
    [{ allowed: false }, 403, "Forbidden"],
  ])("applies the live decision %j", async (decision, status, message) => {
    liveDecision = decision;
    const live = await get("/watch/live/demo-channel/index.m3u8");
    expect(live.status).toBe(status);
    expect(await live.json()).toEqual({ message });
    const page = await get("/watch/");
    expect(page.status).toBe(200);
    await page.arrayBuffer();
  });

  test("answers 404 for auth.json without sign-in", async () => {
    const response = await get("/watch/auth.json");
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: "Not Found" });
  });

  test("serves auth.json with sign-in", async () => {
    const calls = authJsonCalls;
    const response = await fetch(`${signInOrigin.url}auth.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(
      "application/json; charset=utf-8",
    );
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(await response.json()).toEqual({
      version: 1,
      redirectUris: [signInOrigin.url],
    });
    expect(authJsonCalls).toBe(calls + 1);
  });

  test("sends the decision's message", async () => {
    liveDecision = { allowed: false, status: 401, message: "sign in to watch" };
    const response = await get("/watch/live/demo-channel/index.m3u8");
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: "sign in to watch" });
  });

  test("logs each request with its headers", async () => {
    const before = origin.requests.length;
    const response = await get("/watch/live/demo-channel/index.m3u8", {
      headers: { Authorization: "Bearer abc" },
    });
    await response.arrayBuffer();
    const entry = origin.requests[before];
    expect(entry).toMatchObject({
      method: "GET",
      url: "/watch/live/demo-channel/index.m3u8",
      status: 200,
    });
    expect(entry.headers.authorization).toBe("Bearer abc");
  });
});
