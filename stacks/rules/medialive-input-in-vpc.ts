import type { SecurityRule } from "./rule";
import { resourcesOfType, singleBlock } from "./terraform-json";

function hasSubnets(value: unknown): boolean {
  // A list of subnet ids, or one expression such as a remote-state output that yields the list.
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === "string" && value !== "";
}

export const medialiveInputInVpc: SecurityRule = {
  id: "PS-ML-001",
  name: "medialive-input-in-vpc",
  what: "A MediaLive input is not a VPC input with subnets.",
  why: "A public input takes RTMP pushes from the internet, where anyone who learns the URL can inject a stream.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_medialive_input").flatMap((input) => {
      const vpc = singleBlock(input.body.vpc);
      return vpc && hasSubnets(vpc.subnet_ids)
        ? []
        : [
            {
              stack: input.stack,
              resource: input.address,
              detail: vpc ? "vpc.subnet_ids is empty" : "has no vpc block",
            },
          ];
    });
  },
};
