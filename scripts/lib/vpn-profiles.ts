import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { VPN_PROFILES_OUTPUT } from "../../stacks/network/network-stack";

/** A user name that is safe as a file name; the config enforces the same pattern. */
const USER_FILE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;

export class VpnProfilesError extends Error {
  override readonly name = "VpnProfilesError";
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Returns true for one entry of `terraform output -json`: `{ sensitive, type, value }`. */
function isTerraformOutput(value: unknown): value is { value: unknown } {
  return isObject(value) && "value" in value && "sensitive" in value;
}

/**
 * Extracts the user-to-profile map from any of the three shapes the
 * tools print: `terraform output -json` (every output, each with a
 * `value`), `terraform output -json vpnClientProfiles` (the map itself),
 * or `cdktf output --outputs-file` (outputs grouped by stack).
 */
export function extractProfiles(data: unknown): Record<string, string> {
  let candidate: unknown = data;
  if (isObject(candidate) && isObject(candidate.network) && VPN_PROFILES_OUTPUT in candidate.network) {
    candidate = candidate.network[VPN_PROFILES_OUTPUT];
  } else if (isObject(candidate) && VPN_PROFILES_OUTPUT in candidate) {
    candidate = candidate[VPN_PROFILES_OUTPUT];
  }
  if (isTerraformOutput(candidate)) {
    candidate = candidate.value;
  }
  const isOutputList = isObject(candidate) && Object.values(candidate).some(isTerraformOutput);
  if (!isObject(candidate) || isOutputList || Object.keys(candidate).length === 0) {
    throw new VpnProfilesError(
      `the input holds no ${VPN_PROFILES_OUTPUT} output. Fix: pass the output of ` +
        `"terraform output -json" run in cdktf.out/stacks/network after the network stack is deployed`,
    );
  }
  const profiles: Record<string, string> = {};
  for (const [user, profile] of Object.entries(candidate)) {
    if (!USER_FILE_NAME.test(user)) {
      throw new VpnProfilesError(
        `user name ${JSON.stringify(user)} is not safe as a file name. Fix: rename the user in vpn.users and deploy again`,
      );
    }
    if (typeof profile !== "string" || !profile.includes("<key>") || !profile.includes("<cert>")) {
      throw new VpnProfilesError(
        `the profile of ${JSON.stringify(user)} is not a complete OpenVPN profile. Fix: deploy the network stack and read its outputs again`,
      );
    }
    profiles[user] = profile;
  }
  return profiles;
}

/**
 * Writes each profile to `<directory>/<user>.ovpn` with mode 0600, in a
 * directory with mode 0700, and returns the paths written. The modes are
 * set explicitly because the profiles hold private keys and the umask may
 * be permissive.
 */
export function writeProfiles(profiles: Record<string, string>, directory: string): string[] {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  chmodSync(directory, 0o700);
  return Object.entries(profiles).map(([user, profile]) => {
    const path = join(directory, `${user}.ovpn`);
    writeFileSync(path, profile, { mode: 0o600 });
    chmodSync(path, 0o600);
    return path;
  });
}
