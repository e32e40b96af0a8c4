/*
 * Times the steps of one synthesis inside a fresh process, so the report
 * shows where the project's synth spends the time the floor app does not. Run as `node --import tsx synth-phases.ts project|floor OUTDIR`; it
 * prints one line of JSON with milliseconds per step. Project modules are
 * loaded with require() inside the timed steps, not with import
 * statements, because those would load before the first measurement.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";

/** Milliseconds per step of one synthesis, and the modules it loaded. */
export interface SynthPhases {
  /** From process start (`performance.timeOrigin`) to the first line of this script: node and the tsx loader. */
  readonly startupMs: number;
  /** Loading the app's modules: cdktf, the provider bindings and the project's stacks. */
  readonly importMs: number;
  /** Loading and validating the configuration; 0 for the floor app. */
  readonly configMs: number;
  /** Building the player with esbuild; 0 for the floor app. */
  readonly playerBuildMs: number;
  /** Creating the construct tree. */
  readonly constructMs: number;
  /** `app.synth()`: resolving tokens and writing the JSON. */
  readonly synthMs: number;
  /** Reading the JSON back and running the security rules; 0 for the floor app. */
  readonly checksMs: number;
  /** Resident set size of the process after each step, in MiB, by the step's field name. */
  readonly rssAfterMiB: Readonly<Partial<Record<PhaseName, number>>>;
  /** Modules in the require cache at the end, in total and below `@cdktf/provider-aws`. */
  readonly modulesLoaded: number;
  readonly providerModulesLoaded: number;
}

/** Field names of the timed steps. */
export type PhaseName =
  | "startupMs"
  | "importMs"
  | "configMs"
  | "playerBuildMs"
  | "constructMs"
  | "synthMs"
  | "checksMs";

const PROJECT_ROOT = join(__dirname, "..", "..", "..");

const rssAfterMiB: Partial<Record<PhaseName, number>> = {};

/** Runs one step and returns its result and duration in milliseconds; records the resident set size after it. */
function timed<T>(phase: PhaseName, run: () => T): [T, number] {
  const started = performance.now();
  const value = run();
  const elapsed = performance.now() - started;
  rssAfterMiB[phase] = process.memoryUsage.rss() / 1024 ** 2;
  return [value, elapsed];
}

function projectPhases(outdir: string, startupMs: number): SynthPhases {
  const [modules, importMs] = timed("importMs", () => ({
    build: require(join(PROJECT_ROOT, "player", "build")),
    load: require(join(PROJECT_ROOT, "stacks", "config", "load")),
    app: require(join(PROJECT_ROOT, "stacks", "app")),
    synthesize: require(join(PROJECT_ROOT, "stacks", "synthesize")),
    rules: require(join(PROJECT_ROOT, "stacks", "rules", "run-rules")),
  }));
  const [config, configMs] = timed("configMs", () =>
    modules.load.loadConfig({}),
  );
  const playerDir = mkdtempSync(join(dirname(outdir), "player-"));
  try {
    const [player, playerBuildMs] = timed("playerBuildMs", () =>
      modules.build.buildPlayer({ outdir: playerDir }),
    );
    const [app, constructMs] = timed(
      "constructMs",
      () => modules.app.createApp(config, outdir, player).app,
    );
    const [, synthMs] = timed("synthMs", () => app.synth());
    const [, checksMs] = timed("checksMs", () => {
      const stacks = modules.synthesize.readSynthesizedStacks(outdir);
      modules.rules.securityRulesCheck()(stacks, config);
    });
    return {
      startupMs,
      importMs,
      configMs,
      playerBuildMs,
      constructMs,
      synthMs,
      checksMs,
      rssAfterMiB,
      ...moduleCounts(),
    };
  } finally {
    rmSync(playerDir, { recursive: true, force: true });
  }
}

function floorPhases(outdir: string, startupMs: number): SynthPhases {
  const [modules, importMs] = timed("importMs", () => ({
    cdktf: require("cdktf"),
    provider: require("@cdktf/provider-aws/lib/provider"),
    bucket: require("@cdktf/provider-aws/lib/s3-bucket"),
  }));
  const [app, constructMs] = timed("constructMs", () => {
    const created = new modules.cdktf.App({ outdir });
    const stack = new modules.cdktf.TerraformStack(created, "floor");
    new modules.provider.AwsProvider(stack, "aws", { region: "us-east-1" });
    new modules.bucket.S3Bucket(stack, "bucket", { bucketPrefix: "floor-" });
    return created;
  });
  const [, synthMs] = timed("synthMs", () => app.synth());
  return {
    startupMs,
    importMs,
    configMs: 0,
    playerBuildMs: 0,
    constructMs,
    synthMs,
    checksMs: 0,
    rssAfterMiB,
    ...moduleCounts(),
  };
}

function moduleCounts() {
  const loaded = Object.keys(require.cache);
  return {
    modulesLoaded: loaded.length,
    providerModulesLoaded: loaded.filter((path) =>
      path.includes("/@cdktf/provider-aws/"),
    ).length,
  };
}

if (require.main === module) {
  const startupMs = performance.now();
  rssAfterMiB.startupMs = process.memoryUsage.rss() / 1024 ** 2;
  const [mode, outdir] = process.argv.slice(2);
  if ((mode !== "project" && mode !== "floor") || outdir === undefined) {
    process.stderr.write("usage: synth-phases.ts project|floor OUTDIR\n");
    process.exit(2);
  }
  const phases =
    mode === "project"
      ? projectPhases(outdir, startupMs)
      : floorPhases(outdir, startupMs);
  process.stdout.write(`${JSON.stringify(phases)}\n`);
}
