import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PLAN_FIXTURES } from "./helpers";

const ROOT = join(__dirname, "..", "..");

/** Runs the plan-summary script as npm would, bounded to 20 seconds. */
function runPlanSummary(args: string[]): {
  status: number | null;
  stdout: string;
  stderr: string;
} {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", "scripts/plan-summary.ts", ...args],
    {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 20_000,
    },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

describe("plan-summary script", () => {
  test("prints Markdown for three stacks", () => {
    const result = runPlanSummary([
      `network=${join(PLAN_FIXTURES, "network-no-op.json")}`,
      `storage=${join(PLAN_FIXTURES, "storage-bucket.json")}`,
      `media=${join(PLAN_FIXTURES, "media-changes.json")}`,
    ]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("| network | 0 | 0 | 0 | 0 | 2 |");
    expect(result.stdout).toContain(
      "**Data loss: recordings or player files are deleted**",
    );
  });

  test("invalid file exits 1 with fix", () => {
    const path = join(ROOT, "package.json");
    const result = runPlanSummary([path]);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `plan-summary: ${path} is not a Terraform JSON plan: format_version is missing. ` +
        "Fix: write the file with `terraform show -json plan.tfplan > plan.json` after `terraform plan -out=plan.tfplan`\n",
    );
  });

  test("no arguments exits 1", () => {
    const result = runPlanSummary([]);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      "plan-summary: no plan file given. Fix: pass one JSON plan per stack, for example network=plans/network.json\n",
    );
  });

  test("repeated label exits 1", () => {
    const path = join(PLAN_FIXTURES, "network-no-op.json");
    const result = runPlanSummary([`network=${path}`, `network=${path}`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("stack label network is given twice");
  });
});
