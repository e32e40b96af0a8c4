import { isDeepStrictEqual } from "node:util";
import type { ResourceChange } from "./plan-format";
import {
  maskAt,
  masksAnything,
  mustHideValue,
  renderShortValue,
} from "./sensitivity";

/** One top-level attribute that differs between `before` and `after`. */
export interface AttributeChange {
  readonly name: string;
  /** Rendered old value; absent when hidden, long or structured. */
  readonly before?: string;
  /** Rendered new value; absent when hidden, long or structured. */
  readonly after?: string;
  /** True when the new value is known only after apply. */
  readonly unknownAfter: boolean;
  /** True when the value is sensitive, key material, or looks like a secret. */
  readonly hidden: boolean;
  /** True when a change under this attribute forces the replacement. */
  readonly forcesReplacement: boolean;
}

function objectOrEmpty(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/**
 * Lists the top-level attributes that an update or replacement changes,
 * sorted by name. Values are rendered only when short and safe to print.
 */
export function changedAttributes(resource: ResourceChange): AttributeChange[] {
  const { change, type } = resource;
  const before = objectOrEmpty(change.before);
  const after = objectOrEmpty(change.after);
  const names = new Set([
    ...Object.keys(before),
    ...Object.keys(after),
    ...Object.keys(objectOrEmpty(change.after_unknown)),
  ]);
  const replacing = new Set(
    (change.replace_paths ?? []).map((path) => String(path[0])),
  );

  const changes: AttributeChange[] = [];
  for (const name of [...names].sort()) {
    const unknownAfter = masksAnything(maskAt(change.after_unknown, name));
    if (!unknownAfter && isDeepStrictEqual(before[name], after[name])) continue;

    const hidden =
      mustHideValue(
        type,
        name,
        before[name],
        maskAt(change.before_sensitive, name),
      ) ||
      mustHideValue(
        type,
        name,
        after[name],
        maskAt(change.after_sensitive, name),
      );
    changes.push({
      name,
      before: hidden ? undefined : renderShortValue(before[name]),
      after: hidden || unknownAfter ? undefined : renderShortValue(after[name]),
      unknownAfter,
      hidden,
      forcesReplacement: replacing.has(name),
    });
  }
  return changes;
}

/** Returns the old and new value of a top-level boolean attribute, for rules that test a switch. */
export function booleanTransition(
  resource: ResourceChange,
  name: string,
): { before?: boolean; after?: boolean } {
  const before = objectOrEmpty(resource.change.before)[name];
  const after = objectOrEmpty(resource.change.after)[name];
  return {
    before: typeof before === "boolean" ? before : undefined,
    after: typeof after === "boolean" ? after : undefined,
  };
}
