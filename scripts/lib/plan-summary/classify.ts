import { actionKind } from "./actions";
import { changedAttributes } from "./attributes";
import type { ResourceChange } from "./plan-format";
import { IMPACT_RULES } from "./rules";
import type {
  AttributeFilter,
  ImpactCategory,
  ImpactRule,
  PlannedChange,
} from "./rules/rule";

/** One change that matters, as the summary lists it. */
export interface Impact {
  readonly category: ImpactCategory;
  readonly ruleId: string;
  readonly change: PlannedChange;
  readonly reason: string;
}

/** Works out the action kind and the changed attributes of one resource change. */
export function planChange(resource: ResourceChange): PlannedChange {
  const kind = actionKind(resource.change.actions, resource.address);
  const attributes =
    kind === "update" || kind === "replace" ? changedAttributes(resource) : [];
  return { resource, kind, attributes };
}

function filterMatches(
  filter: AttributeFilter,
  change: PlannedChange,
): boolean {
  const names = change.attributes.map((attribute) => attribute.name);
  if ("anyOf" in filter)
    return names.some((name) => filter.anyOf.includes(name));
  return names.some((name) => !filter.except.includes(name));
}

/** Returns true when a rule applies to a change. */
export function ruleMatches(rule: ImpactRule, change: PlannedChange): boolean {
  const { resource, kind } = change;
  if (resource.mode === "data") return false;
  if (!rule.resourceTypes.includes(resource.type)) return false;
  if (rule.names && !rule.names.test(resource.name)) return false;
  if (!rule.actions.includes(kind)) return false;
  const filtered = kind === "update" || kind === "replace";
  if (filtered && rule.attributes && !filterMatches(rule.attributes, change))
    return false;
  return rule.when ? rule.when(change) : true;
}

/** Applies every rule of the table to a change and returns the impacts found. */
export function classifyChange(
  change: PlannedChange,
  rules: readonly ImpactRule[] = IMPACT_RULES,
): Impact[] {
  return rules
    .filter((rule) => ruleMatches(rule, change))
    .map((rule) => ({
      category: rule.category,
      ruleId: rule.id,
      change,
      reason: rule.explain(change),
    }));
}
