import { refersTo } from "./references";
import type { SecurityRule } from "./rule";
import { resourcesOfType, singleBlock, type Block } from "./terraform-json";

/** Execution logging levels that make API Gateway write to CloudWatch Logs. */
const LOGGING_LEVELS = ["ERROR", "INFO"];

/** Returns the literal stage name that method settings apply to, if it can be read. */
function stageNameOf(
  settings: Block,
  stages: readonly Block[],
): string | undefined {
  const value = settings.body.stage_name;
  const stage = stages.find((candidate) =>
    refersTo(value, candidate.address, "stage_name"),
  );
  const name = stage ? stage.body.stage_name : value;
  return typeof name === "string" ? name : undefined;
}

export const apiExecutionLogGroupIsManaged: SecurityRule = {
  id: "PS-LOG-002",
  name: "api-execution-log-group-is-managed",
  what: "An API Gateway stage writes execution logs to a log group that this project does not create.",
  why: "API Gateway then creates API-Gateway-Execution-Logs_<api id>/<stage> itself, with no retention, so the logs are kept forever.",
  check(stacks) {
    const stages = resourcesOfType(stacks, "aws_api_gateway_stage");
    const groupNames = resourcesOfType(stacks, "aws_cloudwatch_log_group").map(
      (group) => `${group.stack} ${String(group.body.name)}`,
    );
    return resourcesOfType(stacks, "aws_api_gateway_method_settings").flatMap(
      (settings) => {
        const level = singleBlock(settings.body.settings)?.logging_level;
        if (typeof level !== "string" || !LOGGING_LEVELS.includes(level))
          return [];
        const stageName = stageNameOf(settings, stages);
        const expected = `API-Gateway-Execution-Logs_${String(
          settings.body.rest_api_id,
        )}/${stageName ?? "<stage>"}`;
        return stageName !== undefined &&
          groupNames.includes(`${settings.stack} ${expected}`)
          ? []
          : [
              {
                stack: settings.stack,
                resource: settings.address,
                detail: `settings.logging_level is "${level}" but no aws_cloudwatch_log_group is named "${expected}"`,
              },
            ];
      },
    );
  },
};
