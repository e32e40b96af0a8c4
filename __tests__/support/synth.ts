import { App } from "cdktf";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../stacks/config/load";
import type { Config } from "../../stacks/config/schema";
import { MediaStack } from "../../stacks/media/media-stack";
import type { PlayerBuild } from "../../stacks/storage/player-assets";
import {
  synthesize,
  type SynthesizedStacks,
  type TerraformJson,
} from "../../stacks/synthesize";

/** Builds a validated Config from overrides, as a user's file would. */
export function configWith(overrides: Record<string, unknown> = {}): Config {
  return parseConfig(overrides, "test");
}

/**
 * Synthesizes all three stacks through the same path as `main.ts` into a
 * temporary folder, removes the folder and returns the parsed JSON.
 * `player` replaces the player build that the storage stack uploads.
 */
export function synthAll(
  overrides: Record<string, unknown> = {},
  player?: PlayerBuild,
): SynthesizedStacks {
  const root = mkdtempSync(join(tmpdir(), "protected-streaming-test-"));
  try {
    return synthesize(
      configWith(overrides),
      join(root, "cdktf.out"),
      [],
      player,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

type Blocks =
  | Record<string, Record<string, Record<string, unknown>>>
  | undefined;

/** Returns every resource (or data source) of a type, keyed by name; fails when there is none. */
export function blocksOfType(
  blocks: Blocks,
  type: string,
): Record<string, Record<string, unknown>> {
  const found = blocks?.[type];
  if (!found) throw new Error(`no ${type} in the synthesized stack`);
  return found;
}

/** Returns the one block of a type with the given name. */
export function block(
  blocks: Blocks,
  type: string,
  name: string,
): Record<string, unknown> {
  const found = blocksOfType(blocks, type)[name];
  if (!found) throw new Error(`no ${type}.${name} in the synthesized stack`);
  return found;
}

/** Parses a policy document that the stacks wrote with JSON.stringify. */
export function parsePolicy(text: unknown): {
  Statement: Record<string, unknown>[];
} {
  return JSON.parse(String(text)) as { Statement: Record<string, unknown>[] };
}

/**
 * Synthesizes the media stack alone, after `change` alters it the way a
 * later code change or escape hatch would, and returns its JSON.
 */
export function synthMedia(
  overrides: Record<string, unknown> = {},
  change?: (media: MediaStack) => void,
): TerraformJson {
  const root = mkdtempSync(join(tmpdir(), "protected-streaming-media-"));
  try {
    const app = new App({ outdir: root });
    const media = new MediaStack(app, configWith(overrides));
    change?.(media);
    app.synth();
    return JSON.parse(
      readFileSync(join(root, "stacks", "media", "cdk.tf.json"), "utf8"),
    ) as TerraformJson;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
