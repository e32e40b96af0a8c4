import { liveMethodsUseAuthorizer } from "../../stacks/rules/live-methods-use-authorizer";
import type { SynthesizedStacks } from "../../stacks/synthesize";
import { configWith } from "../support/synth";
import { findingsOf, stackJson, stacksOf } from "./fixture";

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const SIGNED = configWith({ viewerAccess: "signed-links" });
const API_ID = "${aws_api_gateway_rest_api.api.id}";
const ROOT = "${aws_api_gateway_rest_api.api.root_resource_id}";
const AUTHORIZER_ID = "${aws_api_gateway_authorizer.viewer_link.id}";
const LIVE_URI = "arn:aws:apigateway:us-east-1:s3:path/bucket/live/{proxy}";
const PLAYER_URI =
  "arn:aws:apigateway:us-east-1:s3:path/bucket/player/index.html";

function method(
  resourceId: string,
  httpMethod: string,
  authorized: boolean,
): Record<string, unknown> {
  return {
    rest_api_id: API_ID,
    resource_id: resourceId,
    http_method: httpMethod,
    ...(authorized
      ? { authorization: "CUSTOM", authorizer_id: AUTHORIZER_ID }
      : { authorization: "NONE" }),
  };
}

/** Builds the API as the media stack writes it with signed links: `/`, `/live/{proxy+}`, each with GET and HEAD. */
function compliantApi(): Resources {
  const live = "${aws_api_gateway_resource.api_resource_live.id}";
  const liveProxy = "${aws_api_gateway_resource.api_resource_live_proxy.id}";
  return {
    aws_api_gateway_resource: {
      api_resource_live: {
        rest_api_id: API_ID,
        parent_id: ROOT,
        path_part: "live",
      },
      api_resource_live_proxy: {
        rest_api_id: API_ID,
        parent_id: live,
        path_part: "{proxy+}",
      },
    },
    aws_api_gateway_authorizer: {
      viewer_link: {
        rest_api_id: API_ID,
        name: "demo-viewer-link",
        type: "REQUEST",
      },
    },
    aws_api_gateway_method: {
      api_method_player_index_get: method(ROOT, "GET", false),
      api_method_player_index_head: method(ROOT, "HEAD", false),
      api_method_live_get: method(liveProxy, "GET", true),
      api_method_live_head: method(liveProxy, "HEAD", true),
    },
    aws_api_gateway_integration: {
      api_integration_player_index_get: {
        resource_id: ROOT,
        http_method: "GET",
        uri: PLAYER_URI,
      },
      api_integration_live_get: {
        resource_id: liveProxy,
        http_method: "GET",
        uri: LIVE_URI,
      },
    },
  };
}

function api(
  change: (resources: Resources) => void = () => undefined,
): SynthesizedStacks {
  const resources = compliantApi();
  change(resources);
  return stacksOf({ media: stackJson(resources) });
}

describe("live-methods-use-authorizer", () => {
  test("authorized live methods pass", () => {
    expect(findingsOf(liveMethodsUseAuthorizer, api(), SIGNED)).toEqual([]);
  });

  test("network mode is not checked", () => {
    const open = api((resources) => {
      resources.aws_api_gateway_method!.api_method_live_get = method(
        "${aws_api_gateway_resource.api_resource_live_proxy.id}",
        "GET",
        false,
      );
    });
    expect(findingsOf(liveMethodsUseAuthorizer, open, configWith())).toEqual(
      [],
    );
  });

  test("open live method is a finding", () => {
    const open = api((resources) => {
      resources.aws_api_gateway_method!.api_method_live_head!.authorization =
        "NONE";
      delete resources.aws_api_gateway_method!.api_method_live_head!
        .authorizer_id;
    });
    expect(findingsOf(liveMethodsUseAuthorizer, open, SIGNED)).toEqual([
      'media/aws_api_gateway_method.api_method_live_head: authorization is "NONE", not "CUSTOM"',
    ]);
  });

  test("method on /live itself is a finding", () => {
    const open = api((resources) => {
      resources.aws_api_gateway_method!.api_method_live_index_get = method(
        "${aws_api_gateway_resource.api_resource_live.id}",
        "GET",
        false,
      );
    });
    expect(findingsOf(liveMethodsUseAuthorizer, open, SIGNED)).toEqual([
      'media/aws_api_gateway_method.api_method_live_index_get: authorization is "NONE", not "CUSTOM"',
    ]);
  });

  test("live objects under another path are a finding", () => {
    const other = "${aws_api_gateway_resource.api_resource_stream.id}";
    const open = api((resources) => {
      resources.aws_api_gateway_resource!.api_resource_stream = {
        rest_api_id: API_ID,
        parent_id: ROOT,
        path_part: "stream",
      };
      resources.aws_api_gateway_method!.api_method_stream_get = method(
        other,
        "GET",
        false,
      );
      resources.aws_api_gateway_integration!.api_integration_stream_get = {
        resource_id: other,
        http_method: "GET",
        uri: LIVE_URI,
      };
    });
    expect(findingsOf(liveMethodsUseAuthorizer, open, SIGNED)).toEqual([
      'media/aws_api_gateway_method.api_method_stream_get: authorization is "NONE", not "CUSTOM"',
    ]);
  });

  test("unknown authorizer is a finding", () => {
    const stray = api((resources) => {
      resources.aws_api_gateway_method!.api_method_live_get!.authorizer_id =
        "abc123";
    });
    expect(findingsOf(liveMethodsUseAuthorizer, stray, SIGNED)).toEqual([
      "media/aws_api_gateway_method.api_method_live_get: authorizer_id names no aws_api_gateway_authorizer of this stack",
    ]);
  });

  test("Cognito authorizer is a finding", () => {
    const cognito = api((resources) => {
      resources.aws_api_gateway_authorizer!.viewer_link!.type =
        "COGNITO_USER_POOLS";
    });
    expect(findingsOf(liveMethodsUseAuthorizer, cognito, SIGNED)).toEqual([
      'media/aws_api_gateway_method.api_method_live_get: authorizer aws_api_gateway_authorizer.viewer_link has type "COGNITO_USER_POOLS", not a Lambda authorizer',
      'media/aws_api_gateway_method.api_method_live_head: authorizer aws_api_gateway_authorizer.viewer_link has type "COGNITO_USER_POOLS", not a Lambda authorizer',
    ]);
  });

  test("player methods need no authorizer", () => {
    const stacks = api((resources) => {
      delete resources.aws_api_gateway_method!.api_method_live_get;
      delete resources.aws_api_gateway_method!.api_method_live_head;
    });
    expect(findingsOf(liveMethodsUseAuthorizer, stacks, SIGNED)).toEqual([]);
  });
});

const COGNITO = configWith({ viewerAccess: "cognito" });
const POOL_ARN = "${aws_cognito_user_pool.viewer_user_pool.arn}";
const SIGN_IN_AUTHORIZER_ID = "${aws_api_gateway_authorizer.viewer_sign_in.id}";

/** Builds the API as the media stack writes it with Cognito sign-in. */
function cognitoApi(
  change: (resources: Resources) => void = () => undefined,
): SynthesizedStacks {
  const resources = compliantApi();
  resources.aws_cognito_user_pool = {
    viewer_user_pool: { name: "demo-viewers" },
  };
  resources.aws_api_gateway_authorizer = {
    viewer_sign_in: {
      rest_api_id: API_ID,
      name: "demo-viewer-sign-in",
      type: "COGNITO_USER_POOLS",
      provider_arns: [POOL_ARN],
    },
  };
  for (const name of ["api_method_live_get", "api_method_live_head"]) {
    Object.assign(resources.aws_api_gateway_method![name]!, {
      authorization: "COGNITO_USER_POOLS",
      authorizer_id: SIGN_IN_AUTHORIZER_ID,
      authorization_scopes: ["live-stream/watch"],
    });
  }
  change(resources);
  return stacksOf({ media: stackJson(resources) });
}

describe("live-methods-use-authorizer with Cognito", () => {
  test("user pool authorizer passes", () => {
    expect(findingsOf(liveMethodsUseAuthorizer, cognitoApi(), COGNITO)).toEqual(
      [],
    );
  });

  test("open live method is a finding", () => {
    const open = cognitoApi((resources) => {
      resources.aws_api_gateway_method!.api_method_live_get = method(
        "${aws_api_gateway_resource.api_resource_live_proxy.id}",
        "GET",
        false,
      );
    });
    expect(findingsOf(liveMethodsUseAuthorizer, open, COGNITO)).toEqual([
      'media/aws_api_gateway_method.api_method_live_get: authorization is "NONE", not "COGNITO_USER_POOLS"',
    ]);
  });

  test("Lambda authorizer is a finding", () => {
    const lambda = cognitoApi((resources) => {
      resources.aws_api_gateway_authorizer!.viewer_sign_in!.type = "REQUEST";
    });
    expect(findingsOf(liveMethodsUseAuthorizer, lambda, COGNITO)).toEqual([
      'media/aws_api_gateway_method.api_method_live_get: authorizer aws_api_gateway_authorizer.viewer_sign_in has type "REQUEST", not a Cognito user pool authorizer',
      'media/aws_api_gateway_method.api_method_live_head: authorizer aws_api_gateway_authorizer.viewer_sign_in has type "REQUEST", not a Cognito user pool authorizer',
    ]);
  });

  test("foreign user pool is a finding", () => {
    const foreign =
      "arn:aws:cognito-idp:us-east-1:999999999999:userpool/us-east-1_Other";
    const stacks = cognitoApi((resources) => {
      resources.aws_api_gateway_authorizer!.viewer_sign_in!.provider_arns = [
        POOL_ARN,
        foreign,
      ];
      delete resources.aws_api_gateway_method!.api_method_live_head;
    });
    expect(findingsOf(liveMethodsUseAuthorizer, stacks, COGNITO)).toEqual([
      `media/aws_api_gateway_method.api_method_live_get: authorizer aws_api_gateway_authorizer.viewer_sign_in has provider_arns ${JSON.stringify([POOL_ARN, foreign])}, not only user pools of this stack`,
    ]);
  });

  test("authorizer without user pools is a finding", () => {
    const stacks = cognitoApi((resources) => {
      delete resources.aws_api_gateway_authorizer!.viewer_sign_in!
        .provider_arns;
      delete resources.aws_api_gateway_method!.api_method_live_head;
    });
    expect(findingsOf(liveMethodsUseAuthorizer, stacks, COGNITO)).toEqual([
      "media/aws_api_gateway_method.api_method_live_get: authorizer aws_api_gateway_authorizer.viewer_sign_in has provider_arns null, not only user pools of this stack",
    ]);
  });

  test("signed-link methods fail in Cognito mode", () => {
    expect(findingsOf(liveMethodsUseAuthorizer, api(), COGNITO)).toEqual([
      'media/aws_api_gateway_method.api_method_live_get: authorization is "CUSTOM", not "COGNITO_USER_POOLS"',
      'media/aws_api_gateway_method.api_method_live_head: authorization is "CUSTOM", not "COGNITO_USER_POOLS"',
    ]);
  });
});
