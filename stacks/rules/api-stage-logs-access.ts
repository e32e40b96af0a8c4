import type { SecurityRule } from "./rule";
import { resourcesOfType, singleBlock } from "./terraform-json";

export const apiStageLogsAccess: SecurityRule = {
  id: "PS-API-003",
  name: "api-stage-logs-access",
  what: "An API Gateway stage writes no access logs.",
  why: "Access logs are the record of which viewer fetched the player and the stream, and when.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_api_gateway_stage").flatMap((stage) => {
      const settings = singleBlock(stage.body.access_log_settings);
      const complete = ["destination_arn", "format"].every(
        (attribute) =>
          typeof settings?.[attribute] === "string" &&
          settings[attribute] !== "",
      );
      return complete
        ? []
        : [
            {
              stack: stage.stack,
              resource: stage.address,
              detail:
                "access_log_settings with destination_arn and format is missing",
            },
          ];
    });
  },
};
