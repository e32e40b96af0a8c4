/** An IPv4 CIDR block parsed into its network address and prefix length. */
export interface Ipv4Cidr {
  /** Network address as an unsigned 32-bit integer. */
  readonly base: number;
  readonly prefixLength: number;
}

/** Dotted decimal without leading zeros, which some parsers read as octal. */
const OCTET = "(0|[1-9]\\d{0,2})";
const CIDR_PATTERN = new RegExp(
  `^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}\\/(0|[1-9]\\d?)$`,
);

/**
 * Parses an IPv4 CIDR such as `10.20.0.0/16`. Returns undefined when the text
 * is not a CIDR or when host bits are set (`10.20.0.1/16`), because AWS
 * normalises such a block silently and the plan would then differ from the
 * configuration.
 */
export function parseCidr(text: string): Ipv4Cidr | undefined {
  const match = CIDR_PATTERN.exec(text);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefixLength = Number(match[5]);
  if (octets.some((octet) => octet > 255) || prefixLength > 32)
    return undefined;
  const address =
    ((octets[0] << 24) >>> 0) +
    (octets[1] << 16) +
    (octets[2] << 8) +
    octets[3];
  if ((address & hostMask(prefixLength)) !== 0) return undefined;
  return { base: address, prefixLength };
}

function hostMask(prefixLength: number): number {
  return prefixLength === 32 ? 0 : (0xffffffff >>> prefixLength) >>> 0;
}

/** Returns the number of addresses in the block. */
export function cidrSize(cidr: Ipv4Cidr): number {
  return 2 ** (32 - cidr.prefixLength);
}

/** Returns true when the two blocks share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.base + cidrSize(a) - 1;
  const bEnd = b.base + cidrSize(b) - 1;
  return a.base <= bEnd && b.base <= aEnd;
}

/** Formats an unsigned 32-bit address as dotted decimal. */
export function formatAddress(address: number): string {
  return [24, 16, 8, 0].map((shift) => (address >>> shift) & 0xff).join(".");
}

export function formatCidr(cidr: Ipv4Cidr): string {
  return `${formatAddress(cidr.base)}/${cidr.prefixLength}`;
}

/**
 * Splits a block into consecutive sub-blocks of the given prefix length, like
 * Terraform's `cidrsubnet(block, newPrefix - prefix, index)`.
 */
export function subdivideCidr(
  cidr: Ipv4Cidr,
  newPrefixLength: number,
  count: number,
): Ipv4Cidr[] {
  const step = 2 ** (32 - newPrefixLength);
  return Array.from({ length: count }, (_, index) => ({
    base: cidr.base + index * step,
    prefixLength: newPrefixLength,
  }));
}
