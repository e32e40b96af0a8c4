import { mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { createApp } from "./app";
import type { Config } from "./config/schema";
import { STACK_IDS, type StackId } from "./naming";

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
 * at any step leaves no new output behind.
 */
export function synthesize(
  config: Config,
  outdir: string,
  checks: readonly SynthesisCheck[] = [],
): SynthesizedStacks {
  const target = resolve(outdir);
  const staging = mkdtempSync(join(dirname(target), `.${basename(target)}-`));
  try {
    createApp(config, staging).app.synth();
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
