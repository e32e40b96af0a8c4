import {
  classifyChange,
  planChange,
} from "../../scripts/lib/plan-summary/classify";
import { synthAll } from "../support/synth";
import { resourceChange } from "./helpers";

/**
 * The summary matches corporate routes by name, so this test takes the
 * names from a real synthesis. Renaming a route or the attachment in the
 * network stack then cannot drop it from the summary silently.
 */
describe("corporate routes against synthesized names", () => {
  const stacks = synthAll({
    vpn: { enabled: false },
    network: {
      corporateCidrs: ["192.168.0.0/16", "172.16.0.0/12"],
      transitGatewayId: "tgw-0123456789abcdef0",
    },
  });
  const addresses = [
    "aws_route",
    "aws_ec2_transit_gateway_vpc_attachment",
  ].flatMap((type) =>
    Object.keys(stacks.network.resource?.[type] ?? {}).map(
      (name) => [type, name] as const,
    ),
  );

  test("routes and attachment are synthesized", () => {
    expect(addresses.map(([type, name]) => `${type}.${name}`).sort()).toEqual([
      "aws_ec2_transit_gateway_vpc_attachment.transit_gateway_attachment",
      "aws_route.corporate_route_0",
      "aws_route.corporate_route_1",
    ]);
  });

  test.each(addresses)("%s.%s deletion is exposure", (type, name) => {
    const change = resourceChange(type, name, ["delete"], { id: "x" }, null);
    const impacts = classifyChange(planChange(change));
    expect(impacts.map((impact) => impact.ruleId)).toEqual([
      "corporate-network-route",
    ]);
    expect(impacts.map((impact) => impact.reason)).toEqual([
      "Changes which corporate networks are routed to the VPC through the transit gateway.",
    ]);
  });
});
