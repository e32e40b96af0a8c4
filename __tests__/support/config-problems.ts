import { ConfigError, formatProblem } from "../../stacks/config/errors";
import { parseConfig } from "../../stacks/config/load";

/**
 * Returns the problem lines of a rejected configuration, as the error
 * message lists them. Throws when the configuration is accepted.
 */
export function problemsOf(raw: unknown): string[] {
  try {
    parseConfig(raw, "test.json");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error("the configuration was accepted");
}
