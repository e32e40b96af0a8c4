import { STACK_IDS, type StackId } from "../naming";
import type { SynthesizedStacks, TerraformJson } from "../synthesize";

/** One resource or data source in a synthesized stack. */
export interface Block {
  readonly stack: StackId;
  readonly type: string;
  readonly name: string;
  /** Terraform address: `aws_vpc.vpc`, or `data.aws_iam_policy_document.x` for data sources. */
  readonly address: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export type JsonObject = Readonly<Record<string, unknown>>;

/** Stack ids in the order they deploy. */
export const STACK_ORDER: readonly StackId[] = [
  STACK_IDS.network,
  STACK_IDS.storage,
  STACK_IDS.media,
];

function blocksIn(
  stack: StackId,
  section: TerraformJson["resource"] | TerraformJson["data"],
  type: string,
  prefix: string,
): Block[] {
  const byName = section?.[type];
  if (!isObject(byName)) return [];
  return Object.entries(byName)
    .filter(([, body]) => isObject(body))
    .map(([name, body]) => ({
      stack,
      type,
      name,
      address: `${prefix}${type}.${name}`,
      body,
    }));
}

/** Returns every resource of the given types in every stack, in deploy order. */
export function resourcesOfType(
  stacks: SynthesizedStacks,
  ...types: string[]
): Block[] {
  return STACK_ORDER.flatMap((stack) =>
    types.flatMap((type) => blocksIn(stack, stacks[stack].resource, type, "")),
  );
}

/** Returns every data source of the given type in every stack. */
export function dataOfType(stacks: SynthesizedStacks, type: string): Block[] {
  return STACK_ORDER.flatMap((stack) =>
    blocksIn(stack, stacks[stack].data, type, "data."),
  );
}

/** Returns every resource in every stack. */
export function allResources(stacks: SynthesizedStacks): Block[] {
  return STACK_ORDER.flatMap((stack) =>
    Object.keys(stacks[stack].resource ?? {}).flatMap((type) =>
      blocksIn(stack, stacks[stack].resource, type, ""),
    ),
  );
}

/** Returns one named data source of a stack, if it exists. */
export function findData(
  stacks: SynthesizedStacks,
  stack: StackId,
  type: string,
  name: string,
): Block | undefined {
  return blocksIn(stack, stacks[stack].data, type, "data.").find(
    (block) => block.name === name,
  );
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Returns a nested block as a list. Terraform JSON accepts a single-item
 * block either as an object or as a one-element array, and an override can
 * write either form.
 */
export function blockList(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** Returns the first item of a nested block, or undefined. */
export function singleBlock(value: unknown): JsonObject | undefined {
  return blockList(value)[0];
}

/** Returns a list attribute as strings; a single string becomes a one-item list. */
export function stringList(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === "string");
}

/** Reads a boolean attribute; Terraform JSON also accepts "true" and "false". */
export function booleanValue(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** Reads a number attribute; Terraform JSON also accepts numeric strings. */
export function numberValue(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (
    typeof value === "string" &&
    value.trim() !== "" &&
    Number.isFinite(Number(value))
  )
    return Number(value);
  return undefined;
}

/** Renders a value for a finding's detail. */
export function show(value: unknown): string {
  return value === undefined ? "nothing" : JSON.stringify(value);
}
