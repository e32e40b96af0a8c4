/**
 * The player's settings file, `config.json`, which the storage stack writes
 * beside `index.html` from the deployment's configuration.
 */

/** Access modes that decide which viewers may fetch the stream. */
export const VIEWER_ACCESS_MODES = [
  "network",
  "signed-links",
  "cognito",
] as const;
export type ViewerAccess = (typeof VIEWER_ACCESS_MODES)[number];

/** Contents of `config.json`. */
export interface PlayerConfig {
  /** Master playlist path relative to the page, such as `live/demo-channel/index.m3u8`. */
  readonly manifestPath: string;
  /** HLS segment length in seconds; the live tuning is derived from it. */
  readonly segmentLengthSeconds: number;
  /**
   * `network` admits anyone who reaches the page, `signed-links` needs the
   * token of a viewer link, and `cognito` signs the viewer in with the
   * settings in `auth.json`.
   */
  readonly viewerAccess: ViewerAccess;
}

/** Name of the settings file, resolved relative to the page. */
export const PLAYER_CONFIG_FILE = "config.json";

/** Largest segment length the player accepts, in seconds. */
export const MAX_SEGMENT_LENGTH_SECONDS = 60;

/** Raised when `config.json` is missing a field or has a value of the wrong shape. */
export class PlayerConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`${PLAYER_CONFIG_FILE} is invalid: ${problems.join("; ")}`);
    this.name = "PlayerConfigError";
  }
}

/**
 * Validates the parsed JSON of `config.json` and returns the settings.
 * Unknown fields are ignored, so a newer stack can add fields without
 * breaking an older player. Throws PlayerConfigError listing every problem.
 */
export function parsePlayerConfig(raw: unknown): PlayerConfig {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new PlayerConfigError([
      `expected a JSON object, received ${describe(raw)}`,
    ]);
  }
  const fields = raw as Record<string, unknown>;
  const problems = [
    ...manifestPathProblems(fields.manifestPath),
    ...segmentLengthProblems(fields.segmentLengthSeconds),
    ...viewerAccessProblems(fields.viewerAccess),
  ];
  if (problems.length > 0) throw new PlayerConfigError(problems);
  return {
    manifestPath: fields.manifestPath as string,
    segmentLengthSeconds: fields.segmentLengthSeconds as number,
    viewerAccess: fields.viewerAccess as ViewerAccess,
  };
}

/**
 * The manifest must stay on the page's own origin and under its folder, so
 * the path may not be absolute, contain a scheme, or climb with `..`.
 */
function manifestPathProblems(value: unknown): string[] {
  const rule =
    'manifestPath must be a relative path ending in ".m3u8", such as "live/demo-channel/index.m3u8"';
  if (typeof value !== "string")
    return [`${rule}; received ${describe(value)}`];
  const segments = value.split("/");
  const valid =
    value.endsWith(".m3u8") &&
    !value.startsWith("/") &&
    !value.includes("\\") &&
    !value.includes(":") &&
    !value.includes("?") &&
    !value.includes("#") &&
    segments.every(
      (segment) => segment !== "" && segment !== "." && segment !== "..",
    );
  return valid ? [] : [`${rule}; received ${describe(value)}`];
}

function segmentLengthProblems(value: unknown): string[] {
  const valid =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value > 0 &&
    value <= MAX_SEGMENT_LENGTH_SECONDS;
  if (valid) return [];
  return [
    `segmentLengthSeconds must be a number of seconds above 0 and at most ${MAX_SEGMENT_LENGTH_SECONDS}; received ${describe(value)}`,
  ];
}

function viewerAccessProblems(value: unknown): string[] {
  if ((VIEWER_ACCESS_MODES as readonly unknown[]).includes(value)) return [];
  const quoted = VIEWER_ACCESS_MODES.map((mode) => `"${mode}"`);
  const modes = `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
  return [`viewerAccess must be ${modes}; received ${describe(value)}`];
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "an array";
  return JSON.stringify(value);
}
