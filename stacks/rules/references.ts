import { basename } from "node:path";
import type { StackId } from "../naming";
import type { SynthesizedStacks } from "../synthesize";
import { findData, isObject, STACK_ORDER, type Block } from "./terraform-json";

/**
 * Returns the expressions inside the `${...}` interpolations of a string,
 * without the delimiters. Braces inside quoted strings do not end an
 * expression.
 */
export function interpolations(text: string): string[] {
  const found: string[] = [];
  let start = text.indexOf("${");
  while (start !== -1) {
    let depth = 1;
    let index = start + 2;
    let quoted = false;
    for (; index < text.length && depth > 0; index++) {
      const char = text[index];
      if (quoted) {
        if (char === "\\") index++;
        else if (char === '"') quoted = false;
      } else if (char === '"') quoted = true;
      else if (char === "{") depth++;
      else if (char === "}") depth--;
    }
    if (depth !== 0) break;
    found.push(text.slice(start + 2, index - 1));
    start = text.indexOf("${", index);
  }
  return found;
}

/** Returns every string inside a JSON value, at any depth. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (isObject(value)) return Object.values(value).flatMap(stringsIn);
  return [];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Tells whether a value refers, inside an interpolation, to the block at
 * `address` (optionally to one attribute of it) in the same stack.
 */
export function refersTo(
  value: unknown,
  address: string,
  attribute?: string,
): boolean {
  const suffix =
    attribute === undefined
      ? "(?![\\w-])"
      : `\\.${escapeRegExp(attribute)}(?![\\w-])`;
  const pattern = new RegExp(`(?<![\\w.-])${escapeRegExp(address)}${suffix}`);
  return stringsIn(value).some((text) =>
    interpolations(text).some((expression) => pattern.test(expression)),
  );
}

const REMOTE_OUTPUT =
  /^\$\{data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)\}$/;

/**
 * Returns the stack whose state a `terraform_remote_state` data source
 * reads, from the state file name (`<stack>.tfstate`) in its local path or
 * S3 key.
 */
export function remoteStateProducer(
  stacks: SynthesizedStacks,
  consumer: StackId,
  dataName: string,
): StackId | undefined {
  const block = findData(stacks, consumer, "terraform_remote_state", dataName);
  const config = block?.body.config;
  if (!isObject(config)) return undefined;
  const location = typeof config.path === "string" ? config.path : config.key;
  if (typeof location !== "string") return undefined;
  const stack = basename(location).replace(/\.tfstate$/, "");
  return STACK_ORDER.find((id) => id === stack);
}

/** A value together with the stack whose JSON it belongs to. */
export interface Located {
  readonly stack: StackId;
  readonly value: unknown;
}

/**
 * Follows a value that is exactly one remote-state output reference to the
 * producing stack's output value, repeatedly. Other values come back as
 * they are. Lists are resolved item by item.
 */
export function resolveRemote(
  stacks: SynthesizedStacks,
  stack: StackId,
  value: unknown,
): Located {
  let current: Located = { stack, value };
  for (let hops = 0; hops < STACK_ORDER.length; hops++) {
    if (typeof current.value !== "string") return current;
    const match = REMOTE_OUTPUT.exec(current.value);
    if (!match) return current;
    const producer = remoteStateProducer(stacks, current.stack, match[1]);
    const output = producer ? stacks[producer].output?.[match[2]] : undefined;
    if (!producer || !output) return current;
    current = { stack: producer, value: output.value };
  }
  return current;
}

/**
 * Tells whether a value found in stack `from` refers to `target`, directly
 * or through another stack's published output.
 */
export function pointsTo(
  stacks: SynthesizedStacks,
  from: StackId,
  value: unknown,
  target: Block,
  attribute?: string,
): boolean {
  const items = Array.isArray(value) ? value : [value];
  return items.some((item) => {
    const resolved = resolveRemote(stacks, from, item);
    return (
      resolved.stack === target.stack &&
      refersTo(resolved.value, target.address, attribute)
    );
  });
}
