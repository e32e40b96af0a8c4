import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type {
  PlayerBuild,
  PlayerFile,
} from "../../stacks/storage/player-assets";

/** Cache-Control the fixture gives the page, which browsers must revalidate. */
export const PAGE_CACHE_CONTROL = "no-cache";
/** Cache-Control the fixture gives content-hashed assets. */
export const HASHED_ASSET_CACHE_CONTROL = "public, max-age=31536000, immutable";

export interface FixtureFile extends Omit<PlayerFile, "absolutePath"> {
  readonly body: string;
}

/** A player build shaped like the real one: a page and content-hashed assets. */
export const FIXTURE_FILES: readonly FixtureFile[] = [
  {
    key: "index.html",
    body: "<!doctype html><title>player</title>",
    contentType: "text/html; charset=utf-8",
    cacheControl: PAGE_CACHE_CONTROL,
  },
  {
    key: "assets/app-3F2A1B9C.js",
    body: "console.log('player');",
    contentType: "text/javascript; charset=utf-8",
    cacheControl: HASHED_ASSET_CACHE_CONTROL,
  },
  {
    key: "assets/app-7D1E0C44.css",
    body: "body{margin:0}",
    contentType: "text/css; charset=utf-8",
    cacheControl: HASHED_ASSET_CACHE_CONTROL,
  },
];

/**
 * Writes the files into a new folder under the system temp folder and
 * returns them as a player build. The caller removes `outdir`.
 */
export function writePlayerFixture(
  files: readonly FixtureFile[] = FIXTURE_FILES,
): PlayerBuild {
  const outdir = mkdtempSync(join(tmpdir(), "protected-streaming-player-"));
  const written = files.map(({ body, ...file }) => {
    const absolutePath = join(outdir, ...file.key.split("/"));
    mkdirSync(dirname(absolutePath), { recursive: true });
    writeFileSync(absolutePath, body);
    return { ...file, absolutePath };
  });
  return { outdir, files: written };
}
