import { refersTo } from "./references";
import type { SecurityRule } from "./rule";
import { resourcesOfType, singleBlock, type Block } from "./terraform-json";

const LAMBDA_LOG_GROUP_PREFIX = "/aws/lambda/";

function managesLogGroup(fn: Block, groups: readonly Block[]): boolean {
  const configured = singleBlock(fn.body.logging_config)?.log_group;
  return groups.some((group) => {
    if (group.stack !== fn.stack) return false;
    if (configured !== undefined) {
      return (
        refersTo(configured, group.address, "name") ||
        (typeof configured === "string" && configured === group.body.name)
      );
    }
    const name = group.body.name;
    if (typeof name !== "string" || !name.startsWith(LAMBDA_LOG_GROUP_PREFIX))
      return false;
    const suffix = name.slice(LAMBDA_LOG_GROUP_PREFIX.length);
    return (
      suffix === fn.body.function_name ||
      refersTo(suffix, fn.address, "function_name")
    );
  });
}

export const lambdaLogsToManagedGroup: SecurityRule = {
  id: "PS-LAMBDA-002",
  name: "lambda-logs-to-managed-group",
  what: "A Lambda function logs to a log group that this project does not create.",
  why: "Lambda then creates the group itself, with no retention, so the authorizer's logs are kept forever.",
  check(stacks) {
    const groups = resourcesOfType(stacks, "aws_cloudwatch_log_group");
    return resourcesOfType(stacks, "aws_lambda_function")
      .filter((fn) => !managesLogGroup(fn, groups))
      .map((fn) => ({
        stack: fn.stack,
        resource: fn.address,
        detail: `no aws_cloudwatch_log_group named "${LAMBDA_LOG_GROUP_PREFIX}<function_name>" or set in logging_config.log_group`,
      }));
  },
};
