import type { ActionKind } from "../actions";
import type { AttributeChange } from "../attributes";
import type { ResourceChange } from "../plan-format";

/** The kinds of change a reviewer must see first, in the order the summary lists them. */
export const IMPACT_CATEGORIES = [
  "outage",
  "redistribution",
  "exposure",
  "data-loss",
] as const;
export type ImpactCategory = (typeof IMPACT_CATEGORIES)[number];

/** A managed resource change with its action kind and changed attributes worked out once. */
export interface PlannedChange {
  readonly resource: ResourceChange;
  readonly kind: ActionKind;
  readonly attributes: readonly AttributeChange[];
}

/**
 * Filter on the changed attributes of an update or replacement: any of
 * the listed ones, or any attribute except the listed ones. Creates and
 * destroys match without it.
 */
export type AttributeFilter =
  | { readonly anyOf: readonly string[] }
  | { readonly except: readonly string[] };

/**
 * One row of the classification table: a change to one of `resourceTypes`
 * (optionally only resources whose name matches `names`) with one of
 * `actions` has this impact.
 */
export interface ImpactRule {
  /** Stable kebab-case id, shown nowhere but used by tests. */
  readonly id: string;
  readonly category: ImpactCategory;
  readonly resourceTypes: readonly string[];
  readonly names?: RegExp;
  readonly actions: readonly ActionKind[];
  readonly attributes?: AttributeFilter;
  /** Extra condition on the change, for rules about one value's transition. */
  readonly when?: (change: PlannedChange) => boolean;
  /** One or two sentences: what happens and what the reviewer must do about it. */
  readonly explain: (change: PlannedChange) => string;
}

/** Every action that changes infrastructure. */
export const ANY_CHANGE: readonly ActionKind[] = [
  "create",
  "update",
  "replace",
  "delete",
];
/** Actions that remove the existing object. */
export const REPLACE_OR_DESTROY: readonly ActionKind[] = ["replace", "delete"];

/** Attributes that only label a resource; changing them changes nothing a viewer notices. */
export const LABEL_ATTRIBUTES: readonly string[] = ["tags", "tags_all"];

/** Returns the captured group of a name pattern, for example the user id in a client certificate name. */
export function nameGroup(change: PlannedChange, pattern: RegExp): string {
  return pattern.exec(change.resource.name)?.[1] ?? change.resource.name;
}
