import { apiStageLogsAccess } from "../../stacks/rules/api-stage-logs-access";
import { apiStageLogsNoRequestData } from "../../stacks/rules/api-stage-logs-no-request-data";
import { apiStageThrottlesRequests } from "../../stacks/rules/api-stage-throttles-requests";
import { restApiIsPrivate } from "../../stacks/rules/rest-api-is-private";
import { restApiPolicyRequiresVpcEndpoint } from "../../stacks/rules/rest-api-policy-requires-vpc-endpoint";
import type { SynthesizedStacks } from "../../stacks/synthesize";
import {
  findingsOf,
  NETWORK_STATE,
  policy,
  stackJson,
  stacksOf,
} from "./fixture";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const ENDPOINT_OUTPUT =
  "${data.terraform_remote_state.network_state.outputs.executeApiEndpointId}";
const API_ID = "${aws_api_gateway_rest_api.api.id}";

const ALLOW_INVOKE = {
  Effect: "Allow",
  Principal: "*",
  Action: "execute-api:Invoke",
  Resource: "execute-api:/*",
};
const DENY_OTHER_ENDPOINTS = {
  Effect: "Deny",
  Principal: "*",
  Action: "execute-api:Invoke",
  Resource: "execute-api:/*",
  Condition: { StringNotEquals: { "aws:SourceVpce": ENDPOINT_OUTPUT } },
};

/** Builds the private API as the media stack is designed to write it. */
function compliantMedia(): Resources {
  return {
    aws_api_gateway_rest_api: {
      api: {
        name: "demo-watch",
        endpoint_configuration: { types: ["PRIVATE"] },
      },
    },
    aws_api_gateway_rest_api_policy: {
      api_policy: {
        rest_api_id: API_ID,
        policy: policy(ALLOW_INVOKE, DENY_OTHER_ENDPOINTS),
      },
    },
    aws_api_gateway_stage: {
      stage: {
        rest_api_id: API_ID,
        stage_name: "watch",
        deployment_id: "${aws_api_gateway_deployment.deployment.id}",
        access_log_settings: {
          destination_arn: "${aws_cloudwatch_log_group.access.arn}",
          format: '{"requestId":"$context.requestId"}',
        },
      },
    },
    aws_api_gateway_method_settings: {
      all_methods: {
        rest_api_id: API_ID,
        stage_name: "${aws_api_gateway_stage.stage.stage_name}",
        method_path: "*/*",
        settings: {
          throttling_rate_limit: 500,
          throttling_burst_limit: 1000,
          logging_level: "ERROR",
          data_trace_enabled: false,
        },
      },
    },
  };
}

function api(
  change: (resources: Resources) => void = () => undefined,
): SynthesizedStacks {
  const media = compliantMedia();
  change(media);
  return stacksOf({
    network: stackJson(
      {
        aws_vpc_endpoint: {
          execute_api_endpoint: {
            service_name: "com.amazonaws.us-east-1.execute-api",
          },
        },
      },
      {
        output: {
          executeApiEndpointId: {
            value: "${aws_vpc_endpoint.execute_api_endpoint.id}",
          },
        },
      },
    ),
    media: stackJson(media, { data: NETWORK_STATE }),
  });
}

const API_RULES = [
  restApiIsPrivate,
  restApiPolicyRequiresVpcEndpoint,
  apiStageLogsAccess,
  apiStageThrottlesRequests,
  apiStageLogsNoRequestData,
];

test.each(API_RULES.map((rule) => [rule.id, rule] as const))(
  "%s passes the compliant API",
  (_id, rule) => {
    expect(findingsOf(rule, api())).toEqual([]);
  },
);

test.each(API_RULES.map((rule) => [rule.id, rule] as const))(
  "%s passes without an API",
  (_id, rule) => {
    expect(findingsOf(rule, stacksOf({}))).toEqual([]);
  },
);

describe("rest-api-is-private", () => {
  test.each([
    [
      "regional",
      { types: ["REGIONAL"] },
      'endpoint_configuration.types is ["REGIONAL"]',
    ],
    [
      "private and edge",
      [{ types: ["PRIVATE", "EDGE"] }],
      'endpoint_configuration.types is ["PRIVATE","EDGE"]',
    ],
    ["absent", undefined, "endpoint_configuration.types is absent (EDGE)"],
  ])("%s endpoint is a finding", (_case, configuration, detail) => {
    const stacks = api((resources) => {
      resources.aws_api_gateway_rest_api.api.endpoint_configuration =
        configuration;
    });
    expect(findingsOf(restApiIsPrivate, stacks)).toEqual([
      `media/aws_api_gateway_rest_api.api: ${detail}`,
    ]);
  });
});

describe("rest-api-policy-requires-vpc-endpoint", () => {
  const NOT_REQUIRED =
    "media/aws_api_gateway_rest_api.api: no policy denies execute-api:Invoke when aws:SourceVpce is not the execute-api endpoint, and not every Allow requires it";
  const setPolicy = (...statements: Record<string, unknown>[]) =>
    api((resources) => {
      resources.aws_api_gateway_rest_api_policy.api_policy.policy = policy(
        ...statements,
      );
    });

  test("missing policy is a finding", () => {
    const stacks = api(
      (resources) => delete resources.aws_api_gateway_rest_api_policy,
    );
    expect(findingsOf(restApiPolicyRequiresVpcEndpoint, stacks)).toEqual([
      "media/aws_api_gateway_rest_api.api: has no resource policy",
    ]);
  });

  test("allow without deny is a finding", () => {
    expect(
      findingsOf(restApiPolicyRequiresVpcEndpoint, setPolicy(ALLOW_INVOKE)),
    ).toEqual([NOT_REQUIRED]);
  });

  test("deny naming another endpoint is a finding", () => {
    const deny = {
      ...DENY_OTHER_ENDPOINTS,
      Condition: {
        StringNotEquals: { "aws:SourceVpce": "vpce-0123456789abcdef0" },
      },
    };
    expect(
      findingsOf(
        restApiPolicyRequiresVpcEndpoint,
        setPolicy(ALLOW_INVOKE, deny),
      ),
    ).toEqual([NOT_REQUIRED]);
  });

  test("deny for one path is a finding", () => {
    const deny = {
      ...DENY_OTHER_ENDPOINTS,
      Resource: "execute-api:/*/GET/live/*",
    };
    expect(
      findingsOf(
        restApiPolicyRequiresVpcEndpoint,
        setPolicy(ALLOW_INVOKE, deny),
      ),
    ).toEqual([NOT_REQUIRED]);
  });

  test("deny on the execution ARN passes", () => {
    const deny = {
      ...DENY_OTHER_ENDPOINTS,
      Resource: "${aws_api_gateway_rest_api.api.execution_arn}/*",
    };
    expect(
      findingsOf(
        restApiPolicyRequiresVpcEndpoint,
        setPolicy(ALLOW_INVOKE, deny),
      ),
    ).toEqual([]);
  });

  test("deny for one principal is a finding", () => {
    const deny = {
      ...DENY_OTHER_ENDPOINTS,
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
    };
    expect(
      findingsOf(
        restApiPolicyRequiresVpcEndpoint,
        setPolicy(ALLOW_INVOKE, deny),
      ),
    ).toEqual([NOT_REQUIRED]);
  });

  test("allow limited to the endpoint passes", () => {
    const allow = {
      ...ALLOW_INVOKE,
      Condition: { StringEquals: { "aws:SourceVpce": [ENDPOINT_OUTPUT] } },
    };
    expect(
      findingsOf(restApiPolicyRequiresVpcEndpoint, setPolicy(allow)),
    ).toEqual([]);
  });

  test("inline policy passes", () => {
    const stacks = api((resources) => {
      delete resources.aws_api_gateway_rest_api_policy;
      resources.aws_api_gateway_rest_api.api.policy = policy(
        ALLOW_INVOKE,
        DENY_OTHER_ENDPOINTS,
      );
    });
    expect(findingsOf(restApiPolicyRequiresVpcEndpoint, stacks)).toEqual([]);
  });

  test("no execute-api endpoint is a finding", () => {
    const stacks = api();
    const network = stacks.network as { resource?: unknown };
    delete network.resource;
    expect(findingsOf(restApiPolicyRequiresVpcEndpoint, stacks)).toEqual([
      "media/aws_api_gateway_rest_api.api: no execute-api VPC endpoint exists in any stack",
    ]);
  });
});

describe("api-stage-logs-access", () => {
  test.each([
    ["missing", undefined],
    [
      "without format",
      { destination_arn: "${aws_cloudwatch_log_group.access.arn}" },
    ],
  ])("%s settings are a finding", (_case, settings) => {
    const stacks = api((resources) => {
      resources.aws_api_gateway_stage.stage.access_log_settings = settings;
    });
    expect(findingsOf(apiStageLogsAccess, stacks)).toEqual([
      "media/aws_api_gateway_stage.stage: access_log_settings with destination_arn and format is missing",
    ]);
  });
});

describe("api-stage-throttles-requests", () => {
  const UNTHROTTLED =
    'media/aws_api_gateway_stage.stage: no aws_api_gateway_method_settings for "*/*" sets throttling_rate_limit and throttling_burst_limit above 0';
  const settings = (resources: Resources) =>
    resources.aws_api_gateway_method_settings.all_methods;

  test.each([
    [
      "disabled rate",
      (resources: Resources) =>
        Object.assign(settings(resources).settings as object, {
          throttling_rate_limit: -1,
        }),
    ],
    [
      "missing burst",
      (resources: Resources) =>
        delete (settings(resources).settings as Record<string, unknown>)
          .throttling_burst_limit,
    ],
    [
      "one method",
      (resources: Resources) =>
        Object.assign(settings(resources), { method_path: "live/GET" }),
    ],
    [
      "another stage",
      (resources: Resources) =>
        Object.assign(settings(resources), { stage_name: "preview" }),
    ],
    [
      "no settings",
      (resources: Resources) =>
        delete resources.aws_api_gateway_method_settings,
    ],
  ])("%s is a finding", (_case, change) => {
    expect(findingsOf(apiStageThrottlesRequests, api(change))).toEqual([
      UNTHROTTLED,
    ]);
  });

  test("literal stage name passes", () => {
    const stacks = api((resources) =>
      Object.assign(settings(resources), { stage_name: "watch" }),
    );
    expect(findingsOf(apiStageThrottlesRequests, stacks)).toEqual([]);
  });
});

describe("api-stage-logs-no-request-data", () => {
  test("data tracing is a finding", () => {
    const stacks = api((resources) => {
      Object.assign(
        resources.aws_api_gateway_method_settings.all_methods
          .settings as object,
        { data_trace_enabled: true },
      );
    });
    expect(findingsOf(apiStageLogsNoRequestData, stacks)).toEqual([
      "media/aws_api_gateway_method_settings.all_methods: settings.data_trace_enabled is true",
    ]);
  });
});
