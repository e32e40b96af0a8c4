import { createHash } from "node:crypto";
import {
  buildSync,
  type BuildFailure,
  type Message,
  type Metafile,
} from "esbuild";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";

/** One built file, as the storage stack uploads it. */
export interface PlayerFile {
  /** Path relative to the output folder with `/` separators, such as `assets/player-ABCD1234.js`. */
  readonly key: string;
  readonly absolutePath: string;
  readonly contentType: string;
  readonly cacheControl: string;
}

/** The result of a player build. */
export interface PlayerBuild {
  /** Absolute path of the output folder. */
  readonly outdir: string;
  /** Every file in the output folder, sorted by key. */
  readonly files: readonly PlayerFile[];
}

export interface BuildPlayerOptions {
  /** Output folder; its previous contents are replaced. @default player/dist */
  readonly outdir?: string;
  /** Folder with `index.html` and `src/`; packages still resolve from this project. @default player/ */
  readonly sourceDir?: string;
  /**
   * For browser tests only: adds `LOOPBACK_CONNECT_SOURCE` to the page's
   * `connect-src`, so that the page can reach a local fake authorization
   * server on another port. Synth and `npm run build:player` never set it.
   * @default false
   */
  readonly allowLoopbackConnections?: boolean;
}

/** The CSP source that `allowLoopbackConnections` adds: any port on 127.0.0.1 over plain http. */
export const LOOPBACK_CONNECT_SOURCE = "http://127.0.0.1:*";

/** Raised when the player cannot be built; the message names the failing file. */
export class PlayerBuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlayerBuildError";
  }
}

/** The player's source folder. */
export const PLAYER_ROOT = __dirname;

/** Folder that packages such as hls.js are resolved from, also for a source folder outside the project. */
const NODE_MODULES = resolve(PLAYER_ROOT, "..", "node_modules");

/** Default output folder, which the synth command uploads. */
export const DEFAULT_PLAYER_OUTDIR = join(PLAYER_ROOT, "dist");

/** The page must be revalidated on every load, so a deploy reaches viewers at once. */
export const PAGE_CACHE_CONTROL = "no-cache";

/** Hashed assets never change under their name. */
export const ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** Folder of the hashed assets inside the output folder. */
export const ASSET_FOLDER = "assets";

const HTML_TEMPLATE = "index.html";

/** Source paths as `index.html` references them, each replaced by its hashed output. */
const ENTRY_POINTS = {
  script: "src/main.ts",
  icon: "src/icon.svg",
} as const;
const STYLESHEET_SOURCE = "src/player.css";

/**
 * hls.js's transmuxer worker. The ES module build of hls.js has no worker
 * of its own, so the build ships this one as a hashed asset and passes its
 * path to the bundle as `__HLS_WORKER_PATH__`.
 */
const HLS_WORKER_SOURCE = require.resolve("hls.js/dist/hls.worker.js");

/** Browsers the bundle is compiled for; Media Source Extensions need at least these. */
const BROWSER_TARGETS = ["chrome90", "edge90", "firefox90", "safari14"];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

/**
 * Returns the Content-Type for a built file by its extension. Throws for an
 * unknown extension, because S3 serves an object without a content type as
 * a download.
 */
export function contentTypeForKey(key: string): string {
  const extension = /\.[^./]+$/.exec(key)?.[0] ?? "";
  const contentType = CONTENT_TYPES[extension];
  if (contentType === undefined) {
    throw new PlayerBuildError(
      `player build produced ${key}, which has no known content type; add its extension to CONTENT_TYPES in player/build.ts`,
    );
  }
  return contentType;
}

/** Returns the Cache-Control for a built file: hashed assets are immutable, everything else revalidates. */
export function cacheControlForKey(key: string): string {
  return key.startsWith(`${ASSET_FOLDER}/`)
    ? ASSET_CACHE_CONTROL
    : PAGE_CACHE_CONTROL;
}

/**
 * Bundles the player into hashed files and writes `index.html` pointing at
 * them. The output is built in a temporary folder beside `outdir` and
 * replaces it only when complete, so a failed build leaves the previous
 * output as it was. The same sources always give the same bytes and names.
 */
export function buildPlayer(options: BuildPlayerOptions = {}): PlayerBuild {
  const outdir = resolve(options.outdir ?? DEFAULT_PLAYER_OUTDIR);
  const sourceDir = resolve(options.sourceDir ?? PLAYER_ROOT);
  const template = readTemplate(sourceDir);
  mkdirSync(dirname(outdir), { recursive: true });
  const staging = mkdtempSync(join(dirname(outdir), `.${basename(outdir)}-`));
  try {
    const workerKey = copyWorker(staging);
    const outputs = bundle(sourceDir, staging, workerKey);
    const page = pageWithAssets(template, outputs, sourceDir);
    const html = options.allowLoopbackConnections
      ? withLoopbackConnectSource(page)
      : page;
    writeFileSync(join(staging, HTML_TEMPLATE), html);
    const keys = listKeys(staging);
    // mkdtemp creates the folder readable by its owner only.
    chmodSync(staging, 0o755);
    rmSync(outdir, { recursive: true, force: true });
    renameSync(staging, outdir);
    return {
      outdir,
      files: keys.map((key) => ({
        key,
        absolutePath: join(outdir, ...key.split("/")),
        contentType: contentTypeForKey(key),
        cacheControl: cacheControlForKey(key),
      })),
    };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

function readTemplate(sourceDir: string): string {
  const path = join(sourceDir, HTML_TEMPLATE);
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    throw new PlayerBuildError(
      `player build failed: cannot read ${displayPath(path)} (${(error as Error).message})`,
    );
  }
}

/** Source path (as `index.html` spells it) to output key. */
type AssetOutputs = ReadonlyMap<string, string>;

/**
 * Copies the hls.js worker under a content-hashed name, without its source
 * map comment (the map is not shipped), and returns its key.
 */
function copyWorker(staging: string): string {
  let text: string;
  try {
    text = readFileSync(HLS_WORKER_SOURCE, "utf8");
  } catch (error) {
    throw new PlayerBuildError(
      `player build failed: cannot read ${displayPath(HLS_WORKER_SOURCE)} (${(error as Error).message})`,
    );
  }
  const content = text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
  const hash = createHash("sha256")
    .update(content)
    .digest("hex")
    .slice(0, 8)
    .toUpperCase();
  const key = `${ASSET_FOLDER}/hls-worker-${hash}.js`;
  mkdirSync(join(staging, ASSET_FOLDER), { recursive: true });
  writeFileSync(join(staging, key), content);
  return key;
}

function bundle(
  sourceDir: string,
  staging: string,
  workerKey: string,
): AssetOutputs {
  let metafile: Metafile;
  try {
    const result = buildSync({
      absWorkingDir: sourceDir,
      nodePaths: [NODE_MODULES],
      entryPoints: { player: ENTRY_POINTS.script, icon: ENTRY_POINTS.icon },
      outdir: staging,
      entryNames: `${ASSET_FOLDER}/[name]-[hash]`,
      bundle: true,
      minify: true,
      format: "iife",
      platform: "browser",
      target: BROWSER_TARGETS,
      loader: { ".svg": "copy" },
      legalComments: "eof",
      charset: "utf8",
      define: { __HLS_WORKER_PATH__: JSON.stringify(workerKey) },
      metafile: true,
      logLevel: "silent",
      write: true,
    });
    metafile = result.metafile;
  } catch (error) {
    throw new PlayerBuildError(describeFailure(error, sourceDir));
  }
  const outputs = new Map<string, string>();
  for (const [outputPath, output] of Object.entries(metafile.outputs)) {
    const key = relative(staging, join(sourceDir, outputPath))
      .split(sep)
      .join("/");
    if (output.entryPoint === ENTRY_POINTS.script) {
      outputs.set(ENTRY_POINTS.script, key);
      if (output.cssBundle !== undefined) {
        const cssKey = relative(staging, join(sourceDir, output.cssBundle))
          .split(sep)
          .join("/");
        outputs.set(STYLESHEET_SOURCE, cssKey);
      }
    } else if (output.entryPoint === ENTRY_POINTS.icon) {
      outputs.set(ENTRY_POINTS.icon, key);
    }
  }
  return outputs;
}

/** Formats esbuild's errors as "player build failed:" plus one "file:line:column: text" line each. */
function describeFailure(error: unknown, sourceDir: string): string {
  const messages = (error as Partial<BuildFailure>).errors;
  if (!Array.isArray(messages) || messages.length === 0) {
    return `player build failed: ${(error as Error).message ?? String(error)}`;
  }
  const lines = messages.map((message: Message) => {
    const location = message.location;
    const where = location
      ? `${displayPath(join(sourceDir, location.file))}:${location.line}:${location.column + 1}`
      : displayPath(sourceDir);
    return `  ${where}: ${message.text}`;
  });
  return `player build failed:\n${lines.join("\n")}`;
}

/**
 * Points `index.html` at the hashed files, replacing each source path that
 * appears in a `src` or `href` attribute. Rejects inline scripts and style
 * attributes, which the page's Content-Security-Policy would block.
 */
function pageWithAssets(
  template: string,
  outputs: AssetOutputs,
  sourceDir: string,
): string {
  const file = displayPath(join(sourceDir, HTML_TEMPLATE));
  if (/<script(?![^>]*\ssrc=)[^>]*>/i.test(template)) {
    throw new PlayerBuildError(
      `player build failed: ${file} contains an inline <script>; move the code to src/`,
    );
  }
  if (/\sstyle=/i.test(template)) {
    throw new PlayerBuildError(
      `player build failed: ${file} contains a style attribute; move the rule to ${STYLESHEET_SOURCE}`,
    );
  }
  let html = template;
  for (const source of [
    ENTRY_POINTS.script,
    STYLESHEET_SOURCE,
    ENTRY_POINTS.icon,
  ]) {
    const output = outputs.get(source);
    if (output === undefined) {
      throw new PlayerBuildError(
        `player build failed: esbuild produced no output for ${displayPath(join(sourceDir, source))}`,
      );
    }
    const attribute = new RegExp(
      `(\\s(?:src|href)=")${escapeRegExp(source)}(")`,
      "g",
    );
    const count = html.match(attribute)?.length ?? 0;
    if (count !== 1) {
      throw new PlayerBuildError(
        `player build failed: ${file} must reference "${source}" in exactly one src or href attribute; found ${count}`,
      );
    }
    html = html.replace(attribute, `$1${output}$2`);
  }
  return html;
}

/** Appends LOOPBACK_CONNECT_SOURCE to the one `connect-src` directive of the page's policy. */
function withLoopbackConnectSource(html: string): string {
  const directive =
    /(http-equiv="Content-Security-Policy"\s+content="[^"]*?\bconnect-src\s[^;"]*)/g;
  const count = html.match(directive)?.length ?? 0;
  if (count !== 1) {
    throw new PlayerBuildError(
      `player build failed: ${HTML_TEMPLATE} must contain exactly one Content-Security-Policy with a connect-src directive; found ${count}`,
    );
  }
  return html.replace(directive, `$1 ${LOOPBACK_CONNECT_SOURCE}`);
}

function listKeys(root: string, prefix = ""): string[] {
  const keys: string[] = [];
  for (const entry of readdirSync(join(root, prefix), {
    withFileTypes: true,
  })) {
    const key = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) keys.push(...listKeys(root, key));
    else keys.push(key);
  }
  return keys.sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Shows a path relative to the working folder when it is inside it. */
function displayPath(path: string): string {
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith("..") ? path : relativePath;
}

if (require.main === module) {
  try {
    const build = buildPlayer();
    for (const file of build.files) {
      process.stdout.write(
        `${relative(process.cwd(), file.absolutePath)}  ${file.contentType}  ${file.cacheControl}\n`,
      );
    }
  } catch (error) {
    if (!(error instanceof PlayerBuildError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  }
}
