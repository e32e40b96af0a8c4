import { createPublicKey } from "node:crypto";
import type { Config } from "../../stacks/config/schema";
import {
  isViewerName,
  VIEWER_NAME_RULE,
} from "../../stacks/viewer-access/identifiers";
import {
  VIEWER_LINK_OUTPUTS,
  viewerTokenAudience,
} from "../../stacks/viewer-access/outputs";
import {
  loadPrivateKey,
  SigningKeyError,
  signViewerToken,
  verifyViewerToken,
  type ViewerTokenClaims,
} from "../../stacks/viewer-access/token";
import {
  readOutputsFile as readSavedOutputs,
  readTerraformOutputs as runTerraformOutput,
} from "./terraform-outputs";

export class ViewerLinkError extends Error {
  override readonly name = "ViewerLinkError";
}

const SECONDS_PER_UNIT = { d: 86_400, h: 3_600, m: 60 } as const;

/** Whole days, hours and minutes in that order, each unit at most once and up to 6 digits: `90m`, `8h`, `1d`, `1h30m`. */
const DURATION_PATTERN = /^(?:(\d{1,6})d)?(?:(\d{1,6})h)?(?:(\d{1,6})m)?$/;

const DURATION_FIX =
  "use whole numbers with the units d, h and m in that order, such as 90m, 8h, 1d or 1h30m";

/** Parses a duration such as `90m`, `8h`, `1d` or `1h30m` into seconds. Throws ViewerLinkError. */
export function parseDuration(text: string): number {
  const match = DURATION_PATTERN.exec(text);
  if (text === "" || match === null) {
    throw new ViewerLinkError(
      `--valid-for ${JSON.stringify(text)} is not a duration. Fix: ${DURATION_FIX}`,
    );
  }
  const [, days = "0", hours = "0", minutes = "0"] = match;
  const seconds =
    Number(days) * SECONDS_PER_UNIT.d +
    Number(hours) * SECONDS_PER_UNIT.h +
    Number(minutes) * SECONDS_PER_UNIT.m;
  if (seconds === 0) {
    throw new ViewerLinkError(
      `--valid-for ${JSON.stringify(text)} is zero. Fix: give a duration of at least 1m`,
    );
  }
  return seconds;
}

/** Formats seconds as `1d2h30m`, with seconds only when the value has any. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.round(totalSeconds);
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", 86_400],
    ["h", 3_600],
    ["m", 60],
    ["s", 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count}${unit}`);
  }
  return parts.length === 0 ? "0s" : parts.join("");
}

/**
 * Parses `--valid-for` and checks it against `signedLinks.maxValidityHours`.
 * Returns the lifetime in seconds. Throws ViewerLinkError.
 */
export function parseValidity(text: string, maxValidityHours: number): number {
  const seconds = parseDuration(text);
  const maxSeconds = Math.floor(maxValidityHours * 3_600);
  if (seconds > maxSeconds) {
    const max = formatDuration(maxSeconds);
    throw new ViewerLinkError(
      `--valid-for ${JSON.stringify(text)} is longer than the maximum of ${max} set by signedLinks.maxValidityHours (${maxValidityHours}). ` +
        `Fix: pass a duration of at most ${max}, or raise signedLinks.maxValidityHours in the configuration`,
    );
  }
  return seconds;
}

/** Checks a `--viewer` value. Throws ViewerLinkError. */
export function checkViewerName(viewer: string | undefined): string {
  if (viewer === undefined || viewer === "") {
    throw new ViewerLinkError(
      "--viewer is required. Fix: name the viewer, for example --viewer alice",
    );
  }
  if (!isViewerName(viewer)) {
    throw new ViewerLinkError(
      `--viewer ${JSON.stringify(viewer)} ${VIEWER_NAME_RULE}. Fix: use a name such as "alice" or "alice@example.com"`,
    );
  }
  return viewer;
}

/**
 * Throws ViewerLinkError when `signedLinks.revokedViewers` lists the viewer.
 * Names are compared ignoring case, as the authorizer compares them, so a
 * link signed for "Alice" would be rejected when the list contains "alice".
 */
export function checkViewerNotRevoked(viewer: string, config: Config): void {
  const lowerCaseViewer = viewer.toLowerCase();
  const listed = config.signedLinks.revokedViewers.find(
    (entry) => entry.toLowerCase() === lowerCaseViewer,
  );
  if (listed === undefined) return;
  throw new ViewerLinkError(
    `viewer ${JSON.stringify(viewer)} is revoked: signedLinks.revokedViewers lists ${JSON.stringify(listed)}, ` +
      "so the authorizer would reject every link for this viewer. " +
      `Fix: to admit the viewer again, remove ${JSON.stringify(listed)} from signedLinks.revokedViewers and deploy the media stack, then run this command again`,
  );
}

/** Throws ViewerLinkError unless the configuration turns signed links on. */
export function requireSignedLinks(config: Config): void {
  if (config.viewerAccess !== "signed-links") {
    const reason =
      config.viewerAccess === "cognito"
        ? "viewers sign in with Cognito and no link is needed (add viewers with the addViewerCommand output)"
        : "the stream is open to everyone on the network and no link is needed";
    throw new ViewerLinkError(
      `viewerAccess is ${JSON.stringify(config.viewerAccess)}, so ${reason}. ` +
        'Fix: set "viewerAccess": "signed-links" in the configuration file named by STREAMING_CONFIG and deploy the media stack, then run this command again',
    );
  }
}

/** The media stack outputs a viewer link is built from. */
export interface ViewerLinkOutputs {
  readonly apiId: string;
  readonly stageName: string;
  readonly playerUrl: string;
  /** Absent when the media stack publishes no endpoint-specific URL. */
  readonly playerEndpointUrl?: string;
  readonly signingKeyPem: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Returns true for one entry of `terraform output -json`: `{ sensitive, type, value }`. */
function isTerraformOutput(value: unknown): value is { value: unknown } {
  return isObject(value) && "value" in value && "sensitive" in value;
}

const OUTPUTS_FIX =
  'Fix: pass the output of "terraform output -json" run in cdktf.out/stacks/media after the media stack is deployed ' +
  'with "viewerAccess": "signed-links"';

/**
 * Extracts the outputs a viewer link needs from either shape the tools
 * print: `terraform output -json` (each output a `{ sensitive, type, value }`
 * object) or `cdktf output --outputs-file` (plain values grouped by stack).
 */
export function extractViewerLinkOutputs(data: unknown): ViewerLinkOutputs {
  let outputs: unknown = data;
  if (isObject(outputs) && isObject(outputs.media)) outputs = outputs.media;
  if (!isObject(outputs))
    throw new ViewerLinkError(
      `the outputs are not a JSON object. ${OUTPUTS_FIX}`,
    );
  const source = outputs;

  function read(name: string, required: boolean): string | undefined {
    let value = source[name];
    if (isTerraformOutput(value)) value = value.value;
    if (typeof value === "string" && value !== "") return value;
    if (!required && value === undefined) return undefined;
    throw new ViewerLinkError(
      `the outputs hold no ${name} string. ${OUTPUTS_FIX}`,
    );
  }

  const names = VIEWER_LINK_OUTPUTS;
  return {
    apiId: read(names.apiId, true)!,
    stageName: read(names.stageName, true)!,
    playerUrl: read(names.playerUrl, true)!,
    playerEndpointUrl: read(names.playerEndpointUrl, false),
    signingKeyPem: read(names.signingKey, true)!,
  };
}

/**
 * Throws ViewerLinkError when the deployed stage is not the configured one:
 * the authorizer's audience comes from the configuration, so a link for
 * another stage would be rejected.
 */
export function checkOutputsMatchConfig(
  outputs: ViewerLinkOutputs,
  config: Config,
): void {
  if (outputs.stageName !== config.api.stageName) {
    throw new ViewerLinkError(
      `the deployed stage ${JSON.stringify(outputs.stageName)} differs from api.stageName ${JSON.stringify(config.api.stageName)}. ` +
        "Fix: set STREAMING_CONFIG to the configuration the media stack was deployed with",
    );
  }
}

/** Reads saved outputs from a JSON file. Throws ViewerLinkError. */
export function readOutputsFile(path: string): unknown {
  return readSavedOutputs(path, (message) => new ViewerLinkError(message));
}

/**
 * Runs `terraform output -json` in the media stack's directory, with the
 * given environment. Throws ViewerLinkError.
 */
export function readTerraformOutputs(
  stackDirectory: string,
  environment: NodeJS.ProcessEnv = process.env,
): unknown {
  return runTerraformOutput(
    stackDirectory,
    "media",
    (message) => new ViewerLinkError(message),
    environment,
  );
}

export interface ViewerLinkRequest {
  readonly outputs: ViewerLinkOutputs;
  readonly viewer: string;
  readonly validForSeconds: number;
  /** Use the endpoint-specific player URL, which works without private DNS. */
  readonly useEndpointHost?: boolean;
  /** @default the current time, in seconds since the Unix epoch */
  readonly issuedAt?: number;
}

export interface ViewerLink {
  /** The player URL with `#token=<token>`. */
  readonly url: string;
  readonly claims: ViewerTokenClaims;
}

function playerUrlFor(request: ViewerLinkRequest): URL {
  const { outputs } = request;
  const name = request.useEndpointHost
    ? VIEWER_LINK_OUTPUTS.playerEndpointUrl
    : VIEWER_LINK_OUTPUTS.playerUrl;
  const text = request.useEndpointHost
    ? outputs.playerEndpointUrl
    : outputs.playerUrl;
  if (text === undefined) {
    throw new ViewerLinkError(
      `the outputs hold no ${name} string. Fix: run without --endpoint-host`,
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ViewerLinkError(
      `output ${name} ${JSON.stringify(text)} is not a URL. ${OUTPUTS_FIX}`,
    );
  }
  if (url.protocol !== "https:") {
    throw new ViewerLinkError(
      `output ${name} ${JSON.stringify(text)} is not an https URL. ${OUTPUTS_FIX}`,
    );
  }
  return url;
}

/**
 * Signs a token for the viewer and returns the player URL that carries it
 * in the fragment, which browsers never send to a server. Verifies the
 * token with the key's public half before returning it.
 */
export function createViewerLink(request: ViewerLinkRequest): ViewerLink {
  const url = playerUrlFor(request);
  let privateKey;
  try {
    privateKey = loadPrivateKey(request.outputs.signingKeyPem);
  } catch (error) {
    if (error instanceof SigningKeyError) {
      throw new ViewerLinkError(
        `output ${VIEWER_LINK_OUTPUTS.signingKey}: ${error.message}. ${OUTPUTS_FIX}`,
      );
    }
    throw error;
  }

  const audience = viewerTokenAudience(
    request.outputs.apiId,
    request.outputs.stageName,
  );
  const signed = signViewerToken({
    privateKey,
    viewer: request.viewer,
    audience,
    validForSeconds: request.validForSeconds,
    issuedAt: request.issuedAt,
  });
  const check = verifyViewerToken(
    signed.token,
    { publicKey: createPublicKey(privateKey), audience },
    signed.claims.iat,
  );
  if (!check.allowed)
    throw new Error(
      `the new token failed verification (${check.reason}: ${check.detail})`,
    );

  url.hash = `token=${signed.token}`;
  return { url: url.href, claims: signed.claims };
}
