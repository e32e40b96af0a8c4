import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../stacks/config/load";
import { synthesize } from "../../stacks/synthesize";

/** Provider plugin folders Terraform reads without a network, in its own search order. */
const MIRROR_CANDIDATES = [
  process.env.TF_PLUGIN_DIR,
  join(homedir(), ".terraform.d", "plugins"),
  join(homedir(), ".terraform.d", "plugin-cache"),
  join(homedir(), ".local", "share", "terraform", "plugins"),
  "/usr/local/share/terraform/plugins",
  "/usr/share/terraform/plugins",
].filter((candidate): candidate is string => candidate !== undefined);

const REQUIRED_PROVIDERS = [
  "registry.terraform.io/hashicorp/aws",
  "registry.terraform.io/hashicorp/tls",
];

function findSkipReason(): { reason?: string; mirror?: string } {
  const version = spawnSync("terraform", ["version"], {
    encoding: "utf8",
    timeout: 30_000,
  });
  if (version.error || version.status !== 0)
    return { reason: "terraform is not on PATH" };
  const mirror = MIRROR_CANDIDATES.find((directory) =>
    REQUIRED_PROVIDERS.every((provider) =>
      existsSync(join(directory, provider)),
    ),
  );
  if (!mirror) {
    return {
      reason:
        "no local provider mirror holds hashicorp/aws and hashicorp/tls " +
        `(looked in ${MIRROR_CANDIDATES.join(", ")}), and terraform init cannot download providers here`,
    };
  }
  return { mirror };
}

const { reason, mirror } = findSkipReason();
const title = "each stack passes terraform validate";

if (reason) {
  test.skip(`${title} (skipped: ${reason})`, () => undefined);
} else {
  test(
    title,
    () => {
      const workspace = mkdtempSync(
        join(tmpdir(), "protected-streaming-validate-"),
      );
      try {
        const outdir = join(workspace, "cdktf.out");
        synthesize(parseConfig({}), outdir);
        for (const stack of ["network", "storage", "media"]) {
          const directory = join(workspace, stack);
          cpSync(join(outdir, "stacks", stack), directory, { recursive: true });
          const init = spawnSync(
            "terraform",
            ["init", "-backend=false", "-input=false", `-plugin-dir=${mirror}`],
            { cwd: directory, encoding: "utf8", timeout: 300_000 },
          );
          expect({
            stack,
            init: init.status,
            output: init.status === 0 ? "" : init.stderr,
          }).toEqual({
            stack,
            init: 0,
            output: "",
          });
          const validate = spawnSync("terraform", ["validate", "-json"], {
            cwd: directory,
            encoding: "utf8",
            timeout: 300_000,
          });
          const result = JSON.parse(validate.stdout) as {
            valid: boolean;
            diagnostics: unknown[];
          };
          expect({
            stack,
            valid: result.valid,
            diagnostics: result.diagnostics,
          }).toEqual({ stack, valid: true, diagnostics: [] });
        }
      } finally {
        rmSync(workspace, { recursive: true, force: true });
      }
    },
    600_000,
  );
}
