/**
 * Lambda REQUEST authorizer for the live routes of the private API. It reads
 * `Authorization: Bearer <viewer token>`, verifies the token, and returns an
 * IAM policy for `execute-api:Invoke` on the stage's live routes.
 *
 * - No Authorization header, a header that is not one Bearer token, or a
 *   token that cannot be parsed: throws `Error("Unauthorized")`, for which
 *   API Gateway returns 401.
 * - A parsed token that fails verification: a Deny policy, so API Gateway
 *   returns 403.
 * - A valid token: an Allow policy with the viewer as principal id.
 * - Settings missing or invalid in the environment: throws another error,
 *   for which API Gateway returns 500, so a broken deployment admits no viewer.
 *
 * Settings come from the environment variables in `environment.ts`. Each
 * decision is logged as one JSON line with the viewer, token id and reason.
 * The token and the Authorization header are never logged.
 */
import {
  verifyViewerToken,
  type AccessDecision,
  type VerificationSettings,
} from "../token";
import {
  AUTHORIZER_ENVIRONMENT_VARIABLES,
  AuthorizerConfigurationError,
  readAuthorizerSettings,
} from "./environment";
import {
  authorizerResult,
  liveRoutesResource,
  type AuthorizerResult,
} from "./policy";

/** The fields of an API Gateway REQUEST authorizer event that the handler reads. */
export interface RequestAuthorizerEvent {
  readonly type?: string;
  /** `arn:<partition>:execute-api:<region>:<account>:<api>/<stage>/<method>/<path>` */
  readonly methodArn: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string | undefined>> | null;
  readonly multiValueHeaders?: Readonly<
    Record<string, readonly string[] | undefined>
  > | null;
  readonly requestContext?: { readonly requestId?: string } | null;
}

/** One decision log line. */
export interface DecisionLogEntry {
  readonly level: "info" | "warn" | "error";
  readonly message: string;
  readonly decision: "allow" | "deny" | "unauthorized" | "error";
  readonly reason?: string;
  readonly detail?: string;
  readonly viewer?: string;
  readonly tokenId?: string;
  readonly requestId?: string;
  readonly path?: string;
}

export type DecisionLogger = (entry: DecisionLogEntry) => void;

export type AuthorizerHandler = (
  event: RequestAuthorizerEvent,
) => Promise<AuthorizerResult>;

/** Writes one JSON object per line to stdout, which Lambda sends to CloudWatch Logs unchanged. */
export const writeJsonLine: DecisionLogger = (entry) => {
  process.stdout.write(`${JSON.stringify(entry)}\n`);
};

export interface AuthorizerHandlerOptions {
  /** @default process.env */
  readonly environment?: NodeJS.ProcessEnv;
  /** @default writeJsonLine */
  readonly log?: DecisionLogger;
  /** Returns the current time in seconds since the Unix epoch. @default the system clock */
  readonly now?: () => number;
}

/** The message API Gateway maps to a 401 response when an authorizer throws it. */
const UNAUTHORIZED = "Unauthorized";

/** RFC 6750 section 2.1: `Bearer` (any case), one or more spaces, then a b64token. */
const BEARER_PATTERN = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Returns every distinct Authorization value in the event; header names are case-insensitive. */
function authorizationValues(event: RequestAuthorizerEvent): string[] {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (name.toLowerCase() === "authorization" && typeof value === "string")
      values.add(value);
  }
  for (const [name, list] of Object.entries(event.multiValueHeaders ?? {})) {
    if (name.toLowerCase() !== "authorization" || !Array.isArray(list))
      continue;
    for (const value of list) if (typeof value === "string") values.add(value);
  }
  return [...values];
}

/** Returns the bearer token, or the reason the request carries none. */
function bearerToken(
  event: RequestAuthorizerEvent,
): { token: string } | { problem: string } {
  const values = authorizationValues(event);
  if (values.length === 0) return { problem: "no Authorization header" };
  if (values.length > 1)
    return { problem: `${values.length} different Authorization headers` };
  const match = BEARER_PATTERN.exec(values[0]!.trim());
  if (match === null)
    return { problem: "Authorization header is not a Bearer token" };
  return { token: match[1]! };
}

/**
 * Creates the authorizer handler. The settings are read on the first
 * request and read again only when the environment variables change.
 */
export function createAuthorizerHandler(
  options: AuthorizerHandlerOptions = {},
): AuthorizerHandler {
  const environment = options.environment ?? process.env;
  const log = options.log ?? writeJsonLine;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  let cached: { source: string; settings: VerificationSettings } | undefined;

  function settings(): VerificationSettings {
    const source = JSON.stringify(
      Object.values(AUTHORIZER_ENVIRONMENT_VARIABLES).map(
        (name) => environment[name] ?? null,
      ),
    );
    if (cached?.source !== source)
      cached = { source, settings: readAuthorizerSettings(environment) };
    return cached.settings;
  }

  return async function handler(
    event: RequestAuthorizerEvent,
  ): Promise<AuthorizerResult> {
    const request = {
      requestId: event.requestContext?.requestId,
      path: event.path,
    };

    let verification: VerificationSettings;
    try {
      verification = settings();
    } catch (error) {
      if (error instanceof AuthorizerConfigurationError) {
        log({
          level: "error",
          message: "authorizer settings are invalid",
          decision: "error",
          detail: error.message,
          ...request,
        });
      }
      throw error;
    }

    const bearer = bearerToken(event);
    if ("problem" in bearer) {
      log({
        level: "warn",
        message: "request rejected",
        decision: "unauthorized",
        reason: "missing-token",
        detail: bearer.problem,
        ...request,
      });
      throw new Error(UNAUTHORIZED);
    }

    const decision = verifyViewerToken(bearer.token, verification, now());
    if (!decision.allowed && decision.reason === "malformed-token") {
      log({
        level: "warn",
        message: "request rejected",
        decision: "unauthorized",
        reason: decision.reason,
        detail: decision.detail,
        ...request,
      });
      throw new Error(UNAUTHORIZED);
    }
    return respond(event, decision, request, log);
  };
}

function respond(
  event: RequestAuthorizerEvent,
  decision: AccessDecision,
  request: { requestId?: string; path?: string },
  log: DecisionLogger,
): AuthorizerResult {
  const resource = liveRoutesResource(event.methodArn);
  if (resource === undefined) {
    log({
      level: "error",
      message: "method ARN has an unexpected shape",
      decision: "deny",
      reason: "unexpected-method-arn",
      detail: event.methodArn,
      ...request,
    });
    return authorizerResult(
      "Deny",
      decision.viewer ?? "anonymous",
      event.methodArn,
      { reason: "unexpected-method-arn" },
    );
  }

  if (decision.allowed) {
    log({
      level: "info",
      message: "request allowed",
      decision: "allow",
      viewer: decision.viewer,
      tokenId: decision.tokenId,
      ...request,
    });
    return authorizerResult("Allow", decision.viewer, resource, {
      viewer: decision.viewer,
      tokenId: decision.tokenId,
      expiresAt: decision.expiresAt,
    });
  }

  log({
    level: "warn",
    message: "request denied",
    decision: "deny",
    reason: decision.reason,
    detail: decision.detail,
    viewer: decision.viewer,
    tokenId: decision.tokenId,
    ...request,
  });
  return authorizerResult("Deny", decision.viewer ?? "anonymous", resource, {
    reason: decision.reason,
  });
}

/** The Lambda entry point, `index.handler` in the bundle. */
export const handler: AuthorizerHandler = createAuthorizerHandler();
