import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { COMMENT_MARKER } from "../../scripts/lib/plan-summary/render";
import { STACK_IDS } from "../../stacks/naming";

// The workflow needs GitHub, AWS credentials and the deployed state, so it
// cannot run here; these tests check what can be checked without them.

const ROOT = join(__dirname, "..", "..");
const WORKFLOW_PATH = join(ROOT, ".github", "workflows", "plan.yml");

/** Paths the workflow itself creates while it runs, relative to the repository root. */
const GENERATED_PATHS = [
  /^cdktf\.out\//,
  /^plans\//,
  /^plan-summary\.md$/,
  /^plan\.tfplan$/,
];

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly env?: Record<string, string>;
}

interface Job {
  readonly "runs-on": string;
  readonly container?: string;
  readonly needs?: string;
  readonly permissions?: Record<string, string>;
  readonly steps: readonly Step[];
}

interface Workflow {
  readonly on: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

const workflow = parse(readFileSync(WORKFLOW_PATH, "utf8")) as Workflow;
const packageJson = JSON.parse(
  readFileSync(join(ROOT, "package.json"), "utf8"),
) as { scripts: Record<string, string> };
const allSteps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const runText = allSteps.map((step) => step.run ?? "").join("\n");

/** Returns every `npm run NAME` in the run scripts, skipping npm's own flags. */
function npmRunScripts(text: string): string[] {
  return [
    ...text.matchAll(/npm run((?:\s+--?[a-z-]+)*)\s+([A-Za-z0-9:_-]+)/g),
  ].map((match) => match[2] as string);
}

/** Returns tokens of run scripts and `with` values that look like repository file paths. */
function referencedPaths(): string[] {
  const texts = allSteps.flatMap((step) => [
    step.run ?? "",
    ...Object.entries(step.with ?? {})
      .filter(([key]) => key !== "script")
      .map(([, value]) => String(value)),
  ]);
  const tokens = texts.flatMap((text) => text.split(/[\s"'=;()]+/));
  return tokens
    .filter(
      (token) =>
        !token.includes("$") &&
        !token.includes("://") &&
        !token.startsWith("-"),
    )
    .filter(
      (token) =>
        /^[\w.-]+(\/[\w.-]+)+$/.test(token) ||
        /^[\w-]+\.(json|ts|js|md|ya?ml|sh)$/.test(token),
    )
    .map((token) => token.replace(/^\.\//, ""));
}

describe("plan workflow", () => {
  test("runs on pull requests", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
  });

  test("test job installs browser dependencies", () => {
    const test = workflow.jobs.test;
    const install = test?.steps.find((step) =>
      step.run?.includes("apt-get install"),
    );
    expect(install?.run).toContain("chromium");
    expect(install?.run).toContain("ffmpeg");
  });

  test("test job uses Node 20 and npm ci", () => {
    const steps = workflow.jobs.test?.steps ?? [];
    const setupNode = steps.find((step) =>
      step.uses?.startsWith("actions/setup-node@"),
    );
    expect(setupNode?.with?.["node-version"]).toBe(20);
    expect(
      steps.map((step) => step.run?.split(" ").slice(0, 2).join(" ")),
    ).toEqual(expect.arrayContaining(["npm ci", "npm test"]));
  });

  test("plan job runs after the tests", () => {
    expect(workflow.jobs.plan?.needs).toBe("test");
  });

  test("plan job may request an OIDC token", () => {
    expect(workflow.jobs.plan?.permissions).toEqual({
      contents: "read",
      "id-token": "write",
      "pull-requests": "write",
    });
  });

  test("AWS role comes from a repository variable", () => {
    const credentials = workflow.jobs.plan?.steps.find((step) =>
      step.uses?.startsWith("aws-actions/configure-aws-credentials@"),
    );
    expect(credentials?.with?.["role-to-assume"]).toBe(
      "${{ vars.AWS_PLAN_ROLE_ARN }}",
    );
  });

  test("synthesizes before planning", () => {
    const steps = workflow.jobs.plan?.steps ?? [];
    const synth = steps.findIndex((step) => step.run === "npm run synth");
    const plan = steps.findIndex((step) =>
      step.run?.includes("terraform plan"),
    );
    expect(synth).toBeGreaterThanOrEqual(0);
    expect(plan).toBeGreaterThan(synth);
  });

  test("plans stacks in deploy order", () => {
    const order = [STACK_IDS.network, STACK_IDS.storage, STACK_IDS.media].join(
      " ",
    );
    expect(runText).toContain(`for stack in ${order}; do`);
    expect(runText).toContain('cd "cdktf.out/stacks/$stack"');
    expect(runText).toContain("terraform show -json plan.tfplan");
  });

  test("terraform wrapper is off", () => {
    const setup = workflow.jobs.plan?.steps.find((step) =>
      step.uses?.startsWith("hashicorp/setup-terraform@"),
    );
    expect(setup?.with?.terraform_wrapper).toBe(false);
  });

  test("comment marker matches the summary", () => {
    const comment = workflow.jobs.plan?.steps.find((step) =>
      step.uses?.startsWith("actions/github-script@"),
    );
    expect(String(comment?.with?.script)).toContain(
      `const marker = "${COMMENT_MARKER}";`,
    );
  });

  test("calls the plan summary", () => {
    expect(npmRunScripts(runText)).toContain("plan-summary");
  });

  test("every npm script exists", () => {
    const called = npmRunScripts(runText);
    expect(called.length).toBeGreaterThan(0);
    const missing = called.filter(
      (name) => packageJson.scripts[name] === undefined,
    );
    expect(missing).toEqual([]);
  });

  test("every script's file exists", () => {
    const files = npmRunScripts(runText).flatMap((name) =>
      (packageJson.scripts[name] ?? "")
        .split(/\s+/)
        .filter((word) => /\.(ts|js)$/.test(word)),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((file) => !existsSync(join(ROOT, file)))).toEqual([]);
  });

  test("every referenced path exists", () => {
    const paths = referencedPaths();
    expect(paths).toEqual(
      expect.arrayContaining(["package-lock.json", "plan-summary.md"]),
    );
    const missing = paths
      .filter((path) => !GENERATED_PATHS.some((pattern) => pattern.test(path)))
      .filter((path) => !existsSync(join(ROOT, path)));
    expect(missing).toEqual([]);
  });
});
