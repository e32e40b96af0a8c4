import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../stacks/config/errors";
import { loadConfig } from "../stacks/config/load";
import { STACK_IDS } from "../stacks/naming";
import {
  extractProfiles,
  readOutputsFile,
  readTerraformOutputs,
  VpnProfilesError,
  writeProfiles,
} from "./lib/vpn-profiles";

const USAGE = `Usage: npm run vpn-profiles -- [--from FILE] [--out DIRECTORY]

Writes one OpenVPN profile per VPN user, each file with mode 0600.
A directory it creates gets mode 0700; an existing one keeps its mode and
must not be writable by group or others.

  --from FILE       JSON from "terraform output -json" or "cdktf output --outputs-file".
                    Without it, runs "terraform output -json" in cdktf.out/stacks/network.
  --out DIRECTORY   Where to write <user>.ovpn (default: vpn-profiles/<environment>).`;

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
  const config = loadConfig();
  const directory = values.out ?? join("vpn-profiles", config.environment);
  const outputs =
    values.from !== undefined
      ? readOutputsFile(values.from)
      : readTerraformOutputs(join("cdktf.out", "stacks", STACK_IDS.network));
  const profiles = extractProfiles(outputs, { vpnEnabled: config.vpn.enabled });
  for (const path of writeProfiles(profiles, directory))
    process.stdout.write(`wrote ${path}\n`);
}

try {
  main();
} catch (error) {
  if (error instanceof VpnProfilesError || error instanceof ConfigError) {
    process.stderr.write(`vpn-profiles: ${error.message}\n`);
    process.exit(1);
  }
  if (
    error instanceof TypeError &&
    "code" in error &&
    String(error.code).startsWith("ERR_PARSE_ARGS")
  ) {
    process.stderr.write(`vpn-profiles: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  throw error;
}
