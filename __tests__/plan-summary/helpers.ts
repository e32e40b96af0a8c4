import { join } from "node:path";
import {
  readPlanFile,
  type ResourceChange,
} from "../../scripts/lib/plan-summary/plan-format";
import {
  summarizePlan,
  type StackSummary,
} from "../../scripts/lib/plan-summary/summary";

export const PLAN_FIXTURES = join(__dirname, "..", "fixtures", "plans");

/** Reads and summarizes one fixture under the given stack label. */
export function summarizeFixture(
  file: string,
  label = file.replace(/\.json$/, ""),
): StackSummary {
  return summarizePlan(label, readPlanFile(join(PLAN_FIXTURES, file)));
}

/** Returns "<rule id> <address>" for every impact, for compact assertions. */
export function impactKeys(summary: StackSummary): string[] {
  return summary.impacts.map(
    (impact) => `${impact.ruleId} ${impact.change.resource.address}`,
  );
}

/** Builds a managed resource change the way Terraform writes it. */
export function resourceChange(
  type: string,
  name: string,
  actions: string[],
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  extra: Partial<ResourceChange["change"]> = {},
): ResourceChange {
  return {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    change: {
      actions,
      before,
      after,
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
      ...extra,
    },
  };
}
