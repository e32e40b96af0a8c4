import type { PolicyStatement } from "../../iam";
import { BUCKET_PREFIXES } from "../../naming";

/** The result a Lambda authorizer returns to API Gateway. */
export interface AuthorizerResult {
  readonly principalId: string;
  readonly policyDocument: {
    readonly Version: "2012-10-17";
    readonly Statement: PolicyStatement[];
  };
  /** Values the API can read as `$context.authorizer.<key>`: strings, numbers or booleans only. */
  readonly context: Readonly<Record<string, string | number | boolean>>;
}

/**
 * Returns the ARN pattern that covers every method on the stage's live
 * routes (`/live/...`), given the ARN of the method being called:
 * `arn:<partition>:execute-api:<region>:<account>:<api>/<stage>/<method>/<path>`
 * becomes `arn:...:<api>/<stage>/*\/live/*`.
 *
 * API Gateway caches a decision per Authorization header and reuses the
 * cached policy for every later request with that header, whichever method
 * and path it calls. A policy naming only the first segment would deny the
 * next segment from the cache, so the policy names all live routes.
 * Returns undefined for an ARN of another shape.
 */
export function liveRoutesResource(methodArn: string): string | undefined {
  const parts = methodArn.split(":");
  if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== "execute-api")
    return undefined;
  const prefix = parts.slice(0, 5).join(":");
  const [apiId, stage] = parts.slice(5).join(":").split("/");
  if (!apiId || !stage) return undefined;
  return `${prefix}:${apiId}/${stage}/*/${BUCKET_PREFIXES.live}*`;
}

/** Builds an authorizer result that allows or denies `execute-api:Invoke` on one resource pattern. */
export function authorizerResult(
  effect: "Allow" | "Deny",
  principalId: string,
  resource: string,
  context: Record<string, string | number | boolean>,
): AuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: "2012-10-17",
      Statement: [
        { Effect: effect, Action: "execute-api:Invoke", Resource: resource },
      ],
    },
    context,
  };
}
