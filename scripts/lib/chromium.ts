import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's Chromium; playwright-core never downloads a browser here. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Flags for a quiet, reproducible headless run: no sandbox (containers run
 * as root), no GPU, and no background traffic to Google services, so the
 * only requests are the ones the page makes.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export interface ChromiumOptions {
  /** @default CHROMIUM_PATH */
  readonly executablePath?: string;
  /** Allow autoplay with sound. The default policy allows only muted autoplay, as for real viewers. @default false */
  readonly autoplayWithSound?: boolean;
  /** @default { width: 1280, height: 800 } */
  readonly viewport?: { readonly width: number; readonly height: number };
  /** Time allowed for the browser to start, in milliseconds. @default 30000 */
  readonly launchTimeoutMs?: number;
}

export interface ChromiumSession {
  readonly context: BrowserContext;
  /** Closes the browser and removes its profile folder; safe to call twice. */
  close(): Promise<void>;
}

/** Time allowed for the browser to close, in milliseconds, before its profile is removed anyway. */
const CLOSE_TIMEOUT_MS = 10_000;

/** Starts headless Chromium with a fresh profile in a temporary folder. */
export async function launchChromium(
  options: ChromiumOptions = {},
): Promise<ChromiumSession> {
  const userDataDir = mkdtempSync(
    join(tmpdir(), "protected-streaming-chromium-"),
  );
  const args = [...CHROMIUM_ARGS];
  if (options.autoplayWithSound)
    args.push("--autoplay-policy=no-user-gesture-required");
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.executablePath ?? CHROMIUM_PATH,
      headless: true,
      args,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      timeout: options.launchTimeoutMs ?? 30_000,
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
      });
      await Promise.race([context.close().catch(() => undefined), timeout]);
      clearTimeout(timer);
      rmSync(userDataDir, { recursive: true, force: true });
    })();
    return closing;
  };
  return { context, close };
}

/** Runs `use` with a fresh browser and always closes it, also when `use` throws. */
export async function withChromium<T>(
  use: (context: BrowserContext) => Promise<T>,
  options: ChromiumOptions = {},
): Promise<T> {
  const session = await launchChromium(options);
  try {
    return await use(session.context);
  } finally {
    await session.close();
  }
}
