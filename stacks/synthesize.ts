import { mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
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
  readonly output?: Record<string, { value: unknown; sensitive?: boolean; description?: string }>;
  readonly [key: string]: unknown;
}

/** A check on the synthesized JSON that throws when the result must not be written. */
export type SynthesisCheck = (stacks: SynthesizedStacks, config: Config) => void;

/** Reads the JSON that `app.synth()` wrote for each stack. */
export function readSynthesizedStacks(outdir: string): SynthesizedStacks {
  const read = (id: StackId) =>
    JSON.parse(readFileSync(join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) as TerraformJson;
  return {
    network: read(STACK_IDS.network),
    storage: read(STACK_IDS.storage),
    media: read(STACK_IDS.media),
  };
}

/** Removes an earlier synthesis so that it cannot be deployed by mistake. */
export function removeSynthesisOutput(outdir: string): void {
  rmSync(outdir, { recursive: true, force: true });
}

/**
 * Synthesizes every stack into a temporary folder beside `outdir`, runs the
 * checks on the result, and only then replaces `outdir` with it. A failure
 * at any step leaves no new output behind. `player` is the built player
 * that the storage stack uploads (@default EMPTY_PLAYER_BUILD).
 */
export function synthesize(
  config: Config,
  outdir: string,
  checks: readonly SynthesisCheck[] = [],
  player: PlayerBuild = EMPTY_PLAYER_BUILD,
): SynthesizedStacks {
  const target = resolve(outdir);
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-`));
  try {
    createApp(config, staging, player).app.synth();
    const stacks = readSynthesizedStacks(staging);
    for (const check of checks) check(stacks, config);
    removeSynthesisOutput(target);
    renameSync(staging, target);
    return stacks;
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}
