import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  measureCommand,
  type CommandMeasurement,
  type CommandSpec,
} from "./process-tree";
import { runOrder } from "./statistics";
import type { SynthPhases } from "./synth-phases";

/** One way of synthesizing, measured as a whole command. */
export interface SynthAlternative {
  readonly id: "project" | "floor" | "ts-node";
  readonly label: string;
  /** The command as a reader would type it, for the report. */
  readonly commandText: string;
  /** Builds the command for one run that writes into `outdir`. */
  spec(outdir: string): CommandSpec;
}

export interface SynthRun {
  readonly alternative: SynthAlternative["id"];
  readonly runIndex: number;
  readonly measurement: CommandMeasurement;
  /** The run exited with 0 and wrote `manifest.json`. */
  readonly succeeded: boolean;
}

/** Steps of one synthesis timed inside the process, for the project and the floor app. */
export interface SynthPhaseRun {
  readonly app: "project" | "floor";
  readonly runIndex: number;
  readonly phases: SynthPhases;
}

export interface SynthBenchResult {
  readonly alternatives: SynthAlternative[];
  readonly results: SynthRun[];
  readonly phaseRuns: SynthPhaseRun[];
}

/**
 * The smallest app on the same toolchain: one AWS provider and one S3
 * bucket in one stack, imported by deep path and run by tsx like the
 * project, so the difference to the project is the project's own work.
 */
const FLOOR_APP = `import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { App, TerraformStack } from "cdktf";

const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? "cdktf.out" });
const stack = new TerraformStack(app, "floor");
new AwsProvider(stack, "aws", { region: "us-east-1" });
new S3Bucket(stack, "bucket", { bucketPrefix: "floor-" });
app.synth();
`;

/** npm script of the project and the floor app; the README's synth command runs it. */
const SYNTH_SCRIPT = "node --import tsx main.ts";

/**
 * Writes the floor app into a new folder whose `node_modules` links to the
 * project's, so both run the same cdktf, provider bindings and tsx.
 * Returns the folder.
 */
export function createFloorApp(projectRoot: string, parentDir: string): string {
  const appDir = join(parentDir, "floor-app");
  mkdirSync(appDir, { recursive: true });
  writeFileSync(join(appDir, "main.ts"), FLOOR_APP);
  const packageJson = {
    name: "synth-floor",
    private: true,
    scripts: { synth: SYNTH_SCRIPT },
  };
  writeFileSync(
    join(appDir, "package.json"),
    `${JSON.stringify(packageJson, null, 2)}\n`,
  );
  symlinkSync(
    join(projectRoot, "node_modules"),
    join(appDir, "node_modules"),
    "dir",
  );
  return appDir;
}

/** Lists the three alternatives: the README's command, the floor app and the cdktf template's ts-node app command. */
export function synthAlternatives(
  projectRoot: string,
  floorDir: string,
): SynthAlternative[] {
  const withOutdir = (command: string[], cwd: string) => (outdir: string) => ({
    command,
    cwd,
    env: { CDKTF_OUTDIR: outdir },
  });
  return [
    {
      id: "project",
      label: "this project, `npm run synth`",
      commandText: `npm run synth  (${SYNTH_SCRIPT})`,
      spec: withOutdir(["npm", "run", "synth"], projectRoot),
    },
    {
      id: "floor",
      label: "floor app, `npm run synth`",
      commandText: `npm run synth  (${SYNTH_SCRIPT}, one provider and one bucket)`,
      spec: withOutdir(["npm", "run", "synth"], floorDir),
    },
    {
      id: "ts-node",
      label: "this project, template's ts-node app",
      commandText: "npx ts-node --prefer-ts-exts main.ts",
      spec: withOutdir(
        ["npx", "ts-node", "--prefer-ts-exts", "main.ts"],
        projectRoot,
      ),
    },
  ];
}

/** Runs the step timer of `synth-phases.ts` in a fresh process and returns its result. */
function timePhases(
  projectRoot: string,
  app: SynthPhaseRun["app"],
  outdir: string,
): SynthPhases {
  const script = join(__dirname, "synth-phases.ts");
  const output = execFileSync(
    process.execPath,
    ["--import", "tsx", script, app, outdir],
    {
      cwd: projectRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return JSON.parse(output.trim().split("\n").pop() ?? "") as SynthPhases;
}

/**
 * Runs every alternative `runs` times, rotating their order from run to
 * run, then times the steps of the project and the floor app once per
 * run. Each synthesis writes into its own new CDKTF_OUTDIR, removed after
 * the run.
 */
export async function benchSynth(
  projectRoot: string,
  runs: number,
  log: (line: string) => void,
): Promise<SynthBenchResult> {
  const workDir = mkdtempSync(
    join(tmpdir(), "protected-streaming-bench-synth-"),
  );
  try {
    const alternatives = synthAlternatives(
      projectRoot,
      createFloorApp(projectRoot, workDir),
    );
    const results: SynthRun[] = [];
    const phaseRuns: SynthPhaseRun[] = [];
    for (let runIndex = 0; runIndex < runs; runIndex += 1) {
      for (const alternative of runOrder(alternatives, runIndex)) {
        const outdir = join(workDir, `out-${alternative.id}-${runIndex}`);
        const measurement = await measureCommand(alternative.spec(outdir));
        const succeeded =
          measurement.exitCode === 0 &&
          existsSync(join(outdir, "manifest.json"));
        results.push({
          alternative: alternative.id,
          runIndex,
          measurement,
          succeeded,
        });
        log(
          `synth run ${runIndex + 1}/${runs} ${alternative.id}: ${(measurement.wallMs / 1000).toFixed(2)} s, ` +
            `${Math.round(measurement.peakTreeRssKiB / 1024)} MiB${succeeded ? "" : ` FAILED:\n${measurement.outputTail}`}`,
        );
        rmSync(outdir, { recursive: true, force: true });
      }
      for (const app of runOrder(["project", "floor"] as const, runIndex)) {
        const outdir = join(workDir, `phases-${app}-${runIndex}`);
        phaseRuns.push({
          app,
          runIndex,
          phases: timePhases(projectRoot, app, outdir),
        });
        rmSync(outdir, { recursive: true, force: true });
      }
    }
    return { alternatives, results, phaseRuns };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
