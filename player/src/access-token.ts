/**
 * Supplies the access token sent with every playlist and segment request,
 * or undefined to send none. Called once per request, so a provider can
 * return a renewed token at any time.
 */
export type AccessTokenProvider = () => string | undefined;

/** RFC 6750 `b64token`: the characters a bearer token may contain. */
const BEARER_TOKEN_PATTERN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Returns whether a token can be sent as `Authorization: Bearer <token>`. */
export function isValidBearerToken(token: string): boolean {
  return BEARER_TOKEN_PATTERN.test(token);
}

/** Writes the value of the `Authorization` header for a token. */
export type AuthorizationValue = (token: string) => string;

/** The RFC 6750 form, `Bearer <token>`, which the viewer-link authorizer reads. */
export const bearerAuthorizationValue: AuthorizationValue = (token) =>
  `Bearer ${token}`;

/**
 * Returns the request headers for the provider's current token: an
 * `Authorization` header with the value `toHeaderValue` writes, or none
 * when there is no provider, no token, or a token with characters that
 * RFC 6750 does not allow. `onInvalid` is called in the last case; the
 * token itself is never passed on.
 */
export function authorizationHeaders(
  provider: AccessTokenProvider | undefined,
  onInvalid: () => void = () => undefined,
  toHeaderValue: AuthorizationValue = bearerAuthorizationValue,
): Record<string, string> {
  const token = provider?.();
  if (token === undefined || token === "") return {};
  if (!isValidBearerToken(token)) {
    onInvalid();
    return {};
  }
  return { Authorization: toHeaderValue(token) };
}
