import {
  findMissingTools,
  isContinuousIntegration,
  type RequiredTool,
} from "../../scripts/lib/required-tools";

/**
 * Declares a describe block that needs external tools. With every tool
 * present it runs as usual. Without them it is skipped with a printed
 * reason, except when `CI` is set: there a missing tool fails the run.
 */
export function describeWithTools(
  title: string,
  tools: readonly RequiredTool[],
  body: () => void,
): void {
  const missing = findMissingTools(tools);
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const reason = missing.join("\n");
  if (isContinuousIntegration()) {
    describe(title, () => {
      test("required tools are installed", () => {
        throw new Error(
          `CI is set, so these tests must run, but tools are missing:\n${reason}`,
        );
      });
    });
    return;
  }
  process.stderr.write(
    `SKIPPED "${title}": tools are missing (set CI to make this a failure):\n${reason}\n`,
  );
  describe.skip(title, body);
}
