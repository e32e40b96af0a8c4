import { readFileSync, statSync } from "node:fs";
import { PlanSummaryError } from "./errors";

/**
 * The parts of Terraform's JSON plan format (`terraform show -json <planfile>`)
 * that the summary reads. Terraform documents the format at
 * https://developer.hashicorp.com/terraform/internals/json-format and adds
 * fields in minor versions, so unknown fields are ignored.
 */
export interface TerraformPlan {
  readonly format_version: string;
  readonly terraform_version?: string;
  readonly resource_changes: readonly ResourceChange[];
  /** True when planning stopped on an error; the changes are then incomplete. */
  readonly errored?: boolean;
}

export interface ResourceChange {
  readonly address: string;
  readonly module_address?: string;
  readonly mode: "managed" | "data";
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly change: Change;
  /** Terraform's reason for replacing or deleting the object, for example `replace_because_cannot_update`. */
  readonly action_reason?: string;
}

/** Each sensitivity or unknown mask mirrors the value, with `true` at the leaves it marks. */
export type ValueMask =
  | boolean
  | { readonly [key: string]: ValueMask }
  | readonly ValueMask[];

export interface Change {
  readonly actions: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: ValueMask;
  readonly before_sensitive?: ValueMask;
  readonly after_sensitive?: ValueMask;
  /** Paths into the object whose change forces the replacement. */
  readonly replace_paths?: readonly (readonly (string | number)[])[];
}

/** The only major version of the format that exists; a new major version may break this reader. */
const SUPPORTED_MAJOR_VERSION = "1";

const SHOW_JSON_FIX =
  "write the file with `terraform show -json plan.tfplan > plan.json` after `terraform plan -out=plan.tfplan`";

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Reads and validates one plan file; throws a PlanSummaryError naming the file and the fix. */
export function readPlanFile(path: string): TerraformPlan {
  let text: string;
  try {
    if (statSync(path).isDirectory()) {
      throw new PlanSummaryError(
        `${path} is a directory, not a plan file. Fix: pass the JSON file itself`,
      );
    }
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (error instanceof PlanSummaryError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new PlanSummaryError(
      `${path} could not be read (${code}). Fix: check the path, or ${SHOW_JSON_FIX}`,
    );
  }
  return parsePlan(text, path);
}

/** Parses the text of a JSON plan; `source` names it in error messages. */
export function parsePlan(text: string, source: string): TerraformPlan {
  // A binary plan file from `terraform plan -out` is a zip archive.
  if (text.startsWith("PK")) {
    throw new PlanSummaryError(
      `${source} is a binary plan file, not JSON. Fix: ${SHOW_JSON_FIX}`,
    );
  }

  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PlanSummaryError(
      `${source} is not valid JSON (${(error as Error).message}). Fix: ${SHOW_JSON_FIX}`,
    );
  }
  if (!isObject(data) || typeof data.format_version !== "string") {
    throw new PlanSummaryError(
      `${source} is not a Terraform JSON plan: format_version is missing. Fix: ${SHOW_JSON_FIX}`,
    );
  }

  const major = data.format_version.split(".")[0];
  if (major !== SUPPORTED_MAJOR_VERSION) {
    throw new PlanSummaryError(
      `${source} has format_version ${data.format_version}, but only ${SUPPORTED_MAJOR_VERSION}.x is supported. ` +
        "Fix: produce the plan with Terraform 1.x",
    );
  }
  if ("values" in data && !("planned_values" in data)) {
    throw new PlanSummaryError(
      `${source} is Terraform state, not a plan: it has no resource_changes. Fix: ${SHOW_JSON_FIX}`,
    );
  }
  // Terraform omits resource_changes when the configuration and the state
  // hold no resources, but it always writes planned_values.
  if (!("resource_changes" in data) && !("planned_values" in data)) {
    throw new PlanSummaryError(
      `${source} is not a Terraform JSON plan: resource_changes is missing. Fix: ${SHOW_JSON_FIX}`,
    );
  }

  const changes = data.resource_changes ?? [];
  if (!Array.isArray(changes)) {
    throw new PlanSummaryError(
      `${source}: resource_changes must be a list. Fix: ${SHOW_JSON_FIX}`,
    );
  }
  changes.forEach((change, index) =>
    checkResourceChange(change, `${source}: resource_changes[${index}]`),
  );
  return {
    format_version: data.format_version,
    terraform_version:
      typeof data.terraform_version === "string"
        ? data.terraform_version
        : undefined,
    resource_changes: changes as ResourceChange[],
    errored: data.errored === true,
  };
}

function checkResourceChange(value: unknown, where: string): void {
  const valid =
    isObject(value) &&
    typeof value.address === "string" &&
    typeof value.type === "string" &&
    typeof value.name === "string" &&
    isObject(value.change) &&
    Array.isArray(value.change.actions) &&
    value.change.actions.every((action) => typeof action === "string");
  if (!valid) {
    throw new PlanSummaryError(
      `${where} lacks address, type, name or change.actions. Fix: pass unmodified output of \`terraform show -json\``,
    );
  }
}
