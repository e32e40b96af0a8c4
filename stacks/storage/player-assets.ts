import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3Object } from "@cdktf/provider-aws/lib/s3-object";
import { AssetType, TerraformAsset } from "cdktf";
import type { PlayerBuild, PlayerFile } from "../../player/build";
import { PLAYER_CONFIG_FILE, type PlayerConfig } from "../../player/src/config";
import type { Config } from "../config/schema";
import { BUCKET_PREFIXES, type Names } from "../naming";
import type { StreamingStack } from "../streaming-stack";
import { COGNITO_AUTH_FILE } from "../viewer-access/cognito-contract";

/**
 * The player build (`player/build.ts`) produces the files this stack
 * uploads: each with its key, path, content type and Cache-Control.
 */
export type { PlayerBuild, PlayerFile } from "../../player/build";

/** Key of the generated `config.json`, relative to the player prefix; the player fetches it by this name. */
export const PLAYER_CONFIG_KEY = PLAYER_CONFIG_FILE;

/**
 * Cache-Control of `config.json`: revalidated on every load, like the page,
 * so that a redeployed configuration takes effect on the next page load.
 */
export const PLAYER_CONFIG_CACHE_CONTROL = "no-cache";

/**
 * Contents of `config.json`: the player's own PlayerConfig, so a
 * `viewerAccess` mode of the configuration that the player does not
 * accept fails the type check here.
 */
export type StoredPlayerConfig = PlayerConfig;

/**
 * Builds the contents of `config.json`, typed by the player's own parser.
 * The private API serves the player page and the HLS output from the same
 * stage root, so the manifest path relative to the page is the object key.
 */
export function playerRuntimeConfig(
  config: Config,
  names: Names,
): StoredPlayerConfig {
  return {
    manifestPath: names.hlsMasterPlaylistKey,
    segmentLengthSeconds: config.media.segmentLengthSeconds,
    viewerAccess: config.viewerAccess,
  };
}

const PLAYER_KEY_PATTERN = /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)*$/;

/** Returns the Terraform resource name for an object key: `player_assets_player_abcd1234_js`. */
export function playerObjectId(key: string): string {
  return `player_${key.toLowerCase().replace(/[^a-z0-9]+/g, "_")}`;
}

/** Returns why a build file cannot be uploaded as reported, or undefined when it can. */
function playerFileProblem(file: PlayerFile): string | undefined {
  const segments = file.key.split("/");
  if (
    !PLAYER_KEY_PATTERN.test(file.key) ||
    segments.some((segment) => segment === "." || segment === "..")
  ) {
    return "has a key that is not a relative path of letters, digits, '.', '_', '-' and '/'";
  }
  if (file.key === PLAYER_CONFIG_KEY)
    return `uses the key ${PLAYER_CONFIG_KEY}, which the storage stack generates`;
  if (file.key === COGNITO_AUTH_FILE)
    return `uses the key ${COGNITO_AUTH_FILE}, which the media stack generates for Cognito sign-in`;
  if (file.contentType.trim() === "")
    return "has no content type, so browsers would download it";
  if (file.cacheControl.trim() === "") return "has no Cache-Control";
  return undefined;
}

/**
 * Uploads every file of the player build under the player prefix, and the
 * generated `config.json` next to them.
 *
 * Each file becomes a TerraformAsset, which cdktf copies into the stack's
 * output folder under a content-hash path, so the synthesized `source` is
 * relative to the stack and identical on every machine. `source_hash`
 * makes Terraform upload a file again when its content changes.
 */
export function uploadPlayer(
  stack: StreamingStack,
  bucket: S3Bucket,
  build: PlayerBuild,
): S3Object[] {
  const { config, names } = stack;
  const ids = new Map<string, string>();
  const claimId = (key: string) => {
    const id = playerObjectId(key);
    const other = ids.get(id);
    if (other !== undefined) {
      throw new Error(
        `Player files ${JSON.stringify(other)} and ${JSON.stringify(key)} map to the same resource name ${id}. Fix the player build (player/build.ts) so that file names differ in more than case and punctuation.`,
      );
    }
    ids.set(id, key);
    return id;
  };

  // Provider default tags would become S3 object tags, and S3 allows at
  // most ten per object. The bucket carries the tags instead.
  const untagged = { defaultTags: { tags: {} } };

  const objects = [...build.files]
    // Code-unit order, not locale order, so the output is the same everywhere.
    .sort(
      (left, right) =>
        Number(left.key > right.key) - Number(left.key < right.key),
    )
    .map((file) => {
      const problem = playerFileProblem(file);
      if (problem) {
        throw new Error(
          `Player file ${JSON.stringify(file.key)} ${problem}. Fix the player build (player/build.ts).`,
        );
      }
      const id = claimId(file.key);
      const asset = new TerraformAsset(stack, `${id}_asset`, {
        path: file.absolutePath,
        type: AssetType.FILE,
      });
      return new S3Object(stack, id, {
        bucket: bucket.id,
        key: `${BUCKET_PREFIXES.player}${file.key}`,
        source: asset.path,
        sourceHash: createHash("sha256")
          .update(readFileSync(file.absolutePath))
          .digest("hex"),
        contentType: file.contentType,
        cacheControl: file.cacheControl,
        overrideProvider: untagged,
      });
    });

  const runtimeConfig = new S3Object(stack, claimId(PLAYER_CONFIG_KEY), {
    bucket: bucket.id,
    key: `${BUCKET_PREFIXES.player}${PLAYER_CONFIG_KEY}`,
    content: `${JSON.stringify(playerRuntimeConfig(config, names), null, 2)}\n`,
    contentType: "application/json; charset=utf-8",
    cacheControl: PLAYER_CONFIG_CACHE_CONTROL,
    overrideProvider: untagged,
  });

  return [...objects, runtimeConfig];
}
