import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPlayer } from "../../player/build";
import { parsePlayerConfig } from "../../player/src/config";
import type { PlayerBuild } from "../../stacks/storage/player-assets";
import { synthesize } from "../../stacks/synthesize";
import { block, blocksOfType, configWith, synthAll } from "../support/synth";
import {
  FIXTURE_FILES,
  writePlayerFixture,
  type FixtureFile,
} from "./player-fixture";

const builds: PlayerBuild[] = [];
afterAll(() => {
  for (const build of builds)
    rmSync(build.outdir, { recursive: true, force: true });
});

function fixtureBuild(files?: readonly FixtureFile[]): PlayerBuild {
  const build = writePlayerFixture(files);
  builds.push(build);
  return build;
}

function playerObjects(
  build: PlayerBuild,
  overrides: Record<string, unknown> = {},
) {
  return blocksOfType(
    synthAll(overrides, build).storage.resource,
    "aws_s3_object",
  );
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

describe("player files", () => {
  const objects = playerObjects(fixtureBuild());

  test("one object per file plus config.json", () => {
    expect(Object.keys(objects).sort()).toEqual([
      "player_assets_app_3f2a1b9c_js",
      "player_assets_app_7d1e0c44_css",
      "player_config_json",
      "player_index_html",
    ]);
  });

  test.each(FIXTURE_FILES.map((file) => [file.key, file] as const))(
    "%s uploaded as built",
    (key, file) => {
      const object = Object.values(objects).find(
        (candidate) => candidate.key === `player/${key}`,
      );
      expect(object).toBeDefined();
      expect(object?.bucket).toBe("${aws_s3_bucket.media_bucket.id}");
      expect(object?.content_type).toBe(file.contentType);
      expect(object?.cache_control).toBe(file.cacheControl);
      expect(object?.source_hash).toBe(sha256(file.body));
      expect(object?.override_provider).toEqual({ default_tags: { tags: {} } });
      expect(object?.acl).toBeUndefined();
    },
  );

  test("source is a path inside the stack folder", () => {
    expect(objects.player_index_html.source).toMatch(
      /^assets\/player_index_html_asset\/[0-9A-F]{32}\/index\.html$/,
    );
    expect(objects.player_assets_app_3f2a1b9c_js.source).toMatch(
      /^assets\/player_assets_app_3f2a1b9c_js_asset\/[0-9A-F]{32}\/app-3F2A1B9C\.js$/,
    );
  });

  test("every object has a content type and Cache-Control", () => {
    for (const object of Object.values(objects)) {
      expect(String(object.content_type)).toMatch(
        /^[a-z]+\/[a-z0-9.+-]+(; charset=utf-8)?$/,
      );
      expect(String(object.cache_control)).not.toBe("");
    }
  });
});

describe("player files: real build", () => {
  const root = mkdtempSync(join(tmpdir(), "protected-streaming-player-build-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const build = buildPlayer({ outdir: join(root, "dist") });
  const objects = Object.values(playerObjects(build));

  /** Content types a browser needs for each extension the player ships. */
  const expectedContentTypes: Record<string, string> = {
    html: "text/html; charset=utf-8",
    js: "text/javascript; charset=utf-8",
    css: "text/css; charset=utf-8",
    svg: "image/svg+xml",
  };

  test("page, script and stylesheet built", () => {
    const extensions = build.files.map((file) =>
      file.key.slice(file.key.lastIndexOf(".") + 1),
    );
    expect(extensions).toEqual(expect.arrayContaining(["html", "js", "css"]));
  });

  test("every built file uploaded once", () => {
    const keys = objects.map((object) => object.key).sort();
    const expected = [
      ...build.files.map((file) => `player/${file.key}`),
      "player/config.json",
    ].sort();
    expect(keys).toEqual(expected);
  });

  test.each(build.files.map((file) => [file.key] as const))(
    "%s content type and caching",
    (key) => {
      const object = objects.find(
        (candidate) => candidate.key === `player/${key}`,
      );
      const extension = key.slice(key.lastIndexOf(".") + 1);
      expect(object?.content_type).toBe(expectedContentTypes[extension]);
      const hashed = /^assets\/[^/]+-[A-Z0-9]{8}\.[a-z]+$/.test(key);
      expect(object?.cache_control).toBe(
        hashed ? "public, max-age=31536000, immutable" : "no-cache",
      );
      expect(object?.source_hash).toBe(
        createHash("sha256")
          .update(readFileSync(join(build.outdir, key)))
          .digest("hex"),
      );
    },
  );
});

describe("player config.json", () => {
  const build = fixtureBuild();

  test("content from the default config", () => {
    const object = block(
      synthAll({}, build).storage.resource,
      "aws_s3_object",
      "player_config_json",
    );
    expect(object.key).toBe("player/config.json");
    expect(object.content_type).toBe("application/json; charset=utf-8");
    expect(object.cache_control).toBe("no-cache");
    expect(object.override_provider).toEqual({ default_tags: { tags: {} } });
    expect(JSON.parse(String(object.content))).toEqual({
      manifestPath: "live/demo-channel/index.m3u8",
      segmentLengthSeconds: 2,
      viewerAccess: "network",
    });
  });

  test("content follows the config", () => {
    const overrides = {
      environment: "events-prod",
      media: { segmentLengthSeconds: 4 },
      viewerAccess: "signed-links",
    };
    const object = block(
      synthAll(overrides, build).storage.resource,
      "aws_s3_object",
      "player_config_json",
    );
    expect(JSON.parse(String(object.content))).toEqual({
      manifestPath: "live/events-prod-channel/index.m3u8",
      segmentLengthSeconds: 4,
      viewerAccess: "signed-links",
    });
  });

  test("Cognito mode is passed on", () => {
    const object = block(
      synthAll({ viewerAccess: "cognito" }, build).storage.resource,
      "aws_s3_object",
      "player_config_json",
    );
    expect(JSON.parse(String(object.content))).toEqual({
      manifestPath: "live/demo-channel/index.m3u8",
      segmentLengthSeconds: 2,
      viewerAccess: "cognito",
    });
  });

  test("Cognito settings stay in the media stack", () => {
    const objects = blocksOfType(
      synthAll({ viewerAccess: "cognito" }, build).storage.resource,
      "aws_s3_object",
    );
    expect(Object.values(objects).map((object) => object.key)).not.toContain(
      "player/auth.json",
    );
  });

  test("accepted by the player's parser", () => {
    const object = block(
      synthAll({}, build).storage.resource,
      "aws_s3_object",
      "player_config_json",
    );
    const parsed = JSON.parse(String(object.content));
    expect(parsePlayerConfig(parsed)).toEqual(parsed);
  });
});

describe("player upload: changes and determinism", () => {
  test("changed file gets a new hash and path", () => {
    const before = playerObjects(fixtureBuild());
    const changed = FIXTURE_FILES.map((file) =>
      file.key === "index.html"
        ? { ...file, body: `${file.body}<p>v2</p>` }
        : file,
    );
    const after = playerObjects(fixtureBuild(changed));
    expect(after.player_index_html.source_hash).not.toBe(
      before.player_index_html.source_hash,
    );
    expect(after.player_index_html.source).not.toBe(
      before.player_index_html.source,
    );
    expect(after.player_assets_app_3f2a1b9c_js).toEqual(
      before.player_assets_app_3f2a1b9c_js,
    );
  });

  test("same files elsewhere synthesize byte-identically", () => {
    const workspace = mkdtempSync(
      join(tmpdir(), "protected-streaming-determinism-"),
    );
    try {
      const config = configWith();
      const first = join(workspace, "first");
      const second = join(workspace, "second");
      synthesize(config, first, [], fixtureBuild());
      synthesize(config, second, [], fixtureBuild());
      const read = (outdir: string) =>
        readFileSync(join(outdir, "stacks", "storage", "cdk.tf.json"), "utf8");
      expect(read(second)).toBe(read(first));
      expect(read(first)).not.toContain(tmpdir());
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  test("source files copied beside the stack", () => {
    const workspace = mkdtempSync(
      join(tmpdir(), "protected-streaming-assets-"),
    );
    try {
      const stacks = synthesize(
        configWith(),
        join(workspace, "out"),
        [],
        fixtureBuild(),
      );
      const objects = blocksOfType(stacks.storage.resource, "aws_s3_object");
      for (const file of FIXTURE_FILES) {
        const object = Object.values(objects).find(
          (candidate) => candidate.key === `player/${file.key}`,
        );
        const copied = readFileSync(
          join(workspace, "out", "stacks", "storage", String(object?.source)),
          "utf8",
        );
        expect(copied).toBe(file.body);
      }
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe("player upload: invalid builds", () => {
  const root = mkdtempSync(
    join(tmpdir(), "protected-streaming-invalid-player-"),
  );
  const absolutePath = join(root, "file.txt");
  writeFileSync(absolutePath, "x");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const file = {
    key: "index.html",
    absolutePath,
    contentType: "text/html; charset=utf-8",
    cacheControl: "no-cache",
  };

  test.each([
    [
      "missing content type",
      [{ ...file, contentType: "" }],
      'Player file "index.html" has no content type, so browsers would download it. Fix the player build (player/build.ts).',
    ],
    [
      "missing Cache-Control",
      [{ ...file, cacheControl: " " }],
      'Player file "index.html" has no Cache-Control. Fix the player build (player/build.ts).',
    ],
    [
      "key climbing out",
      [{ ...file, key: "../secret.txt" }],
      `Player file "../secret.txt" has a key that is not a relative path of letters, digits, '.', '_', '-' and '/'. Fix the player build (player/build.ts).`,
    ],
    [
      "absolute key",
      [{ ...file, key: "/index.html" }],
      `Player file "/index.html" has a key that is not a relative path of letters, digits, '.', '_', '-' and '/'. Fix the player build (player/build.ts).`,
    ],
    [
      "generated key",
      [{ ...file, key: "config.json" }],
      'Player file "config.json" uses the key config.json, which the storage stack generates. Fix the player build (player/build.ts).',
    ],
    [
      "key of the Cognito settings",
      [{ ...file, key: "auth.json" }],
      'Player file "auth.json" uses the key auth.json, which the media stack generates for Cognito sign-in. Fix the player build (player/build.ts).',
    ],
    [
      "colliding names",
      [file, { ...file, key: "index-html" }],
      'Player files "index-html" and "index.html" map to the same resource name player_index_html. Fix the player build (player/build.ts) so that file names differ in more than case and punctuation.',
    ],
  ])("throws on %s", (_title, files, message) => {
    expect(() => synthAll({}, { outdir: root, files })).toThrow(message);
  });
});
