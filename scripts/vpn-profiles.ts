import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../stacks/config/errors";
import { loadConfig } from "../stacks/config/load";
import { STACK_IDS } from "../stacks/naming";
import { extractProfiles, VpnProfilesError, writeProfiles } from "./lib/vpn-profiles";

const USAGE = `Usage: npm run vpn-profiles -- [--from FILE] [--out DIRECTORY]

Writes one OpenVPN profile per VPN user, each file with mode 0600.

  --from FILE       JSON from "terraform output -json" or "cdktf output --outputs-file".
                    Without it, runs "terraform output -json" in cdktf.out/stacks/network.
  --out DIRECTORY   Where to write <user>.ovpn (default: vpn-profiles/<environment>).`;

function readOutputs(from: string | undefined): unknown {
  if (from !== undefined) {
    if (!existsSync(from)) throw new VpnProfilesError(`file ${from} not found. Fix: check the --from path`);
    try {
      return JSON.parse(readFileSync(from, "utf8"));
    } catch (error) {
      throw new VpnProfilesError(`${from} is not valid JSON (${(error as Error).message})`);
    }
  }
  const stackDirectory = join("cdktf.out", "stacks", STACK_IDS.network);
  if (!existsSync(stackDirectory)) {
    throw new VpnProfilesError(
      `${stackDirectory} not found. Fix: run "npm run synth" and deploy the network stack first, or pass --from FILE`,
    );
  }
  try {
    const text = execFileSync("terraform", ["output", "-json"], { cwd: stackDirectory, encoding: "utf8" });
    return JSON.parse(text);
  } catch (error) {
    throw new VpnProfilesError(
      `"terraform output -json" failed in ${stackDirectory} (${(error as Error).message.split("\n")[0]}). ` +
        "Fix: deploy the network stack first, or pass --from FILE",
    );
  }
}

function main(): void {
  const { values } = parseArgs({
    options: {
      from: { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const directory = values.out ?? join("vpn-profiles", loadConfig().environment);
  const profiles = extractProfiles(readOutputs(values.from));
  for (const path of writeProfiles(profiles, directory)) process.stdout.write(`wrote ${path}\n`);
}

try {
  main();
} catch (error) {
  if (error instanceof VpnProfilesError || error instanceof ConfigError) {
    process.stderr.write(`vpn-profiles: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`vpn-profiles: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  throw error;
}
