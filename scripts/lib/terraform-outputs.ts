import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";

/**
 * Reads the stack outputs that `vpn-profiles` and `viewer-link` consume:
 * a saved JSON file, or `terraform output -json` run in a stack folder.
 * Each function takes the caller's error constructor, so every problem
 * reaches the user as that command's error with the path and the fix.
 */

/** Builds the error a command reports for one failed read. */
export type ErrorFactory = (message: string) => Error;

/** Returns the `code` of a Node.js system error, such as `ENOENT`. */
export function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== "object" || !("code" in error))
    return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/** Reads a JSON file of saved outputs, passed with `--from`. */
export function readOutputsFile(path: string, toError: ErrorFactory): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    switch (errorCode(error)) {
      case "EISDIR":
        throw toError(
          `--from ${path} is a directory. Fix: pass the JSON file that "terraform output -json" or "cdktf output --outputs-file" wrote`,
        );
      case "ENOENT":
      case "ENOTDIR":
        throw toError(`file ${path} not found. Fix: check the --from path`);
      case "EACCES":
      case "EPERM":
        throw toError(
          `file ${path} is not readable (permission denied). Fix: check the file's owner and mode, or pass another --from file`,
        );
      default:
        throw error;
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw toError(`${path} is not valid JSON (${(error as Error).message})`);
  }
}

/** Returns true when `path` is a directory, false when nothing or a file is there. */
function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") return false;
    throw error;
  }
}

/** The stderr line Terraform prints when a working folder needs `terraform init`. */
const INIT_REQUIRED = /Backend initialization required|terraform init/;

/** Returns Terraform's first error line from its stderr, without the box drawing around it. */
function terraformErrorLine(stderr: string): string | undefined {
  for (const line of stderr.split("\n")) {
    const match = /Error: (.+)$/.exec(line);
    if (match) return match[1]!.trim();
  }
  return stderr
    .split("\n")
    .find((line) => line.trim() !== "")
    ?.trim();
}

/**
 * Runs `terraform output -json` in a synthesized stack folder
 * (`cdktf.out/stacks/<stack>`) and returns the parsed outputs.
 * `environment` is the environment Terraform runs with.
 */
export function readTerraformOutputs(
  stackDirectory: string,
  stack: string,
  toError: ErrorFactory,
  environment: NodeJS.ProcessEnv = process.env,
): unknown {
  if (!isDirectory(stackDirectory)) {
    throw toError(
      `${stackDirectory} not found. Fix: run "npm run synth" and deploy the ${stack} stack first, or pass --from FILE`,
    );
  }

  let text: string;
  try {
    text = execFileSync("terraform", ["output", "-json", "-no-color"], {
      cwd: stackDirectory,
      encoding: "utf8",
      env: environment,
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (error) {
    if (errorCode(error) === "ENOENT") {
      throw toError(
        '"terraform" not found on PATH. Fix: install Terraform 1.5 or later, or pass --from FILE',
      );
    }
    const stderr = String((error as { stderr?: unknown }).stderr ?? "");
    const reason =
      terraformErrorLine(stderr) ?? (error as Error).message.split("\n")[0];
    if (INIT_REQUIRED.test(stderr)) {
      throw toError(
        `"terraform output -json" failed in ${stackDirectory} (${reason}). ` +
          `Fix: run "terraform init" in ${stackDirectory}, then run this command again, or pass --from FILE`,
      );
    }
    throw toError(
      `"terraform output -json" failed in ${stackDirectory} (${reason}). Fix: deploy the ${stack} stack first, or pass --from FILE`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw toError(
      `"terraform output -json" in ${stackDirectory} printed no valid JSON (${(error as Error).message})`,
    );
  }
}
