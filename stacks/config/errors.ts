/**
 * One problem found in the configuration: the field path, the value
 * received, and a message of the form "<rule>. Fix: <what to change>".
 */
export interface ConfigProblem {
  readonly path: string;
  readonly value: unknown;
  readonly message: string;
}

/** Raised before any construct exists, listing every problem found. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];
  readonly source: string;

  constructor(source: string, problems: readonly ConfigProblem[]) {
    super(formatProblems(source, problems));
    this.name = "ConfigError";
    this.source = source;
    this.problems = problems;
  }
}

const MAX_VALUE_LENGTH = 80;

/** Renders a received value for a message: JSON, shortened, or "nothing". */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" && !Number.isFinite(value))
    return String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_VALUE_LENGTH
    ? `${text.slice(0, MAX_VALUE_LENGTH - 3)}...`
    : text;
}

/** Renders one problem as a single line. */
export function formatProblem(problem: ConfigProblem): string {
  const field = problem.path === "" ? "(root)" : problem.path;
  return `${field}: received ${describeValue(problem.value)}; ${problem.message}`;
}

function formatProblems(
  source: string,
  problems: readonly ConfigProblem[],
): string {
  const count =
    problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  const lines = problems.map((problem) => `  - ${formatProblem(problem)}`);
  return [`Invalid configuration (${source}), ${count}:`, ...lines].join("\n");
}
