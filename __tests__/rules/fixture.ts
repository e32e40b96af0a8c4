import type { Config } from "../../stacks/config/schema";
import type { StackId } from "../../stacks/naming";
import type { Finding, SecurityRule } from "../../stacks/rules/rule";
import type { SynthesizedStacks, TerraformJson } from "../../stacks/synthesize";
import { configWith } from "../support/synth";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Hand-made synthesized stacks: each stack gets only the sections given. */
export function stacksOf(
  parts: Partial<Record<StackId, TerraformJson>>,
): SynthesizedStacks {
  return {
    network: parts.network ?? {},
    storage: parts.storage ?? {},
    media: parts.media ?? {},
  };
}

/** Builds one stack's JSON with the given resources and, optionally, data sources and outputs. */
export function stackJson(
  resource: Resources,
  extra: Omit<TerraformJson, "resource"> = {},
): TerraformJson {
  return { resource, ...extra };
}

/** Renders a policy document string, as `policyDocument()` writes it. */
export function policy(...statements: Record<string, unknown>[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The remote-state data source through which a stack reads network outputs. */
export const NETWORK_STATE = {
  terraform_remote_state: {
    network_state: {
      backend: "local",
      config: { path: "../../../terraform-state/demo/network.tfstate" },
    },
  },
};

export const DEFAULT_CONFIG: Config = configWith();

/** Runs one rule and renders each finding as `<stack>/<address>: <detail>`. */
export function findingsOf(
  rule: SecurityRule,
  stacks: SynthesizedStacks,
  config: Config = DEFAULT_CONFIG,
): string[] {
  return rule
    .check(stacks, config)
    .map(
      (finding: Finding) =>
        `${finding.stack}/${finding.resource}: ${finding.detail}`,
    );
}
