import { lambdaPermissionNamesSource } from "../../stacks/rules/lambda-permission-names-source";
import { policyAllowsNoWildcardActions } from "../../stacks/rules/policy-allows-no-wildcard-actions";
import { collectPolicies } from "../../stacks/rules/policy-documents";
import { policyDocumentsAreReadable } from "../../stacks/rules/policy-documents-are-readable";
import { policyLimitsAnonymousPrincipals } from "../../stacks/rules/policy-limits-anonymous-principals";
import { policyLimitsWildcardResources } from "../../stacks/rules/policy-limits-wildcard-resources";
import { roleAttachesNoAdminPolicy } from "../../stacks/rules/role-attaches-no-admin-policy";
import { serviceTrustNamesSource } from "../../stacks/rules/service-trust-names-source";
import { WILDCARD_RESOURCE_ACTIONS } from "../../stacks/rules/wildcard-resource-actions";
import {
  findingsOf,
  NETWORK_STATE,
  policy,
  stackJson,
  stacksOf,
} from "./fixture";

const ACCOUNT = "${data.aws_caller_identity.current.account_id}";
const LOG_GROUP_ARN = "${aws_cloudwatch_log_group.logs.arn}";

const TRUST = {
  Effect: "Allow",
  Principal: { Service: "medialive.amazonaws.com" },
  Action: "sts:AssumeRole",
  Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
};

/** Builds a media stack with one role and one inline policy that contains `statement`. */
function roleWith(
  statement: Record<string, unknown>,
  trust: Record<string, unknown> = TRUST,
) {
  return stacksOf({
    media: stackJson({
      aws_iam_role: {
        medialive_role: {
          name: "demo-medialive",
          assume_role_policy: policy(trust),
        },
      },
      aws_iam_role_policy: {
        medialive_role_policy: {
          role: "${aws_iam_role.medialive_role.id}",
          policy: policy(statement),
        },
      },
    }),
  });
}

const WRITE_LOGS = {
  Effect: "Allow",
  Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
  Resource: [`${LOG_GROUP_ARN}:*`],
};

describe("policy-allows-no-wildcard-actions", () => {
  test("named actions pass", () => {
    expect(
      findingsOf(policyAllowsNoWildcardActions, roleWith(WRITE_LOGS)),
    ).toEqual([]);
  });

  test.each([
    ["*", '"*"'],
    ["s3:*", '"s3:*"'],
    ["s3:Get*", '"s3:Get*"'],
  ])("action %s is a finding", (action, shown) => {
    expect(
      findingsOf(
        policyAllowsNoWildcardActions,
        roleWith({ ...WRITE_LOGS, Action: [action] }),
      ),
    ).toEqual([
      `media/aws_iam_role_policy.medialive_role_policy: policy Statement[0] allows ${shown}`,
    ]);
  });

  test("NotAction is a finding", () => {
    const statement = {
      Effect: "Allow",
      NotAction: "iam:*",
      Resource: LOG_GROUP_ARN,
    };
    expect(
      findingsOf(policyAllowsNoWildcardActions, roleWith(statement)),
    ).toEqual([
      "media/aws_iam_role_policy.medialive_role_policy: policy Statement[0] allows every action except iam:* (NotAction)",
    ]);
  });

  test("wildcard in a Deny passes", () => {
    const statement = { Effect: "Deny", Action: "s3:*", Resource: "*" };
    expect(
      findingsOf(policyAllowsNoWildcardActions, roleWith(statement)),
    ).toEqual([]);
  });

  test("inline_policy of a role is read", () => {
    const stacks = stacksOf({
      media: stackJson({
        aws_iam_role: {
          role: {
            assume_role_policy: policy(TRUST),
            inline_policy: [
              {
                name: "all",
                policy: policy({
                  Sid: "All",
                  Effect: "Allow",
                  Action: "*",
                  Resource: "*",
                }),
              },
            ],
          },
        },
      }),
    });
    expect(findingsOf(policyAllowsNoWildcardActions, stacks)).toEqual([
      'media/aws_iam_role.role: inline_policy[0].policy statement "All" allows "*"',
    ]);
  });
});

describe("policy-limits-wildcard-resources", () => {
  test("named resources pass", () => {
    expect(
      findingsOf(policyLimitsWildcardResources, roleWith(WRITE_LOGS)),
    ).toEqual([]);
  });

  test("allow-listed action on * passes", () => {
    const statement = {
      Effect: "Allow",
      Action: ["ec2:DescribeSubnets", "EC2:DescribeNetworkInterfaces"],
      Resource: "*",
    };
    expect(
      findingsOf(policyLimitsWildcardResources, roleWith(statement)),
    ).toEqual([]);
  });

  test.each([
    ["*", '"*"'],
    [
      "arn:aws:logs:us-east-1:123456789012:*",
      '"arn:aws:logs:us-east-1:123456789012:*"',
    ],
    ["arn:aws:s3:::*", '"arn:aws:s3:::*"'],
  ])("resource %s is a finding", (resource, shown) => {
    const statement = {
      Effect: "Allow",
      Action: ["ec2:DescribeSubnets", "ec2:CreateNetworkInterface"],
      Resource: resource,
    };
    expect(
      findingsOf(policyLimitsWildcardResources, roleWith(statement)),
    ).toEqual([
      `media/aws_iam_role_policy.medialive_role_policy: policy Statement[0] allows ec2:CreateNetworkInterface on ${shown}; name the resources, or list the action in WILDCARD_RESOURCE_ACTIONS if AWS offers no resource-level permission for it`,
    ]);
  });

  test("NotResource is a finding", () => {
    const statement = {
      Effect: "Allow",
      Action: "s3:GetObject",
      NotResource: "arn:aws:s3:::secret/*",
    };
    expect(
      findingsOf(policyLimitsWildcardResources, roleWith(statement)),
    ).toEqual([
      "media/aws_iam_role_policy.medialive_role_policy: policy Statement[0] allows s3:GetObject on NotResource; name the resources, or list the action in WILDCARD_RESOURCE_ACTIONS if AWS offers no resource-level permission for it",
    ]);
  });

  test("endpoint policy on * is a finding", () => {
    const stacks = stacksOf({
      storage: stackJson(
        {
          aws_vpc_endpoint_policy: {
            s3: {
              vpc_endpoint_id:
                "${data.terraform_remote_state.network_state.outputs.s3GatewayEndpointId}",
              policy: policy({
                Effect: "Allow",
                Principal: "*",
                Action: "s3:GetObject",
                Resource: "*",
              }),
            },
          },
        },
        { data: NETWORK_STATE },
      ),
    });
    expect(findingsOf(policyLimitsWildcardResources, stacks)).toEqual([
      'storage/aws_vpc_endpoint_policy.s3: policy Statement[0] allows s3:GetObject on "*"; name the resources, or list the action in WILDCARD_RESOURCE_ACTIONS if AWS offers no resource-level permission for it',
    ]);
  });

  test("allow-list entries all give a reason", () => {
    for (const [action, reason] of Object.entries(WILDCARD_RESOURCE_ACTIONS)) {
      expect(action).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
      expect(reason.length).toBeGreaterThan(20);
    }
  });
});

describe("service-trust-names-source", () => {
  test("SourceAccount condition passes", () => {
    expect(findingsOf(serviceTrustNamesSource, roleWith(WRITE_LOGS))).toEqual(
      [],
    );
  });

  test("SourceArn condition passes", () => {
    const trust = {
      ...TRUST,
      Condition: {
        ArnLike: {
          "aws:sourcearn": "arn:aws:medialive:*:123456789012:channel:*",
        },
      },
    };
    expect(
      findingsOf(serviceTrustNamesSource, roleWith(WRITE_LOGS, trust)),
    ).toEqual([]);
  });

  test.each([
    ["no condition", undefined],
    [
      "an unrelated key",
      { StringEquals: { "aws:PrincipalTag/team": "media" } },
    ],
    [
      "an IfExists operator",
      { StringEqualsIfExists: { "aws:SourceAccount": ACCOUNT } },
    ],
  ])("trust with %s is a finding", (_case, condition) => {
    const trust = { ...TRUST, Condition: condition };
    expect(
      findingsOf(serviceTrustNamesSource, roleWith(WRITE_LOGS, trust)),
    ).toEqual([
      "media/aws_iam_role.medialive_role: assume_role_policy Statement[0] trusts medialive.amazonaws.com with no aws:SourceAccount or aws:SourceArn condition",
    ]);
  });

  test("trust of an account passes", () => {
    const trust = {
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "sts:AssumeRole",
    };
    expect(
      findingsOf(serviceTrustNamesSource, roleWith(WRITE_LOGS, trust)),
    ).toEqual([]);
  });
});

describe("policy-limits-anonymous-principals", () => {
  const apiPolicy = (statement: Record<string, unknown>) =>
    stacksOf({
      media: stackJson({
        aws_api_gateway_rest_api_policy: {
          api: { rest_api_id: "x", policy: policy(statement) },
        },
      }),
    });
  const INVOKE = {
    Effect: "Allow",
    Principal: "*",
    Action: "execute-api:Invoke",
    Resource: "execute-api:/*",
  };

  test("SourceVpce condition passes", () => {
    const statement = {
      ...INVOKE,
      Condition: { StringEquals: { "aws:SourceVpce": "vpce-1234" } },
    };
    expect(
      findingsOf(policyLimitsAnonymousPrincipals, apiPolicy(statement)),
    ).toEqual([]);
  });

  test.each([
    ["no condition", { Principal: "*" }],
    ["AWS *", { Principal: { AWS: ["*"] } }],
    [
      "a negated condition",
      { Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-1234" } } },
    ],
    [
      "an IfExists condition",
      {
        Condition: { StringEqualsIfExists: { "aws:SourceVpce": "vpce-1234" } },
      },
    ],
    [
      "a wildcard value",
      { Condition: { StringLike: { "aws:SourceVpce": "*" } } },
    ],
  ])("anyone with %s is a finding", (_case, change) => {
    expect(
      findingsOf(
        policyLimitsAnonymousPrincipals,
        apiPolicy({ ...INVOKE, ...change }),
      ),
    ).toEqual([
      "media/aws_api_gateway_rest_api_policy.api: policy Statement[0] allows every principal with no positive condition on aws:SourceVpce, aws:SourceVpc, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn, aws:SourceOrgID",
    ]);
  });

  test("NotPrincipal is a finding", () => {
    const statement = {
      Effect: "Allow",
      NotPrincipal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "execute-api:Invoke",
    };
    expect(
      findingsOf(policyLimitsAnonymousPrincipals, apiPolicy(statement)),
    ).toEqual([
      "media/aws_api_gateway_rest_api_policy.api: policy Statement[0] allows with NotPrincipal",
    ]);
  });

  test("anyone in a trust policy is a finding", () => {
    const trust = {
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "sts:AssumeRole",
    };
    expect(
      findingsOf(policyLimitsAnonymousPrincipals, roleWith(WRITE_LOGS, trust)),
    ).toEqual([
      "media/aws_iam_role.medialive_role: assume_role_policy Statement[0] allows every principal with no positive condition on aws:SourceVpce, aws:SourceVpc, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn, aws:SourceAccount, aws:SourceArn, aws:SourceOrgID",
    ]);
  });

  test("endpoint policy anyone passes", () => {
    const stacks = stacksOf({
      network: stackJson({
        aws_vpc_endpoint: {
          s3: {
            service_name: "com.amazonaws.us-east-1.s3",
            policy: policy({ ...INVOKE, Action: "s3:GetObject" }),
          },
        },
      }),
    });
    expect(findingsOf(policyLimitsAnonymousPrincipals, stacks)).toEqual([]);
  });
});

describe("role-attaches-no-admin-policy", () => {
  test("narrow managed policy passes", () => {
    const stacks = stacksOf({
      media: stackJson({
        aws_iam_role_policy_attachment: {
          logs: {
            role: "r",
            policy_arn:
              "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs",
          },
        },
      }),
    });
    expect(findingsOf(roleAttachesNoAdminPolicy, stacks)).toEqual([]);
  });

  test.each([
    [
      "aws_iam_role_policy_attachment",
      "policy_arn",
      "arn:aws:iam::aws:policy/AdministratorAccess",
      ["arn:aws:iam::aws:policy/AdministratorAccess"],
    ],
    [
      "aws_iam_role_policy_attachment",
      "policy_arn",
      "arn:${data.aws_partition.p.partition}:iam::aws:policy/AmazonS3FullAccess",
      [
        "arn:${data.aws_partition.p.partition}:iam::aws:policy/AmazonS3FullAccess",
      ],
    ],
    [
      "aws_iam_role",
      "managed_policy_arns",
      ["arn:aws:iam::aws:policy/PowerUserAccess"],
      ["arn:aws:iam::aws:policy/PowerUserAccess"],
    ],
    [
      "aws_iam_role_policy_attachments_exclusive",
      "policy_arns",
      [
        "arn:aws:iam::aws:policy/ReadOnlyAccess",
        "arn:aws:iam::aws:policy/IAMFullAccess",
      ],
      ["arn:aws:iam::aws:policy/IAMFullAccess"],
    ],
  ])("%s.%s is a finding", (type, attribute, value, broad) => {
    const stacks = stacksOf({
      media: stackJson({ [type]: { attached: { [attribute]: value } } }),
    });
    expect(findingsOf(roleAttachesNoAdminPolicy, stacks)).toEqual(
      broad.map(
        (arn) => `media/${type}.attached: ${attribute} attaches ${arn}`,
      ),
    );
  });
});

describe("policy-documents-are-readable", () => {
  test("JSON and data documents pass", () => {
    const stacks = stacksOf({
      media: stackJson(
        {
          aws_iam_role_policy: {
            json: { policy: policy(WRITE_LOGS) },
            data: { policy: "${data.aws_iam_policy_document.logs.json}" },
          },
        },
        {
          data: {
            aws_iam_policy_document: {
              logs: {
                statement: [
                  {
                    actions: ["logs:PutLogEvents"],
                    resources: [LOG_GROUP_ARN],
                  },
                ],
              },
            },
          },
        },
      ),
    });
    expect(findingsOf(policyDocumentsAreReadable, stacks)).toEqual([]);
  });

  test.each([
    [
      "jsonencode",
      '${jsonencode({"Version" = "2012-10-17"})}',
      'policy is neither a JSON document nor a data.aws_iam_policy_document reference: ${jsonencode({"Version" = "2012-10-17"})}',
    ],
    ["broken JSON", '{"Statement": [', "policy is not valid JSON"],
    [
      "missing data source",
      "${data.aws_iam_policy_document.gone.json}",
      "policy refers to data.aws_iam_policy_document.gone, which does not exist",
    ],
    [
      "no Effect",
      '{"Statement": [{"Action": "s3:GetObject"}]}',
      'policy Statement[0] has no Effect of "Allow" or "Deny"',
    ],
  ])("%s is a finding", (_case, value, detail) => {
    const stacks = stacksOf({
      media: stackJson({ aws_iam_role_policy: { broken: { policy: value } } }),
    });
    const findings = findingsOf(policyDocumentsAreReadable, stacks);
    expect(findings).toHaveLength(1);
    expect(
      findings[0].startsWith(`media/aws_iam_role_policy.broken: ${detail}`),
    ).toBe(true);
  });

  test("unreadable documents skip other rules", () => {
    const stacks = stacksOf({
      media: stackJson({
        aws_iam_role_policy: { broken: { policy: "${jsonencode({})}" } },
      }),
    });
    expect(findingsOf(policyAllowsNoWildcardActions, stacks)).toEqual([]);
    expect(collectPolicies(stacks)[0].statements).toBeUndefined();
  });

  test("data document merges override by sid", () => {
    const stacks = stacksOf({
      media: stackJson(
        {
          aws_iam_role_policy: {
            merged: { policy: "${data.aws_iam_policy_document.merged.json}" },
          },
        },
        {
          data: {
            aws_iam_policy_document: {
              merged: {
                source_policy_documents: [
                  policy({
                    Sid: "Logs",
                    Effect: "Allow",
                    Action: "logs:*",
                    Resource: LOG_GROUP_ARN,
                  }),
                ],
                override_policy_documents: [
                  policy({
                    Sid: "Logs",
                    Effect: "Allow",
                    Action: "logs:PutLogEvents",
                    Resource: LOG_GROUP_ARN,
                  }),
                ],
              },
            },
          },
        },
      ),
    });
    const [document] = collectPolicies(stacks);
    expect(document.statements?.map((statement) => statement.actions)).toEqual([
      ["logs:PutLogEvents"],
    ]);
  });
});

describe("lambda-permission-names-source", () => {
  const permission = (body: Record<string, unknown>) =>
    stacksOf({
      media: stackJson({
        aws_lambda_permission: {
          invoke: {
            action: "lambda:InvokeFunction",
            function_name: "f",
            ...body,
          },
        },
      }),
    });

  test("service with source ARN passes", () => {
    const stacks = permission({
      principal: "apigateway.amazonaws.com",
      source_arn: "${aws_api_gateway_rest_api.api.execution_arn}/*",
    });
    expect(findingsOf(lambdaPermissionNamesSource, stacks)).toEqual([]);
  });

  test("service without source is a finding", () => {
    expect(
      findingsOf(
        lambdaPermissionNamesSource,
        permission({ principal: "apigateway.amazonaws.com" }),
      ),
    ).toEqual([
      "media/aws_lambda_permission.invoke: principal apigateway.amazonaws.com has no source_arn or source_account",
    ]);
  });

  test("anyone is a finding", () => {
    expect(
      findingsOf(
        lambdaPermissionNamesSource,
        permission({ principal: "*", source_account: "123456789012" }),
      ),
    ).toEqual(['media/aws_lambda_permission.invoke: principal is "*"']);
  });
});
