import { randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  constants,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { VPN_PROFILES_OUTPUT } from "../../stacks/network/network-stack";
import {
  errorCode,
  readOutputsFile as readSavedOutputs,
  readTerraformOutputs as runTerraformOutput,
} from "./terraform-outputs";

/** A user name that is safe as a file name; the config enforces the same pattern. */
const USER_FILE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;

export class VpnProfilesError extends Error {
  override readonly name = "VpnProfilesError";
}

/** Reads saved outputs from a JSON file. Throws VpnProfilesError. */
export function readOutputsFile(path: string): unknown {
  return readSavedOutputs(path, (message) => new VpnProfilesError(message));
}

/**
 * Runs `terraform output -json` in the network stack's directory, with the
 * given environment. Throws VpnProfilesError.
 */
export function readTerraformOutputs(
  stackDirectory: string,
  environment: NodeJS.ProcessEnv = process.env,
): unknown {
  return runTerraformOutput(
    stackDirectory,
    "network",
    (message) => new VpnProfilesError(message),
    environment,
  );
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Returns true for one entry of `terraform output -json`: `{ sensitive, type, value }`. */
function isTerraformOutput(value: unknown): value is { value: unknown } {
  return isObject(value) && "value" in value && "sensitive" in value;
}

/** Configuration values that decide which profiles the outputs contain. */
export interface ProfileSettings {
  /** `vpn.enabled` of the configuration; without the Client VPN there are no profiles. */
  readonly vpnEnabled?: boolean;
}

/**
 * Extracts the user-to-profile map from any of the three shapes the
 * tools print: `terraform output -json` (every output, each with a
 * `value`), `terraform output -json vpnClientProfiles` (the map itself),
 * or `cdktf output --outputs-file` (outputs grouped by stack).
 */
export function extractProfiles(
  data: unknown,
  settings: ProfileSettings = {},
): Record<string, string> {
  let candidate: unknown = data;
  if (
    isObject(candidate) &&
    isObject(candidate.network) &&
    VPN_PROFILES_OUTPUT in candidate.network
  ) {
    candidate = candidate.network[VPN_PROFILES_OUTPUT];
  } else if (isObject(candidate) && VPN_PROFILES_OUTPUT in candidate) {
    candidate = candidate[VPN_PROFILES_OUTPUT];
  }
  if (isTerraformOutput(candidate)) {
    candidate = candidate.value;
  }
  const isOutputList =
    isObject(candidate) && Object.values(candidate).some(isTerraformOutput);
  if (
    !isObject(candidate) ||
    isOutputList ||
    Object.keys(candidate).length === 0
  ) {
    if (settings.vpnEnabled === false) {
      throw new VpnProfilesError(
        `the input contains no ${VPN_PROFILES_OUTPUT} output, because vpn.enabled is false in the configuration: ` +
          "the Client VPN is disabled, so there are no profiles to write and viewers reach the stream through network.corporateCidrs. " +
          "Fix: to use the Client VPN, set vpn.enabled to true and deploy the network stack, then run this command again",
      );
    }
    throw new VpnProfilesError(
      `the input contains no ${VPN_PROFILES_OUTPUT} output. Fix: pass the output of ` +
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
    if (
      typeof profile !== "string" ||
      !profile.includes("<key>") ||
      !profile.includes("<cert>")
    ) {
      throw new VpnProfilesError(
        `the profile of ${JSON.stringify(user)} is not a complete OpenVPN profile. Fix: deploy the network stack and read its outputs again`,
      );
    }
    profiles[user] = profile;
  }
  return profiles;
}

/**
 * Prepares the output directory. A directory this function creates gets
 * mode 0700. An existing one keeps its mode, because it may be shared
 * (`--out .`), but it is rejected when its group or others may write to
 * it, because they could replace a profile before it is imported.
 */
function prepareDirectory(directory: string): void {
  let existing;
  try {
    existing = statSync(directory);
  } catch (error) {
    if (errorCode(error) !== "ENOENT")
      throw describeFileError(error, directory);
  }
  if (existing === undefined) {
    try {
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      // The umask can remove bits from the mode given to mkdir, so the mode is set again exactly.
      chmodSync(directory, 0o700);
    } catch (error) {
      throw describeFileError(error, directory);
    }
    return;
  }
  if (!existing.isDirectory()) {
    throw new VpnProfilesError(
      `--out ${directory} is not a directory. Fix: pass a directory, or a path where none exists yet`,
    );
  }
  const groupWritable = (existing.mode & 0o020) !== 0;
  const othersWritable = (existing.mode & 0o002) !== 0;
  if (groupWritable || othersWritable) {
    let writers = "its group and others";
    if (!othersWritable) writers = "its group";
    if (!groupWritable) writers = "others";
    const mode = (existing.mode & 0o777).toString(8).padStart(4, "0");
    throw new VpnProfilesError(
      `--out ${directory} is writable by ${writers} (mode ${mode}), who could replace a profile before it is imported. ` +
        `Fix: run "chmod go-w ${directory}", or pass --out with a directory only you can write to`,
    );
  }
}

/** Turns a file system error on `path` into a VpnProfilesError that names the path and the fix. */
function describeFileError(error: unknown, path: string): Error {
  switch (errorCode(error)) {
    case "EISDIR":
      return new VpnProfilesError(
        `${path} is a directory. Fix: remove or rename it, or pass another --out directory`,
      );
    case "ENOTDIR":
      return new VpnProfilesError(
        `${path} is not in a directory, because a part of the path is a file. Fix: pass another --out directory`,
      );
    case "ENOENT":
      return new VpnProfilesError(
        `${path} not found, because its directory was removed while writing. Fix: run the command again`,
      );
    case "EACCES":
    case "EPERM":
      return new VpnProfilesError(
        `${path} is not writable (permission denied). Fix: pass --out with a directory you can write to`,
      );
    default:
      return new VpnProfilesError(
        `writing ${path} failed (${error instanceof Error ? error.message : String(error)}). Fix: check the --out directory and run the command again`,
      );
  }
}

/**
 * Writes one file without following a symbolic link at `path`: the data
 * goes to a new file opened with O_EXCL and mode 0600 in the same
 * directory, which then replaces `path` by rename. A rename replaces a
 * link at `path` instead of writing through it.
 */
function writePrivateFile(path: string, content: string): void {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`,
  );
  let descriptor: number | undefined;
  try {
    descriptor = openSync(
      temporary,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
      0o600,
    );
    fchmodSync(descriptor, 0o600);
    writeFileSync(descriptor, content);
    fsyncSync(descriptor);
    closeSync(descriptor);
    descriptor = undefined;
    renameSync(temporary, path);
  } catch (error) {
    if (descriptor !== undefined) closeSync(descriptor);
    rmSync(temporary, { force: true });
    throw describeFileError(error, path);
  }
}

/**
 * Writes each profile to `<directory>/<user>.ovpn` with mode 0600 and
 * returns the paths written. The modes are set explicitly because the
 * profiles hold private keys and the umask may be permissive.
 */
export function writeProfiles(
  profiles: Record<string, string>,
  directory: string,
): string[] {
  prepareDirectory(directory);
  return Object.entries(profiles).map(([user, profile]) => {
    const path = join(directory, `${user}.ovpn`);
    writePrivateFile(path, profile);
    return path;
  });
}
