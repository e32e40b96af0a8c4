import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { checkSuppressions } from "../rules/check-suppressions";
import { checkCognito } from "./cognito-rules";
import { ConfigError, type ConfigProblem } from "./errors";
import { checkFileInputs } from "./file-input-rules";
import { checkMedia } from "./media-rules";
import { checkNetwork } from "./network-rules";
import { configSchema, ruleMessage, type Config } from "./schema";
import { checkStorage } from "./storage-rules";
import { problemsFromIssues } from "./zod-problems";

/** Environment variable naming the JSON file that overrides the defaults. */
export const CONFIG_PATH_VARIABLE = "STREAMING_CONFIG";

/**
 * Rules that relate several fields. Each runs only once the schema has
 * accepted the shape, and each returns every problem it finds.
 */
const CROSS_FIELD_RULES: ReadonlyArray<(config: Config) => ConfigProblem[]> = [
  checkNetwork,
  checkStorage,
  checkMedia,
  checkFileInputs,
  checkCognito,
  checkSuppressions,
];

/**
 * Validates a raw configuration object and returns the frozen, defaulted
 * Config. Throws a ConfigError listing every problem found.
 */
export function parseConfig(
  raw: unknown,
  source = "built-in defaults",
): Config {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ConfigError(source, [
      {
        path: "",
        value: raw,
        message: ruleMessage(
          "must be a JSON object",
          'write the file as { "environment": "...", ... }',
        ),
      },
    ]);
  }
  const { $schema: _editorSchema, ...fields } = raw as Record<string, unknown>;
  const result = configSchema.safeParse(fields, { reportInput: true });
  if (!result.success) {
    throw new ConfigError(
      source,
      problemsFromIssues(result.error.issues, fields),
    );
  }
  const problems = CROSS_FIELD_RULES.flatMap((rule) => rule(result.data));
  if (problems.length > 0) throw new ConfigError(source, problems);
  return deepFreeze(result.data);
}

/**
 * Loads the configuration named by STREAMING_CONFIG, or the built-in
 * defaults when it is unset.
 */
export function loadConfig(
  environment: NodeJS.ProcessEnv = process.env,
): Config {
  const file = environment[CONFIG_PATH_VARIABLE];
  if (file === undefined || file === "") return parseConfig({});
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new ConfigError(path, [
      {
        path: CONFIG_PATH_VARIABLE,
        value: file,
        message: ruleMessage(
          `could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
          `point ${CONFIG_PATH_VARIABLE} at a readable JSON file, or unset it to use the defaults`,
        ),
      },
    ]);
  }
  let raw: unknown;
  try {
    // Editors on Windows may save a byte order mark, which JSON.parse rejects.
    raw = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new ConfigError(path, [
      {
        path: "",
        value: undefined,
        message: ruleMessage(
          `is not valid JSON (${(error as Error).message})`,
          "correct the JSON syntax",
        ),
      },
    ]);
  }
  return parseConfig(raw, path);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
