import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";

const projectRoot = join(__dirname, "..", "..");

/** Runs main.ts as `cdktf synth` would, with its own environment. */
function runMain(outdir: string, configFile?: string) {
  return spawnSync(process.execPath, ["--import", "tsx", "main.ts"], {
    cwd: projectRoot,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CDKTF_OUTDIR: outdir,
      ...(configFile ? { STREAMING_CONFIG: configFile } : {}),
    },
    encoding: "utf8",
    timeout: 120_000,
  });
}

/** Reads every file under a folder, keyed by relative path. */
function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (directory: string) => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path);
      else files[relative(root, path)] = readFileSync(path, "utf8");
    }
  };
  walk(root);
  return files;
}

describe("main.ts synthesis", () => {
  let workspace: string;
  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), "protected-streaming-main-"));
  });
  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  test("default config writes all three stacks", () => {
    const outdir = join(workspace, "defaults");
    const result = runMain(outdir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    for (const stack of ["network", "storage", "media"]) {
      expect(existsSync(join(outdir, "stacks", stack, "cdk.tf.json"))).toBe(
        true,
      );
    }
    const manifest = JSON.parse(
      readFileSync(join(outdir, "manifest.json"), "utf8"),
    );
    expect(Object.keys(manifest.stacks).sort()).toEqual([
      "media",
      "network",
      "storage",
    ]);
    expect(manifest.stacks.media.dependencies).toEqual(["storage"]);
    expect(manifest.stacks.storage.dependencies).toEqual(["network"]);
  });

  test("two synths are byte-identical", () => {
    const first = join(workspace, "first");
    const second = join(workspace, "second");
    expect(runMain(first).status).toBe(0);
    expect(runMain(second).status).toBe(0);
    const firstTree = readTree(first);
    expect(Object.keys(firstTree).length).toBeGreaterThan(3);
    expect(readTree(second)).toEqual(firstTree);
  });

  test("invalid config exits 1 and leaves no output", () => {
    const outdir = join(workspace, "invalid");
    mkdirSync(join(outdir, "stacks", "network"), { recursive: true });
    writeFileSync(join(outdir, "stacks", "network", "cdk.tf.json"), "{}");
    writeFileSync(join(outdir, "manifest.json"), "{}");
    const configFile = join(workspace, "invalid.json");
    writeFileSync(
      configFile,
      JSON.stringify({
        vpn: { port: 22, users: [] },
        network: { vpcCidr: "10.0.0.0/8" },
      }),
    );
    const result = runMain(outdir, configFile);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      `Invalid configuration (${configFile}), 3 problems:`,
    );
    expect(result.stderr).toContain(
      "vpn.port: received 22; must be 443 or 1194",
    );
    expect(result.stderr).toContain(
      "vpn.users: received []; must list at least one user",
    );
    expect(result.stderr).toContain(
      'network.vpcCidr: received "10.0.0.0/8"; must have a prefix length between /16 and /28',
    );
    expect(existsSync(outdir)).toBe(false);
    expect(
      readdirSync(workspace).filter((name) => name.startsWith(".invalid-")),
    ).toEqual([]);
  });

  test("cdktf.json runs the same app", () => {
    const cdktf = JSON.parse(
      readFileSync(join(projectRoot, "cdktf.json"), "utf8"),
    );
    expect(cdktf.app).toBe("node --import tsx main.ts");
    expect(cdktf.language).toBe("typescript");
    const packageJson = JSON.parse(
      readFileSync(join(projectRoot, "package.json"), "utf8"),
    );
    expect(packageJson.scripts.synth).toContain(cdktf.app);
  });
});

describe("output folder safety", () => {
  let workspace: string;
  beforeEach(() => {
    workspace = mkdtempSync(join(tmpdir(), "protected-streaming-outdir-"));
  });
  afterEach(() => rmSync(workspace, { recursive: true, force: true }));

  test("foreign folder is left alone", () => {
    const outdir = join(workspace, "important");
    mkdirSync(outdir);
    writeFileSync(join(outdir, "notes.txt"), "data");
    const result = runMain(outdir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `output folder ${outdir} is not empty and contains no earlier synthesis (no manifest.json and stacks/), so it was left alone. Fix: set CDKTF_OUTDIR to a new or empty folder\n`,
    );
    expect(readFileSync(join(outdir, "notes.txt"), "utf8")).toBe("data");
  });

  test("foreign folder survives an invalid config", () => {
    const outdir = join(workspace, "important");
    mkdirSync(outdir);
    writeFileSync(join(outdir, "notes.txt"), "data");
    const configFile = join(workspace, "bad.json");
    writeFileSync(configFile, JSON.stringify({ environment: "A" }));
    expect(runMain(outdir, configFile).status).toBe(1);
    expect(readFileSync(join(outdir, "notes.txt"), "utf8")).toBe("data");
  });

  test("terraform working files survive a re-synth", () => {
    const outdir = join(workspace, "cdktf.out");
    expect(runMain(outdir).status).toBe(0);
    const stack = join(outdir, "stacks", "network");
    mkdirSync(join(stack, ".terraform", "providers"), { recursive: true });
    writeFileSync(join(stack, ".terraform", "providers", "marker"), "provider");
    writeFileSync(join(stack, ".terraform.lock.hcl"), "# lock");
    expect(runMain(outdir).status).toBe(0);
    expect(
      readFileSync(join(stack, ".terraform", "providers", "marker"), "utf8"),
    ).toBe("provider");
    expect(readFileSync(join(stack, ".terraform.lock.hcl"), "utf8")).toBe(
      "# lock",
    );
    expect(existsSync(join(stack, "cdk.tf.json"))).toBe(true);
  });
});
