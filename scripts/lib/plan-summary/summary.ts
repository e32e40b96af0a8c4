import type { ActionKind } from "./actions";
import { classifyChange, planChange, type Impact } from "./classify";
import type { TerraformPlan } from "./plan-format";
import type { PlannedChange } from "./rules/rule";

/** Action kinds counted per stack, in the order the summary shows them. */
export const COUNTED_KINDS = [
  "create",
  "update",
  "replace",
  "delete",
  "no-op",
] as const satisfies readonly ActionKind[];
export type CountedKind = (typeof COUNTED_KINDS)[number];

/** Everything the summary shows about one stack's plan. */
export interface StackSummary {
  readonly label: string;
  readonly counts: Readonly<Record<CountedKind, number>>;
  /** Managed resources that change or leave the state, in plan order. */
  readonly changes: readonly PlannedChange[];
  readonly impacts: readonly Impact[];
  /** True when Terraform stopped planning on an error. */
  readonly errored: boolean;
}

/** Counts, lists and classifies the managed resource changes of one plan. */
export function summarizePlan(
  label: string,
  plan: TerraformPlan,
): StackSummary {
  const counts: Record<CountedKind, number> = {
    create: 0,
    update: 0,
    replace: 0,
    delete: 0,
    "no-op": 0,
  };
  const changes: PlannedChange[] = [];
  const impacts: Impact[] = [];

  for (const resource of plan.resource_changes) {
    // Data sources read at apply time appear with the "read" action; they change nothing.
    if (resource.mode === "data") continue;
    const change = planChange(resource);
    if (change.kind === "read") continue;
    if (change.kind !== "forget") counts[change.kind] += 1;
    if (change.kind === "no-op") continue;
    changes.push(change);
    impacts.push(...classifyChange(change));
  }
  return { label, counts, changes, impacts, errored: plan.errored === true };
}
