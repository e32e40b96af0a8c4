import type { Config } from "./schema";

/** An address block admitted to a service inside the VPC. */
export interface SourceCidr {
  /** Stable part of resource addresses, so adding a block does not renumber others. */
  readonly key: string;
  readonly cidr: string;
  readonly description: string;
}

/**
 * Returns every address block that may reach services inside the VPC (the
 * private API endpoint, the RTMP input): the VPC itself, the VPN clients
 * when the Client VPN is on, and the corporate networks.
 */
export function admittedSourceCidrs(config: Config): SourceCidr[] {
  const sources: SourceCidr[] = [
    { key: "vpc", cidr: config.network.vpcCidr, description: "VPC" },
  ];
  if (config.vpn.enabled) {
    sources.push({
      key: "vpn_clients",
      cidr: config.vpn.clientCidr,
      description: "Client VPN clients",
    });
  }
  config.network.corporateCidrs.forEach((cidr, index) => {
    sources.push({
      key: `corporate_${index}`,
      cidr,
      description: `corporate network ${index}`,
    });
  });
  return sources;
}
