import {
  cidrsOverlap,
  formatCidr,
  parseCidr,
  subdivideCidr,
} from "../../stacks/config/cidr";
import {
  planSubnets,
  vpcResolverAddress,
} from "../../stacks/config/subnet-plan";

describe("parseCidr", () => {
  test.each([
    "10.20.0.0/16",
    "0.0.0.0/0",
    "192.168.1.128/25",
    "255.255.255.255/32",
  ])("accepts %s", (text) => {
    expect(formatCidr(parseCidr(text)!)).toBe(text);
  });

  test.each([
    "10.20.0.1/16",
    "10.20.0.0",
    "256.0.0.0/8",
    "10.0.0.0/33",
    "10.0.0/8",
    " 10.0.0.0/8",
  ])("rejects %s", (text) => {
    expect(parseCidr(text)).toBeUndefined();
  });
});

describe("cidrsOverlap", () => {
  test.each<[string, string, boolean]>([
    ["10.20.0.0/16", "10.20.255.0/24", true],
    ["10.20.0.0/16", "10.21.0.0/16", false],
    ["10.0.0.0/8", "10.100.0.0/22", true],
    ["10.19.252.0/22", "10.20.0.0/16", false],
  ])("%s and %s", (a, b, expected) => {
    expect(cidrsOverlap(parseCidr(a)!, parseCidr(b)!)).toBe(expected);
    expect(cidrsOverlap(parseCidr(b)!, parseCidr(a)!)).toBe(expected);
  });
});

describe("subnet plan", () => {
  test("large VPC gets /24 subnets", () => {
    expect(planSubnets("10.20.0.0/16", 3)).toEqual({
      prefixLength: 24,
      cidrs: ["10.20.0.0/24", "10.20.1.0/24", "10.20.2.0/24"],
    });
  });

  test("small VPC is split evenly", () => {
    expect(planSubnets("192.168.0.0/26", 2)).toEqual({
      prefixLength: 27,
      cidrs: ["192.168.0.0/27", "192.168.0.32/27"],
    });
  });

  test("subdivide matches cidrsubnet order", () => {
    const blocks = subdivideCidr(parseCidr("10.0.0.0/22")!, 24, 4).map(
      formatCidr,
    );
    expect(blocks).toEqual([
      "10.0.0.0/24",
      "10.0.1.0/24",
      "10.0.2.0/24",
      "10.0.3.0/24",
    ]);
  });

  test("resolver is the base plus two", () => {
    expect(vpcResolverAddress("10.20.0.0/16")).toBe("10.20.0.2");
    expect(vpcResolverAddress("172.31.255.0/24")).toBe("172.31.255.2");
  });
});
