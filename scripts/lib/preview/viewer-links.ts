import { generateKeyPairSync, randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Config } from "../../../stacks/config/schema";
import { authorizerEnvironment } from "../../../stacks/viewer-access/authorizer/environment";
import {
  createAuthorizerHandler,
  type DecisionLogEntry,
  type RequestAuthorizerEvent,
} from "../../../stacks/viewer-access/authorizer/handler";
import { viewerTokenAudience } from "../../../stacks/viewer-access/outputs";
import { signViewerToken } from "../../../stacks/viewer-access/token";
import type { LiveAuthorization } from "../local-origin";
import type { Log } from "./supervised-process";

/** API id in the token audience and method ARNs; the preview has no real API. */
export const PREVIEW_API_ID = "local-preview";

/** Viewer name of the link the preview prints. */
export const PREVIEW_VIEWER = "preview";

/** Maximum lifetime of the printed link, in seconds. A lower `signedLinks.maxValidityHours` takes precedence. */
const PREVIEW_LINK_SECONDS = 12 * 3_600;

/** The viewer-link check of a preview in `signed-links` mode. */
export interface LocalViewerLinks {
  /** Token of the printed link, for the `#token=` fragment. */
  readonly token: string;
  /** Lifetime of the token, in seconds. */
  readonly validForSeconds: number;
  /** Decides a request under `live/` with the deployed authorizer's handler. */
  authorizeLive(request: IncomingMessage): Promise<LiveAuthorization>;
}

/**
 * Sets up viewer links for the preview: a new ECDSA P-256 key pair that
 * exists only in memory, one signed token for the viewer "preview", and
 * the authorizer's own handler with the configured revocation lists.
 * The handler's verdicts map to responses as API Gateway maps them: Allow
 * passes, Deny is 403 and "Unauthorized" is 401. Every rejection is logged
 * with its reason; tokens are never logged.
 */
export function createLocalViewerLinks(
  config: Config,
  log: Log,
): LocalViewerLinks {
  const stage = config.api.stageName;
  const audience = viewerTokenAudience(PREVIEW_API_ID, stage);
  const keys = generateKeyPairSync("ec", {
    namedCurve: "P-256",
    publicKeyEncoding: { type: "spki", format: "pem" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  const environment = authorizerEnvironment({
    publicKeyPem: keys.publicKey,
    audience,
    revokedViewers: config.signedLinks.revokedViewers,
    revokedTokenIds: config.signedLinks.revokedTokenIds,
  });
  const logDecision = (entry: DecisionLogEntry) => {
    if (entry.decision === "allow") return;
    log(
      `viewer link check: ${entry.message} (${entry.reason ?? entry.decision}${entry.detail ? `: ${entry.detail}` : ""}) for ${entry.path}`,
    );
  };
  const handler = createAuthorizerHandler({ environment, log: logDecision });
  const validForSeconds = Math.min(
    PREVIEW_LINK_SECONDS,
    Math.floor(config.signedLinks.maxValidityHours * 3_600),
  );
  const { token } = signViewerToken({
    privateKey: keys.privateKey,
    viewer: PREVIEW_VIEWER,
    audience,
    validForSeconds,
  });

  return {
    token,
    validForSeconds,
    async authorizeLive(request) {
      const pathBelowStage = (request.url ?? "/")
        .split("?")[0]
        .slice(stage.length + 1);
      const headers: Record<string, string> = {};
      for (const [name, values] of Object.entries(request.headersDistinct))
        headers[name] = (values ?? []).join(",");
      const event: RequestAuthorizerEvent = {
        type: "REQUEST",
        methodArn: `arn:aws:execute-api:${config.region}:000000000000:${PREVIEW_API_ID}/${stage}/${request.method}${pathBelowStage}`,
        path: pathBelowStage,
        headers,
        multiValueHeaders: request.headersDistinct,
        requestContext: { requestId: randomUUID() },
      };
      try {
        const result = await handler(event);
        const allowed = result.policyDocument.Statement.every(
          (statement) => statement.Effect === "Allow",
        );
        return allowed ? { allowed: true } : { allowed: false, status: 403 };
      } catch (error) {
        if ((error as Error).message === "Unauthorized")
          return { allowed: false, status: 401 };
        throw error;
      }
    },
  };
}
