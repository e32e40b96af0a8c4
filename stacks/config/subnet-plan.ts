import { formatCidr, parseCidr, subdivideCidr } from "./cidr";

/** Smallest subnet AWS allows, and the size each subnet gets when the VPC has room. */
export const SMALLEST_SUBNET_PREFIX = 28;
/**
 * Smallest subnet that a Client VPN endpoint can be associated with: the
 * AWS Client VPN administrator guide requires at least a /27 with 20 free
 * addresses in each target subnet.
 */
export const SMALLEST_CLIENT_VPN_SUBNET_PREFIX = 27;
const PREFERRED_SUBNET_PREFIX = 24;

export interface SubnetPlan {
  readonly prefixLength: number;
  /** One block per availability zone, in zone order. */
  readonly cidrs: readonly string[];
}

/**
 * Carves one private subnet per zone from the start of the VPC block: a /24
 * each when the VPC has room for them, otherwise the VPC split evenly. The
 * blocks are computed here rather than with `cidrsubnet` so that the plan
 * shows literal CIDRs a reviewer can read.
 */
export function planSubnets(vpcCidr: string, zoneCount: number): SubnetPlan {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`planSubnets: invalid VPC CIDR ${vpcCidr}`);
  const bitsForZones = Math.ceil(Math.log2(zoneCount));
  const prefixLength = Math.max(
    vpc.prefixLength + bitsForZones,
    PREFERRED_SUBNET_PREFIX,
  );
  return {
    prefixLength,
    cidrs: subdivideCidr(vpc, prefixLength, zoneCount).map(formatCidr),
  };
}

/** Returns the VPC resolver address: the VPC block's base address plus two. */
export function vpcResolverAddress(vpcCidr: string): string {
  const vpc = parseCidr(vpcCidr);
  if (!vpc) throw new Error(`vpcResolverAddress: invalid VPC CIDR ${vpcCidr}`);
  return formatCidr({ base: vpc.base + 2, prefixLength: 32 }).replace(
    /\/32$/,
    "",
  );
}
