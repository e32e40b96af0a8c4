import { pointsTo } from "./references";
import type { SecurityRule } from "./rule";
import { resourcesOfType } from "./terraform-json";

export const s3EndpointHasPolicy: SecurityRule = {
  id: "PS-VPC-005",
  name: "s3-endpoint-has-policy",
  what: "An S3 VPC endpoint has no endpoint policy, so AWS applies its full-access default.",
  why: "With the default policy, anything in the VPC can copy data to any bucket in any account through the endpoint.",
  check(stacks) {
    const policies = resourcesOfType(stacks, "aws_vpc_endpoint_policy");
    return resourcesOfType(stacks, "aws_vpc_endpoint")
      .filter(
        (endpoint) =>
          typeof endpoint.body.service_name === "string" &&
          /\.s3$/.test(endpoint.body.service_name),
      )
      .filter(
        (endpoint) =>
          endpoint.body.policy === undefined &&
          !policies.some((policy) =>
            pointsTo(
              stacks,
              policy.stack,
              policy.body.vpc_endpoint_id,
              endpoint,
              "id",
            ),
          ),
      )
      .map((endpoint) => ({
        stack: endpoint.stack,
        resource: endpoint.address,
        detail: "has no policy attribute and no aws_vpc_endpoint_policy",
      }));
  },
};
