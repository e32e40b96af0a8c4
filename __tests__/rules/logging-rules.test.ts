import { apiExecutionLogGroupIsManaged } from "../../stacks/rules/api-execution-log-group-is-managed";
import { lambdaLogsToManagedGroup } from "../../stacks/rules/lambda-logs-to-managed-group";
import { logGroupHasRetention } from "../../stacks/rules/log-group-has-retention";
import { findingsOf, stackJson, stacksOf } from "./fixture";

describe("log-group-has-retention", () => {
  const group = (retention: unknown) =>
    stacksOf({
      network: stackJson({
        aws_cloudwatch_log_group: {
          flow: { name: "/x/flow", retention_in_days: retention },
        },
      }),
    });

  test.each([30, "7"])("retention %p passes", (retention) => {
    expect(findingsOf(logGroupHasRetention, group(retention))).toEqual([]);
  });

  test.each([
    [undefined, "nothing"],
    [0, "0"],
  ])("retention %p is a finding", (retention, shown) => {
    expect(findingsOf(logGroupHasRetention, group(retention))).toEqual([
      `network/aws_cloudwatch_log_group.flow: retention_in_days is ${shown}`,
    ]);
  });
});

describe("lambda-logs-to-managed-group", () => {
  const NO_GROUP =
    'media/aws_lambda_function.authorizer: no aws_cloudwatch_log_group named "/aws/lambda/<function_name>" or set in logging_config.log_group';

  function lambda(
    fn: Record<string, unknown>,
    group?: Record<string, unknown>,
  ) {
    const resources: Record<string, Record<string, Record<string, unknown>>> = {
      aws_lambda_function: {
        authorizer: { function_name: "demo-authorizer", ...fn },
      },
    };
    if (group)
      resources.aws_cloudwatch_log_group = {
        authorizer_logs: { retention_in_days: 30, ...group },
      };
    return stacksOf({ media: stackJson(resources) });
  }

  test.each([
    ["default name", {}, { name: "/aws/lambda/demo-authorizer" }],
    [
      "referenced name",
      {},
      { name: "/aws/lambda/${aws_lambda_function.authorizer.function_name}" },
    ],
    [
      "logging_config",
      {
        logging_config: {
          log_group: "${aws_cloudwatch_log_group.authorizer_logs.name}",
        },
      },
      { name: "/custom/authorizer" },
    ],
  ])("%s passes", (_case, fn, group) => {
    expect(findingsOf(lambdaLogsToManagedGroup, lambda(fn, group))).toEqual([]);
  });

  test("no log group is a finding", () => {
    expect(findingsOf(lambdaLogsToManagedGroup, lambda({}))).toEqual([
      NO_GROUP,
    ]);
  });

  test("group of another function is a finding", () => {
    expect(
      findingsOf(
        lambdaLogsToManagedGroup,
        lambda({}, { name: "/aws/lambda/other" }),
      ),
    ).toEqual([NO_GROUP]);
  });

  test("unmanaged logging_config group is a finding", () => {
    const fn = { logging_config: { log_group: "/custom/unmanaged" } };
    expect(
      findingsOf(
        lambdaLogsToManagedGroup,
        lambda(fn, { name: "/aws/lambda/demo-authorizer" }),
      ),
    ).toEqual([NO_GROUP]);
  });
});

describe("api-execution-log-group-is-managed", () => {
  const API_ID = "${aws_api_gateway_rest_api.api.id}";
  const MISSING =
    'media/aws_api_gateway_method_settings.all_methods: settings.logging_level is "ERROR" but no aws_cloudwatch_log_group is named "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.api.id}/watch"';

  function api(level: string | undefined, groupName?: string) {
    const resources: Record<string, Record<string, Record<string, unknown>>> = {
      aws_api_gateway_stage: {
        stage: { rest_api_id: API_ID, stage_name: "watch" },
      },
      aws_api_gateway_method_settings: {
        all_methods: {
          rest_api_id: API_ID,
          stage_name: "${aws_api_gateway_stage.stage.stage_name}",
          method_path: "*/*",
          settings: { logging_level: level },
        },
      },
    };
    if (groupName)
      resources.aws_cloudwatch_log_group = {
        execution: { name: groupName, retention_in_days: 30 },
      };
    return stacksOf({ media: stackJson(resources) });
  }

  test("managed group passes", () => {
    expect(
      findingsOf(
        apiExecutionLogGroupIsManaged,
        api("ERROR", `API-Gateway-Execution-Logs_${API_ID}/watch`),
      ),
    ).toEqual([]);
  });

  test.each(["OFF", undefined])(
    "logging level %s passes without a group",
    (level) => {
      expect(findingsOf(apiExecutionLogGroupIsManaged, api(level))).toEqual([]);
    },
  );

  test("missing group is a finding", () => {
    expect(findingsOf(apiExecutionLogGroupIsManaged, api("ERROR"))).toEqual([
      MISSING,
    ]);
  });

  test("group for another stage is a finding", () => {
    expect(
      findingsOf(
        apiExecutionLogGroupIsManaged,
        api("ERROR", `API-Gateway-Execution-Logs_${API_ID}/preview`),
      ),
    ).toEqual([MISSING]);
  });
});
