import { refersTo } from "./references";
import type { SecurityRule } from "./rule";
import {
  numberValue,
  resourcesOfType,
  singleBlock,
  type Block,
} from "./terraform-json";

function appliesToStage(settings: Block, stage: Block): boolean {
  const sameApi = settings.body.rest_api_id === stage.body.rest_api_id;
  const stageName = settings.body.stage_name;
  const sameStage =
    refersTo(stageName, stage.address, "stage_name") ||
    (typeof stageName === "string" && stageName === stage.body.stage_name);
  return sameApi && sameStage;
}

function positive(value: unknown): boolean {
  const number = numberValue(value);
  return number !== undefined && number > 0;
}

export const apiStageThrottlesRequests: SecurityRule = {
  id: "PS-API-004",
  name: "api-stage-throttles-requests",
  what: 'An API Gateway stage has no "*/*" method settings with a positive rate and burst limit.',
  why: "Without a stage limit, one client can use the whole account's API Gateway quota and starve every viewer.",
  check(stacks) {
    const methodSettings = resourcesOfType(
      stacks,
      "aws_api_gateway_method_settings",
    );
    return resourcesOfType(stacks, "aws_api_gateway_stage").flatMap((stage) => {
      const throttled = methodSettings.some((settings) => {
        const values = singleBlock(settings.body.settings);
        return (
          settings.stack === stage.stack &&
          appliesToStage(settings, stage) &&
          settings.body.method_path === "*/*" &&
          positive(values?.throttling_rate_limit) &&
          positive(values?.throttling_burst_limit)
        );
      });
      return throttled
        ? []
        : [
            {
              stack: stage.stack,
              resource: stage.address,
              detail:
                'no aws_api_gateway_method_settings for "*/*" sets throttling_rate_limit and throttling_burst_limit above 0',
            },
          ];
    });
  },
};
