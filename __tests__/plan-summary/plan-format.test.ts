import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { actionKind } from "../../scripts/lib/plan-summary/actions";
import { PlanSummaryError } from "../../scripts/lib/plan-summary/errors";
import {
  parsePlan,
  readPlanFile,
} from "../../scripts/lib/plan-summary/plan-format";

const FIX =
  "Fix: write the file with `terraform show -json plan.tfplan > plan.json` after `terraform plan -out=plan.tfplan`";

let directory: string;

/** The message this Node.js version gives for invalid JSON, which the error quotes. */
function jsonParseMessage(text: string): string {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${text} is valid JSON`);
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), "plan-format-"));
  mkdirSync(join(directory, "folder.json"));
});

afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("readPlanFile", () => {
  test("missing file names path and fix", () => {
    const path = join(directory, "absent.json");
    expect(() => readPlanFile(path)).toThrow(
      new PlanSummaryError(
        `${path} could not be read (ENOENT). Fix: check the path, or ${FIX.slice("Fix: ".length)}`,
      ),
    );
  });

  test("directory is rejected", () => {
    const path = join(directory, "folder.json");
    expect(() => readPlanFile(path)).toThrow(
      `${path} is a directory, not a plan file. Fix: pass the JSON file itself`,
    );
  });

  test("valid file is parsed", () => {
    const path = join(directory, "empty.json");
    writeFileSync(
      path,
      JSON.stringify({
        format_version: "1.2",
        planned_values: {},
        resource_changes: [],
      }),
    );
    expect(readPlanFile(path).resource_changes).toEqual([]);
  });
});

describe("parsePlan", () => {
  test.each([
    [
      "binary plan",
      "PK\u0003\u0004binary",
      `plan.json is a binary plan file, not JSON. ${FIX}`,
    ],
    [
      "not JSON",
      "Terraform will perform the following actions:",
      `plan.json is not valid JSON (${jsonParseMessage("Terraform will perform the following actions:")}). ${FIX}`,
    ],
    [
      "JSON array",
      "[]",
      `plan.json is not a Terraform JSON plan: format_version is missing. ${FIX}`,
    ],
    [
      "no format_version",
      '{"resource_changes": []}',
      `plan.json is not a Terraform JSON plan: format_version is missing. ${FIX}`,
    ],
    [
      "unsupported major version",
      '{"format_version": "2.0", "resource_changes": []}',
      "plan.json has format_version 2.0, but only 1.x is supported. Fix: produce the plan with Terraform 1.x",
    ],
    [
      "state instead of plan",
      '{"format_version": "1.0", "terraform_version": "1.11.4", "values": {"root_module": {}}}',
      `plan.json is Terraform state, not a plan: it has no resource_changes. ${FIX}`,
    ],
    [
      "no resource_changes",
      '{"format_version": "1.2", "variables": {}}',
      `plan.json is not a Terraform JSON plan: resource_changes is missing. ${FIX}`,
    ],
    [
      "resource_changes not a list",
      '{"format_version": "1.2", "resource_changes": {}}',
      `plan.json: resource_changes must be a list. ${FIX}`,
    ],
    [
      "entry without actions",
      '{"format_version": "1.2", "resource_changes": [{"address": "aws_vpc.vpc", "type": "aws_vpc", "name": "vpc", "change": {}}]}',
      "plan.json: resource_changes[0] lacks address, type, name or change.actions. Fix: pass unmodified output of `terraform show -json`",
    ],
  ])("%s is rejected", (_case, text, message) => {
    expect(() => parsePlan(text, "plan.json")).toThrow(
      new PlanSummaryError(message),
    );
  });

  test("plan without resources has no changes", () => {
    // Terraform omits resource_changes when there is nothing to manage.
    const plan = parsePlan(
      '{"format_version": "1.2", "planned_values": {"root_module": {}}}',
      "plan.json",
    );
    expect(plan.resource_changes).toEqual([]);
  });

  test("errored flag is kept", () => {
    const plan = parsePlan(
      '{"format_version": "1.2", "resource_changes": [], "errored": true}',
      "plan.json",
    );
    expect(plan.errored).toBe(true);
  });
});

describe("actionKind", () => {
  test.each([
    [["no-op"], "no-op"],
    [["create"], "create"],
    [["read"], "read"],
    [["update"], "update"],
    [["delete"], "delete"],
    [["forget"], "forget"],
    [["delete", "create"], "replace"],
    [["create", "delete"], "replace"],
    [["create", "forget"], "replace"],
  ])("%j is %s", (actions, kind) => {
    expect(actionKind(actions, "aws_vpc.vpc")).toBe(kind);
  });

  test("unknown list is rejected", () => {
    expect(() => actionKind(["update", "delete"], "aws_vpc.vpc")).toThrow(
      'aws_vpc.vpc has unknown actions ["update","delete"]. Fix: produce the plan with Terraform 1.x',
    );
  });
});
