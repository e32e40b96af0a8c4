import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const PROJECT_ROOT = resolve(__dirname, "../..");
const SYNTH_TIMEOUT_MS = 120_000;

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "protected-streaming-main-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Runs `main.ts` as `npm run synth` does, with a config file, into a temporary outdir. */
function runMain(config: Record<string, unknown>) {
  const configPath = join(root, "config.json");
  writeFileSync(configPath, JSON.stringify(config));
  const outdir = join(root, "cdktf.out");
  const result = spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, STREAMING_CONFIG: configPath, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
    timeout: SYNTH_TIMEOUT_MS,
  });
  return { ...result, outdir };
}

const DEBUG_FINDING =
  /^ {2}- PS-ML-002 (media\/aws_medialive_channel\.\w+): log_level is "DEBUG"$/m;

describe("main.ts with security rules", () => {
  test(
    "finding exits 1 and writes nothing",
    () => {
      const result = runMain({ media: { logLevel: "DEBUG" } });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        /^Security rules failed with 1 finding; the synthesis output was not written:$/m,
      );
      expect(result.stderr).toMatch(DEBUG_FINDING);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(existsSync(result.outdir)).toBe(false);
    },
    SYNTH_TIMEOUT_MS,
  );

  test(
    "suppressed finding prints a summary",
    () => {
      const channel = DEBUG_FINDING.exec(
        runMain({ media: { logLevel: "DEBUG" } }).stderr,
      )?.[1];
      expect(channel).toBeDefined();
      const reason =
        "Debug logs for the encoder rehearsal, approved by the security team.";
      const result = runMain({
        media: { logLevel: "DEBUG" },
        securityRules: {
          suppressions: [{ rule: "PS-ML-002", resource: channel, reason }],
        },
      });
      expect(result.stderr).toBe(
        [
          "Security rules: 1 finding suppressed by securityRules.suppressions:",
          `  - PS-ML-002 ${channel}: log_level is "DEBUG"`,
          `      Reason: ${reason}`,
          "",
        ].join("\n"),
      );
      expect(result.status).toBe(0);
      expect(
        existsSync(join(result.outdir, "stacks", "media", "cdk.tf.json")),
      ).toBe(true);
    },
    2 * SYNTH_TIMEOUT_MS,
  );
});
