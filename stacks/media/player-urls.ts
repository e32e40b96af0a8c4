/** The two URLs of the player page of one API stage, each ending with `/`. */
export interface PlayerUrls {
  /**
   * `https://<api id>.execute-api.<region>.<dns suffix>/<stage>/`: the private
   * DNS name, which resolves only inside the VPC and over the VPN with the
   * VPC's resolver.
   */
  readonly privateDns: string;
  /**
   * `https://<api id>-<vpce id>.execute-api.<region>.<dns suffix>/<stage>/`:
   * the endpoint-specific name, which resolves anywhere and still reaches
   * the API only through the endpoint.
   */
  readonly endpointSpecific: string;
}

export interface PlayerUrlParts {
  readonly apiId: string;
  readonly executeApiEndpointId: string;
  readonly region: string;
  /** DNS suffix of the partition, such as `amazonaws.com`. */
  readonly dnsSuffix: string;
  readonly stageName: string;
}

/**
 * Returns both URLs of the player page. The outputs print them and the
 * Cognito app client accepts exactly these as redirect URIs, so both come
 * from here. Accepts Terraform tokens.
 */
export function playerUrls(parts: PlayerUrlParts): PlayerUrls {
  const domain = `execute-api.${parts.region}.${parts.dnsSuffix}`;
  const path = `/${parts.stageName}/`;
  return {
    privateDns: `https://${parts.apiId}.${domain}${path}`,
    endpointSpecific: `https://${parts.apiId}-${parts.executeApiEndpointId}.${domain}${path}`,
  };
}
