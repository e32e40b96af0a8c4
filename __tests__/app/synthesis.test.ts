import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
      expect(existsSync(join(outdir, "stacks", stack, "cdk.tf.json"))).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks).sort()).toEqual(["media", "network", "storage"]);
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
    const configFile = join(workspace, "invalid.json");
    writeFileSync(configFile, JSON.stringify({ vpn: { port: 22, users: [] }, network: { vpcCidr: "10.0.0.0/8" } }));
    const result = runMain(outdir, configFile);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`Invalid configuration (${configFile}), 3 problems:`);
    expect(result.stderr).toContain("vpn.port: received 22; must be 443 or 1194");
    expect(result.stderr).toContain("vpn.users: received []; must list at least one user");
    expect(result.stderr).toContain('network.vpcCidr: received "10.0.0.0/8"; must have a prefix length between /16 and /28');
    expect(existsSync(outdir)).toBe(false);
    expect(readdirSync(workspace).filter((name) => name.startsWith(".invalid-"))).toEqual([]);
  });

  test("cdktf.json runs the same app", () => {
    const cdktf = JSON.parse(readFileSync(join(projectRoot, "cdktf.json"), "utf8"));
    expect(cdktf.app).toBe("node --import tsx main.ts");
    expect(cdktf.language).toBe("typescript");
    const packageJson = JSON.parse(readFileSync(join(projectRoot, "package.json"), "utf8"));
    expect(packageJson.scripts.synth).toContain(cdktf.app);
  });
});
