import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ASSET_CACHE_CONTROL,
  buildPlayer,
  cacheControlForKey,
  contentTypeForKey,
  PAGE_CACHE_CONTROL,
  PLAYER_ROOT,
  LOOPBACK_CONNECT_SOURCE,
  PlayerBuildError,
  type PlayerBuild,
} from "../../player/build";

let workDir: string;
let build: PlayerBuild;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), "protected-streaming-player-build-"));
  build = buildPlayer({ outdir: join(workDir, "first") });
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** Returns the directives of the page's Content-Security-Policy, each with its sources. */
function policyDirectives(html: string): Record<string, string> {
  const policy =
    /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
  expect(policy).toBeDefined();
  return Object.fromEntries(
    (policy ?? "").split(";").map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(" ")];
    }),
  );
}

/** Copies the player sources into a scratch folder so a test can break one. */
function copySources(name: string): string {
  const sourceDir = join(workDir, name);
  cpSync(join(PLAYER_ROOT, "index.html"), join(sourceDir, "index.html"));
  cpSync(join(PLAYER_ROOT, "src"), join(sourceDir, "src"), { recursive: true });
  // The player imports the sign-in contract as ../../stacks/viewer-access/cognito-contract.
  const contract = join("stacks", "viewer-access", "cognito-contract.ts");
  cpSync(join(PLAYER_ROOT, "..", contract), join(workDir, contract));
  return sourceDir;
}

describe("buildPlayer", () => {
  test("writes the page and hashed assets", () => {
    const keys = build.files.map((file) => file.key);
    expect(keys).toHaveLength(5);
    expect(keys[keys.length - 1]).toBe("index.html");
    expect(
      keys.filter((key) => /^assets\/player-[A-Z0-9]{8}\.js$/.test(key)),
    ).toHaveLength(1);
    expect(
      keys.filter((key) => /^assets\/player-[A-Z0-9]{8}\.css$/.test(key)),
    ).toHaveLength(1);
    expect(
      keys.filter((key) => /^assets\/icon-[A-Z0-9]{8}\.svg$/.test(key)),
    ).toHaveLength(1);
    expect(
      keys.filter((key) => /^assets\/hls-worker-[A-Z0-9]{8}\.js$/.test(key)),
    ).toHaveLength(1);
    for (const file of build.files) {
      expect(existsSync(file.absolutePath)).toBe(true);
      expect(file.absolutePath).toBe(join(build.outdir, file.key));
    }
  });

  test("sets content type and caching per file", () => {
    const byKey = Object.fromEntries(
      build.files.map((file) => [file.key.replace(/-[A-Z0-9]{8}/, ""), file]),
    );
    expect(byKey["index.html"]).toMatchObject({
      contentType: "text/html; charset=utf-8",
      cacheControl: PAGE_CACHE_CONTROL,
    });
    expect(byKey["assets/player.js"]).toMatchObject({
      contentType: "text/javascript; charset=utf-8",
      cacheControl: ASSET_CACHE_CONTROL,
    });
    expect(byKey["assets/player.css"]).toMatchObject({
      contentType: "text/css; charset=utf-8",
      cacheControl: ASSET_CACHE_CONTROL,
    });
    expect(byKey["assets/icon.svg"]).toMatchObject({
      contentType: "image/svg+xml",
      cacheControl: ASSET_CACHE_CONTROL,
    });
    expect(byKey["assets/hls-worker.js"]).toMatchObject({
      contentType: "text/javascript; charset=utf-8",
      cacheControl: ASSET_CACHE_CONTROL,
    });
    expect(PAGE_CACHE_CONTROL).toBe("no-cache");
    expect(ASSET_CACHE_CONTROL).toBe("public, max-age=31536000, immutable");
  });

  test("points the page at the hashed files", () => {
    const html = readFileSync(join(build.outdir, "index.html"), "utf8");
    const pageAssets = build.files.filter(
      (entry) =>
        entry.key.startsWith("assets/") && !entry.key.includes("hls-worker"),
    );
    expect(pageAssets).toHaveLength(3);
    for (const file of pageAssets) {
      expect(html).toContain(`"${file.key}"`);
    }
    expect(html).not.toContain("src/");
    expect(html).toMatch(
      /<script defer src="assets\/player-[A-Z0-9]{8}\.js"><\/script>/,
    );
  });

  test("page allows only its own origin and Cognito", () => {
    const html = readFileSync(join(build.outdir, "index.html"), "utf8");
    expect(policyDirectives(html)).toEqual({
      "default-src": "'none'",
      "script-src": "'self'",
      "style-src": "'self'",
      "img-src": "'self'",
      "connect-src": "'self' https://*.amazoncognito.com",
      "media-src": "'self' blob:",
      "worker-src": "'self'",
      "base-uri": "'none'",
      "form-action": "'none'",
    });
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    // The policy's Cognito source is the page's only absolute URL.
    expect(html.match(/https?:\/\/[^\s"';]*/g)).toEqual([
      "https://*.amazoncognito.com",
    ]);
    expect(html).not.toContain(LOOPBACK_CONNECT_SOURCE);
  });

  test("test build adds the loopback source", () => {
    const testBuild = buildPlayer({
      outdir: join(workDir, "loopback"),
      allowLoopbackConnections: true,
    });
    const html = readFileSync(join(testBuild.outdir, "index.html"), "utf8");
    expect(policyDirectives(html)["connect-src"]).toBe(
      "'self' https://*.amazoncognito.com http://127.0.0.1:*",
    );
    const script = (files: PlayerBuild) =>
      files.files.find(
        (file) => file.key.endsWith(".js") && file.key.includes("player-"),
      )?.key;
    expect(script(testBuild)).toBe(script(build));
  });

  test("page has the sign-in buttons", () => {
    const html = readFileSync(join(build.outdir, "index.html"), "utf8");
    expect(html).toMatch(
      /<button id="sign-in-button" type="button" hidden>Sign in again<\/button>/,
    );
    expect(html).toMatch(
      /<button id="sign-out-button" type="button" hidden>Sign out<\/button>/,
    );
  });

  test("passes the worker path to the bundle", () => {
    const worker = build.files.find((file) => file.key.includes("hls-worker"));
    const script = build.files.find((file) =>
      /^assets\/player-.*\.js$/.test(file.key),
    );
    expect(worker).toBeDefined();
    expect(readFileSync(script?.absolutePath ?? "", "utf8")).toContain(
      `"${worker?.key}"`,
    );
    expect(readFileSync(worker?.absolutePath ?? "", "utf8")).not.toContain(
      "sourceMappingURL",
    );
  });

  test("gives the same bytes on every build", () => {
    const second = buildPlayer({ outdir: join(workDir, "second") });
    expect(second.files.map((file) => file.key)).toEqual(
      build.files.map((file) => file.key),
    );
    for (const [index, file] of build.files.entries()) {
      expect(
        readFileSync(second.files[index].absolutePath).equals(
          readFileSync(file.absolutePath),
        ),
      ).toBe(true);
    }
  });

  test("replaces the previous output", () => {
    const outdir = join(workDir, "replaced");
    buildPlayer({ outdir });
    writeFileSync(join(outdir, "stale.txt"), "left over");
    const rebuilt = buildPlayer({ outdir });
    expect(existsSync(join(outdir, "stale.txt"))).toBe(false);
    expect(rebuilt.files.map((file) => file.key)).toEqual(
      build.files.map((file) => file.key),
    );
  });

  test("names the file of a syntax error", () => {
    const sourceDir = copySources("broken-source");
    writeFileSync(
      join(sourceDir, "src", "logger.ts"),
      "export const broken = ;\n",
    );
    const outdir = join(workDir, "kept");
    buildPlayer({ outdir });
    const before = readFileSync(join(outdir, "index.html"));

    let error: unknown;
    try {
      buildPlayer({ outdir, sourceDir });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PlayerBuildError);
    const message = (error as Error).message;
    expect(message).toMatch(/^player build failed:\n/);
    // The scratch folder is outside the working folder, so the path is absolute.
    expect(message).toContain(
      `  ${join(sourceDir, "src", "logger.ts")}:1:23: `,
    );
    expect(message).toContain('Unexpected ";"');
    expect(readFileSync(join(outdir, "index.html")).equals(before)).toBe(true);
  });

  test("rejects an inline script in the page", () => {
    const sourceDir = copySources("inline-script");
    const page = readFileSync(join(sourceDir, "index.html"), "utf8");
    writeFileSync(
      join(sourceDir, "index.html"),
      page.replace("</body>", "<script>alert(1)</script></body>"),
    );
    expect(() =>
      buildPlayer({ outdir: join(workDir, "inline"), sourceDir }),
    ).toThrow(
      /^player build failed: .*index\.html contains an inline <script>; move the code to src\/$/,
    );
  });

  test("rejects a page without the script reference", () => {
    const sourceDir = copySources("no-script");
    const page = readFileSync(join(sourceDir, "index.html"), "utf8");
    writeFileSync(
      join(sourceDir, "index.html"),
      page.replace('src="src/main.ts"', 'src="src/other.ts"'),
    );
    expect(() =>
      buildPlayer({ outdir: join(workDir, "no-script-out"), sourceDir }),
    ).toThrow(
      'must reference "src/main.ts" in exactly one src or href attribute; found 0',
    );
  });

  test("names a missing page template", () => {
    const sourceDir = join(workDir, "empty");
    expect(() =>
      buildPlayer({ outdir: join(workDir, "empty-out"), sourceDir }),
    ).toThrow(
      /^player build failed: cannot read .*empty\/index\.html \(ENOENT/,
    );
  });
});

describe("contentTypeForKey", () => {
  test.each([
    ["index.html", "text/html; charset=utf-8"],
    ["assets/player-AB12CD34.js", "text/javascript; charset=utf-8"],
    ["assets/player-AB12CD34.css", "text/css; charset=utf-8"],
    ["assets/icon-AB12CD34.svg", "image/svg+xml"],
    ["config.json", "application/json"],
  ])("maps %s", (key, contentType) => {
    expect(contentTypeForKey(key)).toBe(contentType);
  });

  test.each([["assets/player.js.map"], ["README"], ["font.woff2"]])(
    "rejects %s",
    (key) => {
      expect(() => contentTypeForKey(key)).toThrow(
        `player build produced ${key}, which has no known content type; add its extension to CONTENT_TYPES in player/build.ts`,
      );
    },
  );
});

describe("cacheControlForKey", () => {
  test.each([
    ["index.html", "no-cache"],
    ["assets/player-AB12CD34.js", "public, max-age=31536000, immutable"],
  ])("maps %s", (key, cacheControl) => {
    expect(cacheControlForKey(key)).toBe(cacheControl);
  });
});
