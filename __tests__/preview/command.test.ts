import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { PREVIEW_USAGE } from "../../scripts/lib/preview/arguments";
import { PREVIEW_TEMP_PREFIX } from "../../scripts/lib/preview/preview";
import { describeWithTools } from "../support/browser-tools";
import { freePort, portIsFree } from "../support/processes";

const execFileAsync = promisify(execFile);
const projectRoot = resolve(__dirname, "..", "..");

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the preview command to its exit, bounded to 20 s, with TMPDIR set to `tempParent`. */
async function runPreview(
  args: string[],
  tempParent: string,
  environment: NodeJS.ProcessEnv = {},
): Promise<RunResult> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      ["--import", "tsx", "scripts/preview.ts", ...args],
      {
        cwd: projectRoot,
        env: {
          ...process.env,
          STREAMING_CONFIG: "",
          TMPDIR: tempParent,
          ...environment,
        },
        timeout: 20_000,
        killSignal: "SIGKILL",
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as {
      code?: number;
      stdout?: string;
      stderr?: string;
    };
    return {
      code: failure.code ?? -1,
      stdout: failure.stdout ?? "",
      stderr: failure.stderr ?? "",
    };
  }
}

function previewFolders(tempParent: string): string[] {
  return readdirSync(tempParent).filter((entry) =>
    entry.startsWith(PREVIEW_TEMP_PREFIX),
  );
}

describe("preview command before start", () => {
  let tempParent: string;

  beforeEach(() => {
    tempParent = mkdtempSync(
      join(tmpdir(), "protected-streaming-preview-command-"),
    );
  });

  afterEach(() => {
    rmSync(tempParent, { recursive: true, force: true });
  });

  test("missing ffmpeg stops with the install command", async () => {
    const [rtmpPort, httpPort] = [await freePort(), await freePort()];
    const result = await runPreview(
      ["--rtmp-port", String(rtmpPort), "--http-port", String(httpPort)],
      tempParent,
      {
        PATH: join(tempParent, "empty-bin"),
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'preview: ffmpeg is required for the preview, but "ffmpeg" is not on PATH (spawnSync ffmpeg ENOENT). Fix: install it with "sudo apt-get install ffmpeg" on Debian or Ubuntu, or "brew install ffmpeg" on macOS, and run the preview again\n',
    );
    expect(result.stdout).toBe("");
    expect(previewFolders(tempParent)).toEqual([]);
    expect(await portIsFree(rtmpPort)).toBe(true);
    expect(await portIsFree(httpPort)).toBe(true);
  }, 25_000);

  test("unknown flag prints the usage", async () => {
    const result = await runPreview(["--rtmp", "1935"], tempParent);
    expect(result.code).toBe(2);
    expect(result.stderr.startsWith("preview: Unknown option '--rtmp'")).toBe(
      true,
    );
    expect(result.stderr).toContain(PREVIEW_USAGE);
    expect(previewFolders(tempParent)).toEqual([]);
  }, 25_000);

  test("help prints the usage", async () => {
    const result = await runPreview(["--help"], tempParent);
    expect(result).toEqual({
      code: 0,
      stdout: `${PREVIEW_USAGE}\n`,
      stderr: "",
    });
  }, 25_000);
});

describeWithTools("preview command with busy ports", ["ffmpeg"], () => {
  let tempParent: string;
  const servers: Server[] = [];

  async function occupy(): Promise<number> {
    const port = await freePort();
    const server = createServer();
    await new Promise<void>((resolve) =>
      server.listen(port, "127.0.0.1", resolve),
    );
    servers.push(server);
    return port;
  }

  beforeAll(() => {
    tempParent = mkdtempSync(
      join(tmpdir(), "protected-streaming-preview-command-"),
    );
  });

  afterAll(async () => {
    await Promise.all(
      servers.map((server) => new Promise((resolve) => server.close(resolve))),
    );
    rmSync(tempParent, { recursive: true, force: true });
  });

  test("busy ports are named before anything starts", async () => {
    const [rtmpPort, httpPort] = [await occupy(), await occupy()];
    const result = await runPreview(
      ["--rtmp-port", String(rtmpPort), "--http-port", String(httpPort)],
      tempParent,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `preview: port ${rtmpPort} on 127.0.0.1 (the RTMP ingest) is already in use. Fix: stop the program that uses it, or pass --rtmp-port with a free port\n` +
        `preview: port ${httpPort} on 127.0.0.1 (the player server) is already in use. Fix: stop the program that uses it, or pass --http-port with a free port\n`,
    );
    expect(previewFolders(tempParent)).toEqual([]);
  }, 25_000);

  test("busy HTTP port leaves the RTMP port free", async () => {
    const rtmpPort = await freePort();
    const httpPort = await occupy();
    const result = await runPreview(
      ["--rtmp-port", String(rtmpPort), "--http-port", String(httpPort)],
      tempParent,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `port ${httpPort} on 127.0.0.1 (the player server) is already in use`,
    );
    expect(result.stderr).not.toContain(`port ${rtmpPort}`);
    expect(previewFolders(tempParent)).toEqual([]);
    expect(await portIsFree(rtmpPort)).toBe(true);
  }, 25_000);
});
