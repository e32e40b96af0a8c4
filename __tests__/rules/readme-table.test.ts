import { readFileSync } from "node:fs";
import { join } from "node:path";
import { renderRulesTable } from "../../scripts/rules-table";

test("README lists every rule as the pack states it", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  expect(readme).toContain(renderRulesTable());
});
