import type { CheckRun } from "./checks-bench";
import { CHECK_COMMANDS } from "./checks-bench";
import type { MachineInfo } from "./machine";
import type { PlayerBenchResult, PlayerTrial } from "./player-bench";
import {
  LATENCY_READ_AFTER_MS,
  PLAYERS,
  STARTUP_MILESTONES,
  startupMilestones,
} from "./player-bench";
import { ratio, summarize, type Summary } from "./statistics";
import type {
  SynthAlternative,
  SynthBenchResult,
  SynthRun,
} from "./synth-bench";
import type { PhaseName } from "./synth-phases";

/** Synthesis of all stacks may take at most this multiple of the floor app. */
export const SYNTH_FLOOR_RATIO_GOAL = 1.5;
/** The project's median time to first frame may be at most this multiple of video.js's. */
export const FIRST_FRAME_RATIO_GOAL = 0.7;
/** Latency 15 s after the first frame may be at most this many segment lengths. */
export const LATENCY_SEGMENTS_GOAL = 3;

export interface LoadReading {
  readonly part: string;
  /** 1-minute load average when the part started and ended. */
  readonly start: number;
  readonly end: number;
}

export interface BenchResults {
  readonly startedAt: string;
  readonly command: string;
  readonly runs: number;
  readonly machine: MachineInfo;
  readonly versions: Readonly<Record<string, string>>;
  readonly load: LoadReading[];
  synth?: SynthBenchResult;
  checks?: CheckRun[];
  player?: PlayerBenchResult;
}

export interface GoalVerdict {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

const seconds = (summary: Summary | undefined, digits = 2) =>
  summary === undefined
    ? "–"
    : `${(summary.median / 1000).toFixed(digits)} s (${(summary.min / 1000).toFixed(digits)}–${(summary.max / 1000).toFixed(digits)})`;
const mebibytes = (summary: Summary | undefined) =>
  summary === undefined
    ? "–"
    : `${Math.round(summary.median / 1024)} MiB (${Math.round(summary.min / 1024)}–${Math.round(summary.max / 1024)})`;
const plain = (summary: Summary | undefined, digits: number, unit: string) =>
  summary === undefined
    ? "–"
    : `${summary.median.toFixed(digits)} ${unit} (${summary.min.toFixed(digits)}–${summary.max.toFixed(digits)})`;
const times = (value: number | undefined) =>
  value === undefined ? "–" : `${value.toFixed(2)}×`;

function defined<T>(values: readonly (T | undefined)[]): T[] {
  return values.filter((value): value is T => value !== undefined);
}

/** Wall time and peak tree memory of the successful synth runs of one alternative. */
function synthSummaries(runs: readonly SynthRun[], id: SynthAlternative["id"]) {
  const succeeded = runs.filter(
    (run) => run.alternative === id && run.succeeded,
  );
  return {
    wall: summarize(succeeded.map((run) => run.measurement.wallMs)),
    tree: summarize(succeeded.map((run) => run.measurement.peakTreeRssKiB)),
    largest: summarize(
      defined(succeeded.map((run) => run.measurement.peakProcessRssKiB)),
    ),
    failed: runs.filter((run) => run.alternative === id && !run.succeeded)
      .length,
  };
}

function playerSummaries(
  trials: readonly PlayerTrial[],
  id: PlayerTrial["player"],
) {
  const own = trials.filter((trial) => trial.player === id);
  const played = own.filter((trial) => trial.error === undefined);
  return {
    own,
    played,
    firstFrame: summarize(defined(played.map((trial) => trial.firstFrameMs))),
    firstAdvance: summarize(
      defined(played.map((trial) => trial.firstAdvanceMs)),
    ),
    latency: summarize(defined(played.map((trial) => trial.latencySeconds))),
    stalls: played.reduce((sum, trial) => sum + trial.stalls, 0),
    stalledMs: played.reduce((sum, trial) => sum + trial.stalledMs, 0),
    dropped: played.reduce((sum, trial) => sum + (trial.droppedFrames ?? 0), 0),
    frames: played.reduce((sum, trial) => sum + (trial.totalFrames ?? 0), 0),
  };
}

/** Checks the results against the goals; `met` is undefined when a part did not run or produced no value. */
export function evaluateGoals(results: BenchResults): GoalVerdict[] {
  const verdicts: GoalVerdict[] = [];
  if (results.synth !== undefined) {
    const project = synthSummaries(results.synth.results, "project");
    const floor = synthSummaries(results.synth.results, "floor");
    const wallRatio = ratio(project.wall?.median, floor.wall?.median);
    const memoryRatio = ratio(project.tree?.median, floor.tree?.median);
    verdicts.push(
      {
        goal: `synth wall time ≤ ${SYNTH_FLOOR_RATIO_GOAL}× the floor app`,
        measured: times(wallRatio),
        met:
          wallRatio === undefined
            ? undefined
            : wallRatio <= SYNTH_FLOOR_RATIO_GOAL,
      },
      {
        goal: `synth peak memory ≤ ${SYNTH_FLOOR_RATIO_GOAL}× the floor app`,
        measured: times(memoryRatio),
        met:
          memoryRatio === undefined
            ? undefined
            : memoryRatio <= SYNTH_FLOOR_RATIO_GOAL,
      },
    );
  }
  if (results.player !== undefined) {
    const { trials, config } = results.player;
    const project = playerSummaries(trials, "project");
    const videojs = playerSummaries(trials, "videojs");
    const firstFrameRatio = ratio(
      project.firstFrame?.median,
      videojs.firstFrame?.median,
    );
    const segment = config.media.segmentLengthSeconds;
    const latencySegments =
      project.latency === undefined
        ? undefined
        : project.latency.median / segment;
    verdicts.push(
      {
        goal: `player time to first frame ≤ ${FIRST_FRAME_RATIO_GOAL}× video.js's`,
        measured: times(firstFrameRatio),
        met:
          firstFrameRatio === undefined
            ? undefined
            : firstFrameRatio <= FIRST_FRAME_RATIO_GOAL,
      },
      {
        goal: `player latency ≤ ${LATENCY_SEGMENTS_GOAL} segments (${LATENCY_SEGMENTS_GOAL * segment} s)`,
        measured:
          latencySegments === undefined
            ? "–"
            : `${latencySegments.toFixed(2)} segments (${project.latency?.median.toFixed(2)} s)`,
        met:
          latencySegments === undefined
            ? undefined
            : latencySegments <= LATENCY_SEGMENTS_GOAL,
      },
      {
        goal: "player: no stalls",
        measured: `${project.stalls} in ${project.played.length} runs`,
        met:
          project.played.length === 0
            ? undefined
            : project.stalls === 0 &&
              project.played.length === project.own.length,
      },
    );
  }
  return verdicts;
}

/** Renders the results as the Markdown section that BENCHMARKS.md records. */
export function renderReport(results: BenchResults): string {
  const { machine } = results;
  const lines: string[] = [`## Run of ${results.startedAt}`, ""];
  const runs = results.runs === 1 ? "1 run" : `${results.runs} runs`;
  lines.push(
    `Command: \`${results.command}\` (${runs} of each measurement).`,
    "",
  );
  lines.push(
    `Machine: ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB.toFixed(1)} GiB memory, Linux ${machine.kernel}.`,
    "",
  );
  lines.push(
    "Load average (1 min) at the start and end of each part: " +
      results.load
        .map(
          (reading) =>
            `${reading.part} ${reading.start.toFixed(2)} → ${reading.end.toFixed(2)}`,
        )
        .join(", ") +
      ".",
    "",
  );
  lines.push(
    "Versions: " +
      Object.entries(results.versions)
        .map(([name, version]) => `${name} ${version}`)
        .join(", ") +
      ".",
    "",
  );

  if (results.synth !== undefined)
    lines.push(...renderSynth(results.synth), "");
  if (results.checks !== undefined)
    lines.push(...renderChecks(results.checks), "");
  if (results.player !== undefined)
    lines.push(...renderPlayer(results.player), "");

  const verdicts = evaluateGoals(results);
  if (verdicts.length > 0) {
    lines.push(
      "### Goals",
      "",
      "| goal | measured | met |",
      "| --- | --- | --- |",
    );
    for (const verdict of verdicts) {
      lines.push(
        `| ${verdict.goal} | ${verdict.measured} | ${verdict.met === undefined ? "not measured" : verdict.met ? "yes" : "**no**"} |`,
      );
    }
  }
  return `${lines.join("\n")}\n`;
}

function renderSynth(synth: NonNullable<BenchResults["synth"]>): string[] {
  const lines = [
    "### Synth",
    "",
    "Each run writes into its own new `CDKTF_OUTDIR`. Memory is the peak of the summed resident set of every process in the tree (npm, its shell, node and their children), read from /proc every 50 ms; the largest single process comes from GNU time's `%M`.",
    "",
    "| command | wall time, median (range) | peak memory, process tree | largest process | failed runs |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const alternative of synth.alternatives) {
    const summary = synthSummaries(synth.results, alternative.id);
    lines.push(
      `| ${alternative.label}: \`${alternative.commandText}\` | ${seconds(summary.wall)} | ${mebibytes(summary.tree)} | ${mebibytes(summary.largest)} | ${summary.failed} |`,
    );
  }
  const project = synthSummaries(synth.results, "project");
  const floor = synthSummaries(synth.results, "floor");
  const tsNode = synthSummaries(synth.results, "ts-node");
  lines.push(
    "",
    `Ratios of the medians: project / floor ${times(ratio(project.wall?.median, floor.wall?.median))} wall time, ` +
      `${times(ratio(project.tree?.median, floor.tree?.median))} memory; ` +
      `ts-node / project ${times(ratio(tsNode.wall?.median, project.wall?.median))} wall time, ` +
      `${times(ratio(tsNode.tree?.median, project.tree?.median))} memory.`,
  );
  lines.push("", ...renderPhases(synth));
  return lines;
}

const PHASE_LABELS: readonly [PhaseName, string][] = [
  ["startupMs", "node and the tsx loader start"],
  ["importMs", "loading modules (cdktf, provider bindings, project code)"],
  ["configMs", "loading and validating the configuration"],
  ["playerBuildMs", "building the player (esbuild)"],
  ["constructMs", "creating the constructs"],
  ["synthMs", "`app.synth()`: resolving and writing JSON"],
  ["checksMs", "reading the JSON back, security rules"],
];

function renderPhases(synth: SynthBenchResult): string[] {
  const runsOf = (app: "project" | "floor") =>
    synth.phaseRuns.filter((run) => run.app === app);
  const medianOf = (values: readonly (number | undefined)[]) =>
    summarize(defined(values))?.median;
  const milliseconds = (value: number | undefined) =>
    value === undefined ? "–" : `${Math.round(value)} ms`;
  const rss = (value: number | undefined) =>
    value === undefined ? "–" : `${Math.round(value)} MiB`;
  const lines = [
    "Where the time and memory go: each step timed inside a separate `node --import tsx` process " +
      "(`scripts/lib/bench/synth-phases.ts`), medians. npm's own start is not included, and the memory is " +
      "that node process's resident set after the step.",
    "",
    "| step | project | floor app | difference | project memory after | floor memory after |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const [phase, label] of PHASE_LABELS) {
    const project = medianOf(runsOf("project").map((run) => run.phases[phase]));
    const floor = medianOf(runsOf("floor").map((run) => run.phases[phase]));
    const difference =
      project === undefined || floor === undefined
        ? undefined
        : project - floor;
    const projectRss = medianOf(
      runsOf("project").map((run) => run.phases.rssAfterMiB[phase]),
    );
    const floorRss = medianOf(
      runsOf("floor").map((run) => run.phases.rssAfterMiB[phase]),
    );
    lines.push(
      `| ${label} | ${milliseconds(project)} | ${milliseconds(floor)} | ${milliseconds(difference)} | ${rss(projectRss)} | ${rss(floorRss)} |`,
    );
  }
  const count = (
    app: "project" | "floor",
    key: "modulesLoaded" | "providerModulesLoaded",
  ) => medianOf(runsOf(app).map((run) => run.phases[key])) ?? "–";
  lines.push(
    "",
    `Modules loaded: project ${count("project", "modulesLoaded")} (${count("project", "providerModulesLoaded")} from @cdktf/provider-aws), ` +
      `floor ${count("floor", "modulesLoaded")} (${count("floor", "providerModulesLoaded")}).`,
  );
  return lines;
}

function renderChecks(checks: readonly CheckRun[]): string[] {
  const lines = [
    "### Checks",
    "",
    "| check | wall time, median (range) | peak memory, process tree | largest process | exit codes |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const check of CHECK_COMMANDS) {
    const own = checks.filter((run) => run.check === check.id);
    lines.push(
      `| ${check.label} | ${seconds(summarize(own.map((run) => run.measurement.wallMs)), 1)} | ` +
        `${mebibytes(summarize(own.map((run) => run.measurement.peakTreeRssKiB)))} | ` +
        `${mebibytes(summarize(defined(own.map((run) => run.measurement.peakProcessRssKiB))))} | ` +
        `${own.map((run) => run.measurement.exitCode).join(", ")} |`,
    );
  }
  // jest prints each FAIL line twice, with the file's duration in brackets.
  const failing = [
    ...new Set(
      checks.flatMap((run) =>
        run.measurement.matchedLines.map((line) =>
          line.trim().replace(/ \([\d.]+ m?s\)$/, ""),
        ),
      ),
    ),
  ];
  if (failing.length > 0)
    lines.push(
      "",
      "Failures reported by the checks:",
      "",
      ...failing.map((line) => `- \`${line}\``),
    );
  return lines;
}

function renderPlayer(player: PlayerBenchResult): string[] {
  const { media } = player.config;
  const ladder = media.renditions
    .map(
      (rendition) =>
        `${rendition.width}×${rendition.height} at ${rendition.videoBitrate / 1000} kbit/s`,
    )
    .join(", ");
  const lines = [
    "### Player",
    "",
    `Chromium ${player.browserVersion}, headless, 1280×720 viewport, a fresh browser context per run. ` +
      `Stream: ffmpeg test pattern, ${media.segmentLengthSeconds} s segments, ${media.framerate} fps, ${ladder}. ` +
      `Latency is the page's clock minus the program date time of the frame shown, read ${LATENCY_READ_AFTER_MS / 1000} s after the first frame.`,
    "",
    "| player | first frame (requestVideoFrameCallback) | first `timeupdate` with `currentTime` > 0 | latency | stalls (total, time) | dropped frames | heights played | segments fetched | failed runs | engine |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  for (const candidate of PLAYERS) {
    const summary = playerSummaries(player.trials, candidate.id);
    const heights = [
      ...new Set(summary.played.map((trial) => trial.heights.join("→"))),
    ].join(", ");
    const segments: Record<string, number> = {};
    for (const trial of summary.played) {
      for (const [name, count] of Object.entries(trial.segmentsFetched))
        segments[name] = (segments[name] ?? 0) + count;
    }
    const engines = [
      ...new Set(summary.played.map((trial) => trial.engine ?? "unknown")),
    ].join(", ");
    lines.push(
      `| ${candidate.label} | ${plain(summary.firstFrame, 0, "ms")} | ${plain(summary.firstAdvance, 0, "ms")} | ` +
        `${plain(summary.latency, 2, "s")} | ${summary.stalls}, ${(summary.stalledMs / 1000).toFixed(1)} s | ` +
        `${summary.dropped} of ${summary.frames} | ${heights || "–"} | ` +
        `${
          Object.entries(segments)
            .map(([name, count]) => `${name}: ${count}`)
            .join(", ") || "–"
        } | ` +
        `${summary.own.length - summary.played.length} | ${engines} |`,
    );
  }
  const failures = player.trials.filter((trial) => trial.error !== undefined);
  if (failures.length > 0) {
    lines.push("", "Failed runs:", "");
    for (const trial of failures)
      lines.push(
        `- ${trial.player}, run ${trial.runIndex + 1}: ${trial.error}`,
      );
  }
  lines.push(
    "",
    "Start-up, median time of the first response of each kind, in milliseconds from navigation start (– where a player has no such request):",
    "",
    `| step | ${PLAYERS.map((candidate) => candidate.label).join(" | ")} |`,
    `| --- | ${PLAYERS.map(() => "---").join(" | ")} |`,
  );
  const milestones = PLAYERS.map((candidate) =>
    player.trials
      .filter(
        (trial) =>
          trial.player === candidate.id &&
          trial.requestsBeforeFirstFrame !== undefined,
      )
      .map((trial) => ({
        ...startupMilestones(trial.requestsBeforeFirstFrame ?? []),
        "first frame": trial.firstFrameMs,
      })),
  );
  for (const label of [
    ...STARTUP_MILESTONES.map((milestone) => milestone.label),
    "first frame",
  ]) {
    const cells = milestones.map((trials) => {
      const summary = summarize(
        defined(
          trials.map(
            (times) => (times as Record<string, number | undefined>)[label],
          ),
        ),
      );
      return summary === undefined ? "–" : String(Math.round(summary.median));
    });
    lines.push(`| ${label} | ${cells.join(" | ")} |`);
  }
  lines.push(
    "",
    "Responses before the first frame in the first run, in milliseconds from navigation start:",
    "",
  );
  for (const candidate of PLAYERS) {
    const trial = player.trials.find(
      (entry) =>
        entry.player === candidate.id &&
        entry.requestsBeforeFirstFrame !== undefined,
    );
    if (trial === undefined) continue;
    const steps = trial.requestsBeforeFirstFrame
      ?.map((request) => `${request.atMs} ${request.path}`)
      .join(", ");
    lines.push(
      `- ${candidate.label} (run ${trial.runIndex + 1}, first frame ${trial.firstFrameMs?.toFixed(0)} ms): ${steps}`,
    );
  }
  return lines;
}
