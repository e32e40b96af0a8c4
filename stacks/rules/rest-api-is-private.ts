import type { SecurityRule } from "./rule";
import {
  resourcesOfType,
  show,
  singleBlock,
  stringList,
} from "./terraform-json";

export const restApiIsPrivate: SecurityRule = {
  id: "PS-API-001",
  name: "rest-api-is-private",
  what: 'A REST API\'s endpoint type is not only "PRIVATE".',
  why: "An edge or regional endpoint is reachable from the internet, bypassing the VPN and the VPC endpoint.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_api_gateway_rest_api").flatMap(
      (api) => {
        const configuration = singleBlock(api.body.endpoint_configuration);
        const types = stringList(configuration?.types);
        return types.length === 1 && types[0] === "PRIVATE"
          ? []
          : [
              {
                stack: api.stack,
                resource: api.address,
                detail: `endpoint_configuration.types is ${
                  configuration ? show(configuration.types) : "absent (EDGE)"
                }`,
              },
            ];
      },
    );
  },
};
