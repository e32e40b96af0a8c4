import { readdirSync } from "node:fs";
import { join } from "node:path";
import { ALL_RULES } from "../../stacks/rules/all-rules";
import type { SecurityRule } from "../../stacks/rules/rule";

const RULES_DIR = join(__dirname, "../../stacks/rules");

/** Files in stacks/rules that hold shared code rather than one rule. */
const SUPPORT_FILES = [
  "all-rules.ts",
  "check-suppressions.ts",
  "policy-documents.ts",
  "references.ts",
  "rule.ts",
  "run-rules.ts",
  "s3-buckets.ts",
  "terraform-json.ts",
  "wildcard-resource-actions.ts",
];

describe("rule pack", () => {
  test("ids are unique and well formed", () => {
    const ids = ALL_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^PS-[A-Z0-9]+-\d{3}$/);
  });

  test("every rule file is registered", () => {
    const ruleFiles = readdirSync(RULES_DIR)
      .filter((file) => file.endsWith(".ts") && !SUPPORT_FILES.includes(file))
      .sort();
    expect(ALL_RULES.map((rule) => `${rule.name}.ts`).sort()).toEqual(
      ruleFiles,
    );
  });

  test.each(ALL_RULES.map((rule) => [rule.id, rule] as const))(
    "%s file exports it",
    (_id, rule) => {
      const exported = Object.values(
        require(join(RULES_DIR, rule.name)) as Record<string, unknown>,
      );
      expect(exported).toContain(rule);
    },
  );

  test.each(ALL_RULES.map((rule) => [rule.id, rule] as const))(
    "%s states what and why",
    (_id, rule: SecurityRule) => {
      for (const sentence of [rule.what, rule.why]) {
        expect(sentence).not.toContain("\n");
        expect(sentence).toMatch(/^[A-Z].*\.$/);
        expect(sentence.length).toBeLessThanOrEqual(160);
      }
    },
  );
});
