/**
 * Shapes of the two identifiers a viewer link carries: the viewer's name
 * (the token's `sub` claim) and the token id (its `jti` claim). The
 * configuration, the `viewer-link` command and the authorizer share them,
 * so a name the command accepts can always be revoked.
 */

/**
 * 1-64 letters, digits, `.`, `_`, `@` or `-`, starting and ending with a
 * letter or digit: enough for a user name or an e-mail address, and safe in
 * a log line and an IAM principal id.
 */
export const VIEWER_NAME_PATTERN =
  /^[A-Za-z0-9](?:[A-Za-z0-9._@-]{0,62}[A-Za-z0-9])?$/;

/** The rule behind VIEWER_NAME_PATTERN, worded for error messages. */
export const VIEWER_NAME_RULE =
  "must be 1-64 letters, digits, '.', '_', '@' or '-', starting and ending with a letter or digit";

/** A UUID in its canonical 8-4-4-4-12 hex form, as `crypto.randomUUID()` returns it. */
export const TOKEN_ID_PATTERN =
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An example token id for messages and docs. */
export const EXAMPLE_TOKEN_ID = "3f2b6c1e-8a4d-4c2f-9b7e-2d1a5c6e7f80";

export function isViewerName(value: string): boolean {
  return VIEWER_NAME_PATTERN.test(value);
}

export function isTokenId(value: string): boolean {
  return TOKEN_ID_PATTERN.test(value);
}
