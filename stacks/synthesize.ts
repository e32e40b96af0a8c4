import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { createApp } from "./app";
import type { Config } from "./config/schema";
import type { PlayerBuild } from "./storage/player-assets";
import { STACK_IDS, type StackId } from "./naming";

/**
 * A player build without files, for tests that do not look at the player:
 * the storage stack then uploads only `config.json`. main.ts always passes
 * the real build.
 */
export const EMPTY_PLAYER_BUILD: PlayerBuild = { outdir: "", files: [] };

/** Synthesized Terraform JSON of each stack, parsed. */
export type SynthesizedStacks = Readonly<Record<StackId, TerraformJson>>;

/** The parts of a synthesized `cdk.tf.json` that checks read. */
export interface TerraformJson {
  readonly terraform?: Record<string, unknown>;
  readonly provider?: Record<string, unknown[]>;
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<
    string,
    { value: unknown; sensitive?: boolean; description?: string }
  >;
  readonly [key: string]: unknown;
}

/** A check on the synthesized JSON that throws when the result must not be written. */
export type SynthesisCheck = (
  stacks: SynthesizedStacks,
  config: Config,
) => void;

/** Reads the JSON that `app.synth()` wrote for each stack. */
export function readSynthesizedStacks(outdir: string): SynthesizedStacks {
  const read = (id: StackId) =>
    JSON.parse(
      readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8"),
    ) as TerraformJson;
  return {
    network: read(STACK_IDS.network),
    storage: read(STACK_IDS.storage),
    media: read(STACK_IDS.media),
  };
}

/** Raised when the output folder contains something other than an earlier synthesis. */
export class OutputDirectoryError extends Error {
  override readonly name = "OutputDirectoryError";
}

/** Terraform's working files in a stack folder, kept across synths so `terraform init` need not run again. */
const TERRAFORM_WORKING_FILES = [".terraform", ".terraform.lock.hcl"];

/**
 * Throws unless `outdir` is absent, empty, or an earlier synthesis (it has
 * `manifest.json` and `stacks/`), because synthesis replaces the folder
 * whole and must never delete anything else.
 */
export function assertReplaceableOutput(outdir: string): void {
  if (!existsSync(outdir)) return;
  if (!statSync(outdir).isDirectory()) {
    throw new OutputDirectoryError(
      `output folder ${outdir} is a file, so it was left alone. Fix: set CDKTF_OUTDIR to a folder path`,
    );
  }
  const entries = readdirSync(outdir);
  if (entries.length === 0) return;
  if (entries.includes("manifest.json") && entries.includes("stacks")) return;
  throw new OutputDirectoryError(
    `output folder ${outdir} is not empty and contains no earlier synthesis (no manifest.json and stacks/), ` +
      "so it was left alone. Fix: set CDKTF_OUTDIR to a new or empty folder",
  );
}

/** Removes an earlier synthesis so that it cannot be deployed by mistake; leaves any other folder alone. */
export function removeSynthesisOutput(outdir: string): void {
  assertReplaceableOutput(outdir);
  rmSync(outdir, { recursive: true, force: true });
}

/** Moves Terraform's working files from the earlier synthesis into the new one, stack by stack. */
function carryOverTerraformFiles(previous: string, next: string): void {
  for (const id of Object.values(STACK_IDS)) {
    const nextStack = join(next, "stacks", id);
    if (!existsSync(nextStack)) continue;
    for (const name of TERRAFORM_WORKING_FILES) {
      const source = join(previous, "stacks", id, name);
      if (existsSync(source)) renameSync(source, join(nextStack, name));
    }
  }
}

/**
 * Synthesizes every stack into a temporary folder beside `outdir`, runs the
 * checks on the result, and only then replaces `outdir` with it. A failure
 * at any step leaves no new output behind. Terraform's working files
 * (`.terraform/`, `.terraform.lock.hcl`) move from the old stack folders
 * to the new ones. `player` is the built player
 * that the storage stack uploads (@default EMPTY_PLAYER_BUILD).
 */
export function synthesize(
  config: Config,
  outdir: string,
  checks: readonly SynthesisCheck[] = [],
  player: PlayerBuild = EMPTY_PLAYER_BUILD,
): SynthesizedStacks {
  const target = resolve(outdir);
  assertReplaceableOutput(target);
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-`));
  try {
    createApp(config, staging, player).app.synth();
    const stacks = readSynthesizedStacks(staging);
    for (const check of checks) check(stacks, config);
    if (existsSync(target)) carryOverTerraformFiles(target, staging);
    removeSynthesisOutput(target);
    renameSync(staging, target);
    return stacks;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
