import { spawn, type ChildProcess } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import {
  launchChromium,
  type ChromiumSession,
} from "../../scripts/lib/chromium";
import { variantPlaylistName } from "../../scripts/lib/hls-encoder";
import { PREVIEW_TEMP_PREFIX } from "../../scripts/lib/preview/preview";
import { namesFor } from "../../stacks/naming";
import { describeWithTools } from "../support/browser-tools";
import {
  descendantsOf,
  freePort,
  groupExists,
  isRunning,
  portIsFree,
  type ProcessInfo,
} from "../support/processes";
import { configWith } from "../support/synth";

/** Small renditions, so that the test source and the transcode keep up on two busy cores. */
const rawConfig = {
  environment: "preview",
  media: {
    segmentLengthSeconds: 2,
    renditions: [
      {
        name: "360p",
        width: 640,
        height: 360,
        videoBitrate: 700_000,
        audioBitrate: 96_000,
      },
      {
        name: "180p",
        width: 320,
        height: 180,
        videoBitrate: 250_000,
        audioBitrate: 64_000,
      },
      {
        name: "144p",
        width: 256,
        height: 144,
        videoBitrate: 150_000,
        audioBitrate: 64_000,
      },
    ],
  },
};
const config = configWith(rawConfig);
const names = namesFor(config);
const segmentSeconds = config.media.segmentLengthSeconds;
const projectRoot = resolve(__dirname, "..", "..");

/** Upper bound from starting the command to a master playlist and 3 segments per rendition, in milliseconds. */
const FIRST_SEGMENTS_BOUND_MS = 30_000;

interface Segment {
  readonly sequence: number;
  readonly uri: string;
  readonly durationSeconds: number;
  /** Whether `#EXT-X-DISCONTINUITY` precedes the segment. */
  readonly discontinuity: boolean;
}

/** Reads the segments of a media playlist with their sequence numbers. */
function parseMediaPlaylist(text: string): Segment[] {
  const lines = text.split("\n").map((line) => line.trim());
  let sequence = Number(
    lines
      .find((line) => line.startsWith("#EXT-X-MEDIA-SEQUENCE:"))
      ?.split(":")[1] ?? 0,
  );
  const segments: Segment[] = [];
  let durationSeconds: number | undefined;
  let discontinuity = false;
  for (const line of lines) {
    if (line.startsWith("#EXTINF:"))
      durationSeconds = Number.parseFloat(line.slice("#EXTINF:".length));
    else if (line === "#EXT-X-DISCONTINUITY") discontinuity = true;
    else if (
      line !== "" &&
      !line.startsWith("#") &&
      durationSeconds !== undefined
    ) {
      segments.push({ sequence, uri: line, durationSeconds, discontinuity });
      sequence += 1;
      durationSeconds = undefined;
      discontinuity = false;
    }
  }
  return segments;
}

/** Reads the variants of a master playlist: each URI with its RESOLUTION attribute. */
function parseMasterPlaylist(
  text: string,
): { uri: string; resolution: string | undefined }[] {
  const lines = text.split("\n").map((line) => line.trim());
  return lines.flatMap((line, index) => {
    if (!line.startsWith("#EXT-X-STREAM-INF:")) return [];
    const uri =
      lines
        .slice(index + 1)
        .find((next) => next !== "" && !next.startsWith("#")) ?? "";
    return [{ uri, resolution: /RESOLUTION=(\d+x\d+)/.exec(line)?.[1] }];
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/*
 * The parts of the DOM that the page function below uses. It runs inside
 * Chromium; this declaration only types it, without the DOM library.
 */
declare const document: {
  querySelector(
    selector: "video",
  ): { readonly currentTime: number; readonly paused: boolean } | null;
};

/** A running `scripts/preview.ts` with its output and every process it started so far. */
interface PreviewRun {
  readonly command: ChildProcess;
  readonly rtmpPort: number;
  readonly httpPort: number;
  /** TMPDIR of the command, so the test can see that nothing is left in it. */
  readonly tmpDir: string;
  readonly output: { stdout: string; stderr: string };
  readonly exited: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>;
  /** Every process the command started that the test has seen, so cleanup can end them. */
  readonly seenProcesses: Map<number, ProcessInfo>;
}

/** Starts the command with `--test-source`, a config file and free ports, in its own process group. */
async function startPreviewCommand(
  rawConfig: unknown,
  workDir: string,
): Promise<PreviewRun> {
  const tmpDir = join(workDir, "tmp");
  mkdirSync(tmpDir);
  const configPath = join(workDir, "config.json");
  writeFileSync(configPath, JSON.stringify(rawConfig));
  const rtmpPort = await freePort();
  let httpPort = await freePort();
  while (httpPort === rtmpPort) httpPort = await freePort();

  const args = [
    "--import",
    "tsx",
    "scripts/preview.ts",
    "--test-source",
    "--rtmp-port",
    String(rtmpPort),
    "--http-port",
    String(httpPort),
  ];
  // Its own process group, so that cleanup can end the command even when a test fails early.
  const command = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, STREAMING_CONFIG: configPath, TMPDIR: tmpDir },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = { stdout: "", stderr: "" };
  command.stdout
    ?.setEncoding("utf8")
    .on("data", (chunk: string) => (output.stdout += chunk));
  command.stderr
    ?.setEncoding("utf8")
    .on("data", (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
  }>((resolve) =>
    command.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return {
    command,
    rtmpPort,
    httpPort,
    tmpDir,
    output,
    exited,
    seenProcesses: new Map(),
  };
}

/** Returns the processes the command runs now and adds them to `seenProcesses`. */
function recordDescendants(run: PreviewRun): ProcessInfo[] {
  const processes =
    run.command.pid === undefined ? [] : descendantsOf(run.command.pid);
  for (const info of processes) run.seenProcesses.set(info.pid, info);
  return processes;
}

/** Polls `check` until it returns a value; fails with the command's log after `timeoutMs`. */
async function waitFor<T>(
  run: PreviewRun,
  description: string,
  check: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    recordDescendants(run);
    const value = await check();
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${description}; preview stderr:\n${run.output.stderr}`,
  );
}

/** Sends SIGINT and returns how the command exited, or "timeout" after `timeoutMs`. */
async function interrupt(run: PreviewRun, timeoutMs: number) {
  process.kill(run.command.pid ?? 0, "SIGINT");
  let timer: NodeJS.Timeout | undefined;
  const result = await Promise.race([
    run.exited,
    new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), timeoutMs);
    }),
  ]);
  clearTimeout(timer);
  return result;
}

/** Ends the command's process group and every process it was seen to start, then removes `workDir`. */
function cleanUp(
  run: PreviewRun | undefined,
  workDir: string | undefined,
): void {
  if (
    run?.command.pid !== undefined &&
    run.command.exitCode === null &&
    run.command.signalCode === null
  ) {
    recordDescendants(run);
    process.kill(-run.command.pid, "SIGKILL");
  }
  for (const info of run?.seenProcesses.values() ?? []) {
    try {
      process.kill(info.pid, "SIGKILL");
    } catch {
      // Already gone, which is the expected case.
    }
  }
  if (workDir) rmSync(workDir, { recursive: true, force: true });
}

async function fetchText(url: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    headers,
    signal: AbortSignal.timeout(5_000),
  });
  return {
    status: response.status,
    contentType: response.headers.get("content-type"),
    text: await response.text(),
  };
}

/** Waits until the page's video plays, then checks that currentTime advances by at least 1.5 s in 3 s. */
async function waitForAdvancingPlayback(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const video = document.querySelector("video");
      return video !== null && !video.paused && video.currentTime > 0;
    },
    null,
    { timeout: 20_000, polling: 100 },
  );
  const first = await page.evaluate(
    () => document.querySelector("video")?.currentTime ?? -1,
  );
  await sleep(3_000);
  const later = await page.evaluate(
    () => document.querySelector("video")?.currentTime ?? -1,
  );
  expect(later - first).toBeGreaterThan(1.5);
}

describeWithTools("preview command", ["chromium", "ffmpeg"], () => {
  let workDir: string;
  let run: PreviewRun;
  let browser: ChromiumSession | undefined;

  const channelUrl = () =>
    `http://127.0.0.1:${run.httpPort}/${config.api.stageName}/${names.hlsMasterPlaylistKey.replace(/index\.m3u8$/, "")}`;

  async function variantSegments(renditionName: string): Promise<Segment[]> {
    const response = await fetchText(
      `${channelUrl()}index_${renditionName}.m3u8`,
    );
    return response.status === 200 ? parseMediaPlaylist(response.text) : [];
  }

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), "protected-streaming-preview-e2e-"));
    run = await startPreviewCommand(rawConfig, workDir);
  });

  afterAll(async () => {
    await browser?.close();
    cleanUp(run, workDir);
  }, 30_000);

  test("prints OBS settings and player URL", async () => {
    await waitFor(
      run,
      "the startup summary",
      async () => (run.output.stdout.includes("Player:") ? true : undefined),
      20_000,
    );
    expect(run.output.stdout).toContain(
      `Server:      rtmp://127.0.0.1:${run.rtmpPort}/${config.media.applicationName}\n`,
    );
    expect(run.output.stdout).toContain(
      `Stream Key:  ${config.media.streamKey}\n`,
    );
    expect(run.output.stdout).toContain(
      `Player:        http://127.0.0.1:${run.httpPort}/${config.api.stageName}/\n`,
    );
  }, 25_000);

  test(
    "master playlist lists each rendition",
    async () => {
      const master = await waitFor(
        run,
        "the master playlist",
        async () => {
          const response = await fetchText(`${channelUrl()}index.m3u8`).catch(
            () => undefined,
          );
          return response?.status === 200 ? response : undefined;
        },
        FIRST_SEGMENTS_BOUND_MS,
      );
      expect(master.contentType).toBe("application/vnd.apple.mpegurl");
      expect(parseMasterPlaylist(master.text)).toEqual(
        config.media.renditions.map((rendition) => ({
          uri: variantPlaylistName(rendition),
          resolution: `${rendition.width}x${rendition.height}`,
        })),
      );
    },
    FIRST_SEGMENTS_BOUND_MS + 5_000,
  );

  test(
    "segments last the segment length",
    async () => {
      for (const rendition of config.media.renditions) {
        const segments = await waitFor(
          run,
          `3 segments of ${rendition.name}`,
          async () => {
            const listed = await variantSegments(rendition.name);
            return listed.length >= 3 ? listed : undefined;
          },
          FIRST_SEGMENTS_BOUND_MS,
        );
        for (const segment of segments) {
          expect(segment.durationSeconds).toBeGreaterThanOrEqual(
            segmentSeconds * 0.9,
          );
          expect(segment.durationSeconds).toBeLessThanOrEqual(
            segmentSeconds * 1.1,
          );
        }
        expect(segments[0].uri).toMatch(
          new RegExp(`^index_${rendition.name}_\\d{5}\\.ts$`),
        );
      }
      const newest = (
        await variantSegments(config.media.renditions[0].name)
      ).at(-1);
      const segment = await fetch(`${channelUrl()}${newest?.uri}`, {
        signal: AbortSignal.timeout(5_000),
      });
      expect(segment.status).toBe(200);
      expect(segment.headers.get("content-type")).toBe("video/mp2t");
      expect((await segment.arrayBuffer()).byteLength).toBeGreaterThan(0);
    },
    FIRST_SEGMENTS_BOUND_MS + 10_000,
  );

  test("player plays the stream", async () => {
    browser = await launchChromium();
    const page = await browser.context.newPage();
    await page.goto(
      `http://127.0.0.1:${run.httpPort}/${config.api.stageName}/`,
    );
    await waitForAdvancingPlayback(page);
    await browser.close();
    browser = undefined;
  }, 45_000);

  test("publisher reconnect adds segments", async () => {
    const rendition =
      config.media.renditions[config.media.renditions.length - 1];
    const before = await variantSegments(rendition.name);
    const lastBefore = before[before.length - 1].sequence;
    const running = recordDescendants(run);
    const publisher = running.find((info) =>
      info.commandLine.includes(" -f flv "),
    );
    const ingest = running.find((info) =>
      info.commandLine.includes(" -listen 1 "),
    );
    if (publisher === undefined || ingest === undefined) {
      throw new Error(
        `publisher or ingest not found among ${JSON.stringify(running)}`,
      );
    }
    process.kill(publisher.pid, "SIGKILL");

    const after = await waitFor(
      run,
      "2 segments after the reconnect",
      async () => {
        const segments = await variantSegments(rendition.name);
        const restartIndex = segments.findIndex(
          (segment) => segment.discontinuity && segment.sequence > lastBefore,
        );
        return restartIndex >= 0 && segments.length - restartIndex >= 2
          ? segments.slice(restartIndex)
          : undefined;
      },
      25_000,
    );
    const processes = recordDescendants(run);
    const newPublisher = processes.find((info) =>
      info.commandLine.includes(" -f flv "),
    );
    const newIngest = processes.find((info) =>
      info.commandLine.includes(" -listen 1 "),
    );
    expect(newPublisher?.pid).not.toBe(publisher.pid);
    expect(newIngest?.pid).not.toBe(ingest.pid);
    expect(after[0].sequence).toBeGreaterThan(lastBefore);
    expect(after[1].durationSeconds).toBeGreaterThanOrEqual(
      segmentSeconds * 0.9,
    );
    expect(after[1].durationSeconds).toBeLessThanOrEqual(segmentSeconds * 1.1);
    expect(run.output.stderr).toContain(
      `test source (pid ${publisher.pid}) exited with SIGKILL`,
    );
    expect(run.output.stderr).toContain(
      `RTMP ingest (pid ${ingest.pid}) exited with code 0`,
    );
  }, 35_000);

  test("SIGINT stops every process", async () => {
    const processes = recordDescendants(run);
    expect(processes.length).toBeGreaterThanOrEqual(2);
    const tempDir = /created temporary folder (\S+)/.exec(
      run.output.stderr,
    )?.[1];
    expect(tempDir).toBeDefined();
    expect(existsSync(tempDir ?? "")).toBe(true);

    expect(await interrupt(run, 15_000)).toEqual({ code: 0, signal: null });

    for (const info of run.seenProcesses.values()) {
      expect({
        pid: info.pid,
        running: isRunning(info.pid),
        groupExists: groupExists(info.groupId),
      }).toEqual({
        pid: info.pid,
        running: false,
        groupExists: false,
      });
    }
    expect(existsSync(tempDir ?? "")).toBe(false);
    // tsx keeps its compile cache in TMPDIR too; only the preview's own folders matter here.
    expect(
      readdirSync(run.tmpDir).filter((entry) =>
        entry.startsWith(PREVIEW_TEMP_PREFIX),
      ),
    ).toEqual([]);
    expect(await portIsFree(run.rtmpPort)).toBe(true);
    expect(await portIsFree(run.httpPort)).toBe(true);
  }, 25_000);
});

describeWithTools(
  "preview command with signed links",
  ["chromium", "ffmpeg"],
  () => {
    const signedConfig = { ...rawConfig, viewerAccess: "signed-links" };
    let workDir: string;
    let run: PreviewRun;
    let browser: ChromiumSession | undefined;
    let link: URL;

    beforeAll(async () => {
      workDir = mkdtempSync(
        join(tmpdir(), "protected-streaming-preview-links-e2e-"),
      );
      run = await startPreviewCommand(signedConfig, workDir);
      const printed = await waitFor(
        run,
        "the viewer link",
        async () => /Player: +(\S+#token=\S+)/.exec(run.output.stdout)?.[1],
        20_000,
      );
      link = new URL(printed);
    }, 25_000);

    afterAll(async () => {
      await browser?.close();
      cleanUp(run, workDir);
    }, 30_000);

    test("printed link plays the stream", async () => {
      expect(`${link.origin}${link.pathname}`).toBe(
        `http://127.0.0.1:${run.httpPort}/${config.api.stageName}/`,
      );
      browser = await launchChromium();
      const page = await browser.context.newPage();
      await page.goto(link.href);
      await waitForAdvancingPlayback(page);
    }, 45_000);

    test("stream needs the link's token", async () => {
      const master = `${link.origin}${link.pathname}${names.hlsMasterPlaylistKey}`;
      const token = link.hash.replace(/^#token=/, "");
      expect((await fetchText(master)).status).toBe(401);
      expect(
        (await fetchText(master, { Authorization: `Bearer ${token}` })).status,
      ).toBe(200);
      expect(run.output.stderr).toContain(
        `viewer link check: request rejected (missing-token: no Authorization header) for /${names.hlsMasterPlaylistKey}`,
      );
      expect(run.output.stderr).not.toContain(token);
      expect(await interrupt(run, 15_000)).toEqual({ code: 0, signal: null });
    }, 25_000);
  },
);
