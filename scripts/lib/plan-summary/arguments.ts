import { basename, dirname } from "node:path";
import { PlanSummaryError } from "./errors";

/** One plan to summarize and the stack label the summary shows for it. */
export interface PlanArgument {
  readonly label: string;
  readonly path: string;
}

const LABEL_PATTERN = /^[A-Za-z0-9_-]+$/;

/**
 * Parses `LABEL=PATH` or `PATH`. Without a label, the file name without
 * `.json` becomes the label, or the folder name when the file is `plan.json`.
 */
export function parsePlanArgument(argument: string): PlanArgument {
  const separator = argument.indexOf("=");
  if (separator > 0 && LABEL_PATTERN.test(argument.slice(0, separator))) {
    return {
      label: argument.slice(0, separator),
      path: argument.slice(separator + 1),
    };
  }
  const name = basename(argument).replace(/\.json$/, "");
  const label = name === "plan" ? basename(dirname(argument)) : name;
  return { label, path: argument };
}

/** Parses every positional argument; throws when there is none or a label repeats. */
export function parsePlanArguments(
  argumentsGiven: readonly string[],
): PlanArgument[] {
  if (argumentsGiven.length === 0) {
    throw new PlanSummaryError(
      "no plan file given. Fix: pass one JSON plan per stack, for example network=plans/network.json",
    );
  }
  const plans = argumentsGiven.map(parsePlanArgument);
  const seen = new Set<string>();
  for (const { label } of plans) {
    if (seen.has(label)) {
      throw new PlanSummaryError(
        `stack label ${label} is given twice. Fix: name each plan, for example storage=plans/storage.json`,
      );
    }
    seen.add(label);
  }
  return plans;
}
