/**
 * The authorizer's settings, passed as Lambda environment variables. The
 * media stack writes them with `authorizerEnvironment` and the handler reads
 * them with `readAuthorizerSettings`, so the names exist in one place.
 */
import { isTokenId, isViewerName } from "../identifiers";
import {
  loadPublicKey,
  SigningKeyError,
  type VerificationSettings,
} from "../token";

export const AUTHORIZER_ENVIRONMENT_VARIABLES = {
  /** PEM (SPKI) ECDSA P-256 public key that verifies the tokens. */
  publicKey: "VIEWER_LINK_PUBLIC_KEY",
  /** Expected `aud` claim: `<rest api id>/<stage>`. */
  audience: "VIEWER_LINK_AUDIENCE",
  /** JSON array of revoked viewer names, compared ignoring case. Optional, default `[]`. */
  revokedViewers: "VIEWER_LINK_REVOKED_VIEWERS",
  /** JSON array of revoked token ids (UUIDs), compared ignoring case. Optional, default `[]`. */
  revokedTokenIds: "VIEWER_LINK_REVOKED_TOKEN_IDS",
} as const;

/**
 * AWS Lambda limits the environment variables of one function to 4 KB in
 * total, counting names and values. The configuration caps the revocation
 * lists so that the largest allowed settings fit.
 */
export const LAMBDA_ENVIRONMENT_LIMIT_BYTES = 4096;

export interface AuthorizerEnvironmentInput {
  readonly publicKeyPem: string;
  readonly audience: string;
  readonly revokedViewers: readonly string[];
  readonly revokedTokenIds: readonly string[];
}

/** Builds the Lambda environment variables of the authorizer. The values may be Terraform tokens. */
export function authorizerEnvironment(
  input: AuthorizerEnvironmentInput,
): Record<string, string> {
  const names = AUTHORIZER_ENVIRONMENT_VARIABLES;
  return {
    [names.publicKey]: input.publicKeyPem,
    [names.audience]: input.audience,
    [names.revokedViewers]: JSON.stringify(input.revokedViewers),
    [names.revokedTokenIds]: JSON.stringify(input.revokedTokenIds),
  };
}

/** Raised when the environment does not hold usable settings; the handler then fails every request. */
export class AuthorizerConfigurationError extends Error {
  override readonly name = "AuthorizerConfigurationError";
}

function requireVariable(environment: NodeJS.ProcessEnv, name: string): string {
  const value = environment[name];
  if (value === undefined || value.trim() === "") {
    throw new AuthorizerConfigurationError(
      `environment variable ${name} is missing or empty`,
    );
  }
  return value;
}

function readList(
  environment: NodeJS.ProcessEnv,
  name: string,
  isValid: (entry: string) => boolean,
): string[] {
  const text = environment[name];
  if (text === undefined || text.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new AuthorizerConfigurationError(
      `environment variable ${name} is not valid JSON`,
    );
  }
  if (
    !Array.isArray(value) ||
    !value.every((entry) => typeof entry === "string" && isValid(entry))
  ) {
    throw new AuthorizerConfigurationError(
      `environment variable ${name} must be a JSON array of valid entries`,
    );
  }
  return value as string[];
}

/** Reads and checks the verification settings from the environment. Throws AuthorizerConfigurationError. */
export function readAuthorizerSettings(
  environment: NodeJS.ProcessEnv,
): VerificationSettings {
  const names = AUTHORIZER_ENVIRONMENT_VARIABLES;
  const publicKeyPem = requireVariable(environment, names.publicKey);
  let publicKey;
  try {
    publicKey = loadPublicKey(publicKeyPem);
  } catch (error) {
    if (error instanceof SigningKeyError) {
      throw new AuthorizerConfigurationError(
        `environment variable ${names.publicKey}: ${error.message}`,
      );
    }
    throw error;
  }
  return {
    publicKey,
    audience: requireVariable(environment, names.audience),
    revokedViewers: readList(environment, names.revokedViewers, isViewerName),
    revokedTokenIds: readList(environment, names.revokedTokenIds, isTokenId),
  };
}
