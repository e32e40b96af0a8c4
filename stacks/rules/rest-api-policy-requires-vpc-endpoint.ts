import type { SynthesizedStacks } from "../synthesize";
import {
  conditionsOn,
  includesAnyone,
  readPolicy,
  type Statement,
} from "./policy-documents";
import { pointsTo } from "./references";
import type { SecurityRule } from "./rule";
import { resourcesOfType, type Block } from "./terraform-json";

function invokes(statement: Statement): boolean {
  return statement.actions.some((action) =>
    ["*", "execute-api:*", "execute-api:invoke"].includes(action.toLowerCase()),
  );
}

/** Tells whether a resource is every method of the API: `execute-api:/*`, `<execution_arn>/*` or `*`. */
function coversWholeApi(resource: string): boolean {
  return (
    resource === "*" ||
    resource === "execute-api:/*" ||
    /^\$\{[^}]*\.execution_arn\}\/\*$/.test(resource) ||
    /^arn:[^:]+:execute-api:[^:]*:[^:]*:[^/]+\/\*$/.test(resource)
  );
}

/** Tells whether a statement has a condition `operator` on aws:SourceVpce whose values are all project endpoints. */
function limitsToEndpoints(
  stacks: SynthesizedStacks,
  policy: Block,
  statement: Statement,
  operator: string,
  endpoints: readonly Block[],
): boolean {
  return conditionsOn(statement, ["aws:SourceVpce"]).some(
    (entry) =>
      entry.operator === operator &&
      entry.values.length > 0 &&
      entry.values.every((value) =>
        endpoints.some((endpoint) =>
          pointsTo(stacks, policy.stack, value, endpoint, "id"),
        ),
      ),
  );
}

/**
 * Tells whether a policy requires the endpoint: it denies Invoke to
 * everyone unless the request came through the endpoint, or every Allow is
 * limited to the endpoint.
 */
function requiresEndpoint(
  stacks: SynthesizedStacks,
  policy: Block,
  statements: readonly Statement[],
  endpoints: readonly Block[],
): boolean {
  const denyOthers = statements.some(
    (statement) =>
      statement.effect === "Deny" &&
      includesAnyone(statement.principals) &&
      invokes(statement) &&
      statement.resources.some(coversWholeApi) &&
      limitsToEndpoints(
        stacks,
        policy,
        statement,
        "StringNotEquals",
        endpoints,
      ),
  );
  const allows = statements.filter((statement) => statement.effect === "Allow");
  const allowOnlyEndpoint =
    allows.length > 0 &&
    allows.every((statement) =>
      limitsToEndpoints(stacks, policy, statement, "StringEquals", endpoints),
    );
  return denyOthers || allowOnlyEndpoint;
}

export const restApiPolicyRequiresVpcEndpoint: SecurityRule = {
  id: "PS-API-002",
  name: "rest-api-policy-requires-vpc-endpoint",
  what: "A REST API's resource policy does not limit invocation to this project's execute-api VPC endpoint.",
  why: "A private API accepts calls from any VPC endpoint in any account that the policy does not exclude.",
  check(stacks) {
    const endpoints = resourcesOfType(stacks, "aws_vpc_endpoint").filter(
      (endpoint) =>
        typeof endpoint.body.service_name === "string" &&
        /\.execute-api$/.test(endpoint.body.service_name),
    );
    const standalone = resourcesOfType(
      stacks,
      "aws_api_gateway_rest_api_policy",
    );
    return resourcesOfType(stacks, "aws_api_gateway_rest_api").flatMap(
      (api) => {
        const policies: Array<{ block: Block; value: unknown }> = standalone
          .filter((policy) =>
            pointsTo(stacks, policy.stack, policy.body.rest_api_id, api, "id"),
          )
          .map((block) => ({ block, value: block.body.policy }));
        if (api.body.policy !== undefined)
          policies.push({ block: api, value: api.body.policy });
        if (policies.length === 0) {
          return [
            {
              stack: api.stack,
              resource: api.address,
              detail: "has no resource policy",
            },
          ];
        }
        if (endpoints.length === 0) {
          return [
            {
              stack: api.stack,
              resource: api.address,
              detail: "no execute-api VPC endpoint exists in any stack",
            },
          ];
        }
        const required = policies.some(({ block, value }) => {
          const read = readPolicy(stacks, block.stack, value);
          return (
            "statements" in read &&
            requiresEndpoint(stacks, block, read.statements, endpoints)
          );
        });
        return required
          ? []
          : [
              {
                stack: api.stack,
                resource: api.address,
                detail:
                  "no policy denies execute-api:Invoke when aws:SourceVpce is not the execute-api endpoint, and not every Allow requires it",
              },
            ];
      },
    );
  },
};
