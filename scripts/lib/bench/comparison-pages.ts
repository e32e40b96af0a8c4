import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlayerBuild, PlayerFile } from "../../../player/build";
import { ASSET_CACHE_CONTROL, ASSET_FOLDER } from "../../../player/build";

/** Paths of the comparison pages below the stage, such as `assets/bench-hlsjs.html`. */
export const COMPARISON_PAGE_PATHS = {
  hlsjs: `${ASSET_FOLDER}/bench-hlsjs.html`,
  videojs: `${ASSET_FOLDER}/bench-videojs.html`,
} as const;

/** Package files the pages load, resolved from this project's node_modules; nothing comes from a CDN. */
const PACKAGE_FILES = {
  hlsScript: require.resolve("hls.js/dist/hls.min.js"),
  videojsScript: require.resolve("video.js/dist/video.min.js"),
  videojsStylesheet: require.resolve("video.js/dist/video-js.min.css"),
};

/**
 * hls.js with its default settings: the page only creates the instance,
 * loads the stream and lets the muted video autoplay.
 */
function hlsjsPage(manifestUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>hls.js defaults</title>
<style>body { margin: 0; background: #000; } video { display: block; width: 100%; }</style>
</head>
<body>
<video id="video" muted autoplay playsinline></video>
<script src="hls.min.js"></script>
<script>
  const video = document.getElementById("video");
  if (Hls.isSupported()) {
    const hls = new Hls();
    hls.loadSource(${JSON.stringify(manifestUrl)});
    hls.attachMedia(video);
    window.benchEngine = "hls.js " + Hls.version;
  } else {
    video.src = ${JSON.stringify(manifestUrl)};
    window.benchEngine = "native";
  }
</script>
</body>
</html>
`;
}

/**
 * video.js 8 with its bundled HTTP streaming (VHS). The only changed
 * setting turns off the Network Information API, whose estimate in
 * headless Chromium is a slow link and would hold VHS on the lowest
 * rendition. The page reports whether VHS, not native HLS, plays.
 */
function videojsPage(manifestUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>video.js 8</title>
<link rel="stylesheet" href="video-js.min.css">
<style>body { margin: 0; background: #000; }</style>
</head>
<body>
<video-js id="player" class="video-js vjs-fluid" controls muted playsinline preload="auto"></video-js>
<script src="video.min.js"></script>
<script>
  const player = videojs("player", {
    autoplay: "muted",
    html5: { vhs: { useNetworkInformationApi: false } },
  });
  player.src({ src: ${JSON.stringify(manifestUrl)}, type: "application/x-mpegURL" });
  player.on("loadedmetadata", () => {
    const vhs = player.tech({ IWillNotUseThisInPlugins: true }).vhs;
    const vhsVersion = vhs && typeof vhs.version === "function" ? vhs.version()["@videojs/http-streaming"] : "";
    window.benchEngine = "video.js " + videojs.VERSION + (vhs ? " with VHS " + vhsVersion : " without VHS");
  });
</script>
</body>
</html>
`;
}

/**
 * Returns the player build with the two comparison pages and the package
 * files they load added under `assets/`, so the local origin serves all
 * three players from one origin and one stream. `manifestUrl` is the
 * master playlist relative to the pages.
 */
export function withComparisonPages(
  player: PlayerBuild,
  pagesDir: string,
  manifestUrl: string,
): PlayerBuild {
  mkdirSync(pagesDir, { recursive: true });
  const file = (
    key: string,
    absolutePath: string,
    contentType: string,
  ): PlayerFile => ({
    key,
    absolutePath,
    contentType,
    cacheControl: ASSET_CACHE_CONTROL,
  });
  const hlsjsPath = join(pagesDir, "bench-hlsjs.html");
  const videojsPath = join(pagesDir, "bench-videojs.html");
  writeFileSync(hlsjsPath, hlsjsPage(manifestUrl));
  writeFileSync(videojsPath, videojsPage(manifestUrl));
  const html = "text/html; charset=utf-8";
  const script = "text/javascript; charset=utf-8";
  const extra = [
    file(COMPARISON_PAGE_PATHS.hlsjs, hlsjsPath, html),
    file(COMPARISON_PAGE_PATHS.videojs, videojsPath, html),
    file(`${ASSET_FOLDER}/hls.min.js`, PACKAGE_FILES.hlsScript, script),
    file(`${ASSET_FOLDER}/video.min.js`, PACKAGE_FILES.videojsScript, script),
    file(
      `${ASSET_FOLDER}/video-js.min.css`,
      PACKAGE_FILES.videojsStylesheet,
      "text/css; charset=utf-8",
    ),
  ];
  const existingKeys = new Set(player.files.map((existing) => existing.key));
  const clash = extra.find((added) => existingKeys.has(added.key));
  if (clash !== undefined)
    throw new Error(`the player build already has a file ${clash.key}`);
  return { outdir: player.outdir, files: [...player.files, ...extra] };
}
