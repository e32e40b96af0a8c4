import { PlanSummaryError } from "./errors";

/** Action that Terraform plans for one resource instance. */
export type ActionKind =
  | "create"
  | "update"
  | "replace"
  | "delete"
  | "no-op"
  | "read"
  | "forget";

/**
 * The action lists that Terraform 1.x writes, per its JSON plan format.
 * `["create", "forget"]` replaces an object while leaving the old one in
 * place, so it counts as a replacement.
 */
const ACTION_KINDS: Readonly<Record<string, ActionKind>> = {
  "no-op": "no-op",
  create: "create",
  read: "read",
  update: "update",
  delete: "delete",
  forget: "forget",
  "delete,create": "replace",
  "create,delete": "replace",
  "create,forget": "replace",
};

/** Maps a change's `actions` list to one kind; throws on a list Terraform 1.x does not write. */
export function actionKind(
  actions: readonly string[],
  address: string,
): ActionKind {
  const kind = ACTION_KINDS[actions.join(",")];
  if (kind === undefined) {
    throw new PlanSummaryError(
      `${address} has unknown actions ${JSON.stringify(actions)}. Fix: produce the plan with Terraform 1.x`,
    );
  }
  return kind;
}

/** Verb phrase for a kind, as used in the summary ("will be replaced"). */
export const ACTION_PHRASES: Readonly<Record<ActionKind, string>> = {
  create: "created",
  update: "updated in place",
  replace: "replaced",
  delete: "destroyed",
  "no-op": "unchanged",
  read: "read",
  forget: "removed from state without destroying",
};
