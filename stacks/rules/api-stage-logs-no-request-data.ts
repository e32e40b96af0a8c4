import type { SecurityRule } from "./rule";
import { booleanValue, resourcesOfType, singleBlock } from "./terraform-json";

export const apiStageLogsNoRequestData: SecurityRule = {
  id: "PS-API-005",
  name: "api-stage-logs-no-request-data",
  what: "An API Gateway stage logs full request and response data (data_trace_enabled).",
  why: "Data tracing writes headers and query strings, including viewer tokens, to CloudWatch Logs.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_api_gateway_method_settings")
      .filter(
        (settings) =>
          booleanValue(
            singleBlock(settings.body.settings)?.data_trace_enabled,
          ) === true,
      )
      .map((settings) => ({
        stack: settings.stack,
        resource: settings.address,
        detail: "settings.data_trace_enabled is true",
      }));
  },
};
