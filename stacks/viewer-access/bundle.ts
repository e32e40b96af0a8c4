import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { buildSync } from "esbuild";

/** Lambda runtime of the authorizer; the bundle targets the same Node.js version. */
export const AUTHORIZER_RUNTIME = "nodejs22.x";

/** Lambda handler setting: the `handler` export of `index.js`. */
export const AUTHORIZER_HANDLER = "index.handler";

/** Name of the bundle file inside the output directory. */
export const AUTHORIZER_BUNDLE_FILE = "index.js";

/** Project root: every path esbuild writes into the bundle is relative to it. */
const PROJECT_ROOT = resolve(__dirname, "..", "..");

const ENTRY_POINT = join(
  PROJECT_ROOT,
  "stacks",
  "viewer-access",
  "authorizer",
  "handler.ts",
);

export interface AuthorizerBundle {
  /** Absolute path of `index.js`. */
  readonly path: string;
  /** Hex SHA-256 of the bundle, for change detection. */
  readonly sha256: string;
}

/**
 * Bundles the authorizer handler into `<outdir>/index.js`: one CommonJS file
 * for Node.js 22 with no external imports besides Node.js built-ins, not
 * minified so the deployed code stays readable in the Lambda console.
 * Give it a directory of its own, because a TerraformAsset of the directory
 * ships every file in it.
 *
 * The output is the same bytes on every run from the same sources: no
 * source map, no timestamps, and file-name comments relative to the project
 * root rather than to the machine's checkout path.
 */
export function bundleAuthorizer(outdir: string): AuthorizerBundle {
  const directory = resolve(outdir);
  mkdirSync(directory, { recursive: true });
  const path = join(directory, AUTHORIZER_BUNDLE_FILE);

  // buildSync throws an error that lists every build error.
  buildSync({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [ENTRY_POINT],
    outfile: path,
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    minify: false,
    sourcemap: false,
    legalComments: "none",
    charset: "utf8",
    logLevel: "silent",
  });

  const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  return { path, sha256 };
}
