/**
 * Names of the media stack's outputs that the `viewer-link` command reads.
 * The media stack declares its outputs with these names, so the command
 * and the stack cannot drift apart.
 */
export const VIEWER_LINK_OUTPUTS = {
  /** Id of the private REST API: the first half of the token audience. */
  apiId: "apiId",
  /** Stage name: the second half of the token audience. */
  stageName: "apiStageName",
  /** Player URL on the API's private DNS name, ending with `/`. */
  playerUrl: "playerUrl",
  /** Player URL on the endpoint-specific host `<api id>-<vpce id>`, which resolves without private DNS. */
  playerEndpointUrl: "playerEndpointUrl",
  /** Sensitive: the PKCS #8 PEM private key that signs viewer tokens. */
  signingKey: "viewerLinkSigningKeyPem",
} as const;

/** Returns the audience of a viewer token, `<rest api id>/<stage>`. Accepts Terraform tokens. */
export function viewerTokenAudience(apiId: string, stageName: string): string {
  return `${apiId}/${stageName}`;
}
