import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { renderVpnProfile } from "../../stacks/network/vpn-profile";
import {
  extractProfiles,
  readOutputsFile,
  readTerraformOutputs,
  VpnProfilesError,
  writeProfiles,
} from "../../scripts/lib/vpn-profiles";

const CA = "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----";
const CERT = "-----BEGIN CERTIFICATE-----\nCLIENT\n-----END CERTIFICATE-----";
const KEY =
  "-----BEGIN RSA PRIVATE KEY-----\nKEY\n-----END RSA PRIVATE KEY-----";

const profile = renderVpnProfile({
  remoteHost:
    "cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-1.amazonaws.com",
  port: 1194,
  transportProtocol: "tcp",
  serverName: "server.events.vpn.internal",
  caCertificatePem: CA,
  clientCertificatePem: CERT,
  clientPrivateKeyPem: KEY,
});
const lines = profile.split("\n");

describe("renderVpnProfile", () => {
  test("remote host, port and protocol", () => {
    expect(lines).toContain(
      "remote cvpn-endpoint-0123456789abcdef0.prod.clientvpn.eu-west-1.amazonaws.com 1194",
    );
    expect(lines).toContain("proto tcp");
    expect(lines).toContain("remote-random-hostname");
  });

  test("verifies the server by name", () => {
    expect(lines).toContain("remote-cert-tls server");
    expect(lines).toContain("verify-x509-name server.events.vpn.internal name");
  });

  test("inlines CA, certificate and key", () => {
    expect(profile).toContain(`<ca>\n${CA}\n</ca>`);
    expect(profile).toContain(`<cert>\n${CERT}\n</cert>`);
    expect(profile).toContain(`<key>\n${KEY}\n</key>`);
  });

  test("starts as a client and ends with a newline", () => {
    expect(lines[0]).toBe("client");
    expect(profile.endsWith("</key>\n")).toBe(true);
  });
});

describe("vpn profile files", () => {
  const outputs = { alice: profile, "ops.team-1": profile };

  test.each<[string, unknown]>([
    [
      "terraform output -json",
      {
        vpnClientProfiles: {
          sensitive: true,
          type: ["map", "string"],
          value: outputs,
        },
      },
    ],
    ["terraform output -json NAME", outputs],
    [
      "cdktf output --outputs-file",
      { network: { vpnClientProfiles: outputs } },
    ],
  ])("extracts from %s", (_shape, data) => {
    expect(extractProfiles(data)).toEqual(outputs);
  });

  test("rejects input without profiles", () => {
    expect(() =>
      extractProfiles({ vpcId: { sensitive: false, value: "vpc-1" } }),
    ).toThrow(/contains no vpnClientProfiles output/);
  });

  test("rejects an unsafe user name", () => {
    expect(() => extractProfiles({ "../evil": profile })).toThrow(
      'user name "../evil" is not safe as a file name. Fix: rename the user in vpn.users and deploy again',
    );
  });

  test("rejects an incomplete profile", () => {
    expect(() => extractProfiles({ alice: "client\n" })).toThrow(
      /profile of "alice" is not a complete OpenVPN profile/,
    );
  });

  test("writes files with mode 0600", () => {
    const directory = mkdtempSync(
      join(tmpdir(), "protected-streaming-profiles-"),
    );
    try {
      const target = join(directory, "profiles");
      const paths = writeProfiles(outputs, target);
      expect(paths).toEqual([
        join(target, "alice.ovpn"),
        join(target, "ops.team-1.ovpn"),
      ]);
      for (const path of paths) {
        expect(statSync(path).mode & 0o777).toBe(0o600);
        expect(readFileSync(path, "utf8")).toBe(profile);
      }
      expect(statSync(target).mode & 0o777).toBe(0o700);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe("vpn profile output directory", () => {
  const outputs = { alice: profile };
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "protected-streaming-profiles-"));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test("existing directory keeps its mode", () => {
    const target = join(root, "shared");
    mkdirSync(target);
    chmodSync(target, 0o755);
    writeProfiles(outputs, target);
    expect(statSync(target).mode & 0o777).toBe(0o755);
    expect(statSync(join(target, "alice.ovpn")).mode & 0o777).toBe(0o600);
  });

  test("created parents hold a 0700 directory", () => {
    const target = join(root, "a", "b");
    writeProfiles(outputs, target);
    expect(statSync(target).mode & 0o777).toBe(0o700);
  });

  test.each<[string, number, string]>([
    ["group-writable", 0o775, "its group"],
    ["world-writable", 0o757, "others"],
    ["group- and world-writable", 0o777, "its group and others"],
  ])("%s directory is rejected", (_title, mode, who) => {
    const target = join(root, "open");
    mkdirSync(target);
    chmodSync(target, mode);
    const modeText = mode.toString(8).padStart(4, "0");
    expect(() => writeProfiles(outputs, target)).toThrow(
      new VpnProfilesError(
        `--out ${target} is writable by ${who} (mode ${modeText}), who could replace a profile before it is imported. ` +
          `Fix: run "chmod go-w ${target}", or pass --out with a directory only you can write to`,
      ),
    );
    expect(readdirSync(target)).toEqual([]);
    expect(statSync(target).mode & 0o777).toBe(mode);
  });

  test("symlink at the target is replaced", () => {
    const target = join(root, "profiles");
    mkdirSync(target, { mode: 0o700 });
    const victim = join(root, "victim.txt");
    writeFileSync(victim, "keep");
    symlinkSync(victim, join(target, "alice.ovpn"));

    writeProfiles(outputs, target);

    expect(readFileSync(victim, "utf8")).toBe("keep");
    const written = lstatSync(join(target, "alice.ovpn"));
    expect(written.isSymbolicLink()).toBe(false);
    expect(written.mode & 0o777).toBe(0o600);
    expect(readFileSync(join(target, "alice.ovpn"), "utf8")).toBe(profile);
  });

  test("existing profile is replaced", () => {
    const target = join(root, "profiles");
    mkdirSync(target, { mode: 0o700 });
    writeFileSync(join(target, "alice.ovpn"), "old", { mode: 0o644 });
    writeProfiles(outputs, target);
    expect(readFileSync(join(target, "alice.ovpn"), "utf8")).toBe(profile);
    expect(statSync(join(target, "alice.ovpn")).mode & 0o777).toBe(0o600);
    expect(readdirSync(target)).toEqual(["alice.ovpn"]);
  });

  test("out path that is a file is rejected", () => {
    const target = join(root, "file.txt");
    writeFileSync(target, "");
    expect(() => writeProfiles(outputs, target)).toThrow(
      new VpnProfilesError(
        `--out ${target} is not a directory. Fix: pass a directory, or a path where none exists yet`,
      ),
    );
  });

  test("out path below a file is rejected", () => {
    writeFileSync(join(root, "file.txt"), "");
    const target = join(root, "file.txt", "profiles");
    expect(() => writeProfiles(outputs, target)).toThrow(
      new VpnProfilesError(
        `${target} is not in a directory, because a part of the path is a file. Fix: pass another --out directory`,
      ),
    );
  });

  test("profile path that is a directory is rejected", () => {
    const target = join(root, "profiles");
    mkdirSync(join(target, "alice.ovpn"), { recursive: true, mode: 0o700 });
    chmodSync(target, 0o700);
    expect(() => writeProfiles(outputs, target)).toThrow(
      new VpnProfilesError(
        `${join(target, "alice.ovpn")} is a directory. Fix: remove or rename it, or pass another --out directory`,
      ),
    );
    expect(readdirSync(target)).toEqual(["alice.ovpn"]);
  });
});

describe("vpn profile inputs", () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "protected-streaming-profile-inputs-"));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test("disabled VPN is named", () => {
    const networkOutputs = {
      vpcId: { sensitive: false, type: "string", value: "vpc-1" },
    };
    expect(() =>
      extractProfiles(networkOutputs, { vpnEnabled: false }),
    ).toThrow(
      new VpnProfilesError(
        "the input contains no vpnClientProfiles output, because vpn.enabled is false in the configuration: the Client VPN is disabled, " +
          "so there are no profiles to write and viewers reach the stream through network.corporateCidrs. " +
          "Fix: to use the Client VPN, set vpn.enabled to true and deploy the network stack, then run this command again",
      ),
    );
  });

  test.each<[string, (root: string) => string, (path: string) => string]>([
    [
      "directory",
      (directory) => directory,
      (path) =>
        `--from ${path} is a directory. Fix: pass the JSON file that "terraform output -json" or "cdktf output --outputs-file" wrote`,
    ],
    [
      "missing file",
      (directory) => join(directory, "absent.json"),
      (path) => `file ${path} not found. Fix: check the --from path`,
    ],
    [
      "path through a file",
      (directory) => {
        writeFileSync(join(directory, "plain"), "");
        return join(directory, "plain", "outputs.json");
      },
      (path) => `file ${path} not found. Fix: check the --from path`,
    ],
  ])("--from %s is rejected", (_title, pathIn, message) => {
    const path = pathIn(root);
    expect(() => readOutputsFile(path)).toThrow(
      new VpnProfilesError(message(path)),
    );
  });

  /** Writes a `terraform` stand-in that prints `stderr` and exits with status 1. */
  function fakeTerraform(stderr: string): NodeJS.ProcessEnv {
    const bin = join(root, "bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, "terraform"),
      `#!/bin/sh\ncat >&2 <<'END'\n${stderr}\nEND\nexit 1\n`,
      { mode: 0o755 },
    );
    return { PATH: `${bin}:${process.env.PATH}` };
  }

  const INIT_ERROR = [
    "╷",
    '│ Error: Backend initialization required, please run "terraform init"',
    "│ ",
    '│ Reason: Initial configuration of the requested backend "local"',
    "╵",
  ].join("\n");

  test.each<[string, string, (directory: string) => string]>([
    [
      "uninitialized folder",
      INIT_ERROR,
      (directory) =>
        `"terraform output -json" failed in ${directory} (Backend initialization required, please run "terraform init"). ` +
        `Fix: run "terraform init" in ${directory}, then run this command again, or pass --from FILE`,
    ],
    [
      "other failure",
      "╷\n│ Error: No state file was found!\n╵",
      (directory) =>
        `"terraform output -json" failed in ${directory} (No state file was found!). Fix: deploy the network stack first, or pass --from FILE`,
    ],
  ])("terraform failure: %s", (_title, stderr, message) => {
    const stackDirectory = join(root, "cdktf.out", "stacks", "network");
    mkdirSync(stackDirectory, { recursive: true });
    expect(() =>
      readTerraformOutputs(stackDirectory, fakeTerraform(stderr)),
    ).toThrow(new VpnProfilesError(message(stackDirectory)));
  });

  test("terraform missing from PATH", () => {
    const stackDirectory = join(root, "network");
    mkdirSync(stackDirectory);
    expect(() =>
      readTerraformOutputs(stackDirectory, { PATH: join(root, "empty") }),
    ).toThrow(
      new VpnProfilesError(
        '"terraform" not found on PATH. Fix: install Terraform 1.5 or later, or pass --from FILE',
      ),
    );
  });
});

describe("vpn-profiles command", () => {
  const projectRoot = resolve(__dirname, "..", "..");
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "protected-streaming-profile-command-"));
    writeFileSync(
      join(root, "no-vpn.json"),
      JSON.stringify({
        vpn: { enabled: false },
        network: { corporateCidrs: ["192.168.0.0/16"] },
      }),
    );
    writeFileSync(
      join(root, "outputs.json"),
      JSON.stringify({
        vpcId: { sensitive: false, type: "string", value: "vpc-1" },
      }),
    );
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test("disabled VPN fails with its reason", () => {
    const result = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/vpn-profiles.ts",
        "--from",
        join(root, "outputs.json"),
        "--out",
        join(root, "out"),
      ],
      {
        cwd: projectRoot,
        env: {
          PATH: process.env.PATH,
          STREAMING_CONFIG: join(root, "no-vpn.json"),
        },
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect(result.stderr).toMatch(
      /^vpn-profiles: the input contains no vpnClientProfiles output, because vpn\.enabled is false in the configuration: the Client VPN is disabled/,
    );
    expect(result.status).toBe(1);
    expect(existsSync(join(root, "out"))).toBe(false);
  });
});
