import type { SecurityRule } from "./rule";
import { resourcesOfType } from "./terraform-json";

export const lambdaPermissionNamesSource: SecurityRule = {
  id: "PS-LAMBDA-001",
  name: "lambda-permission-names-source",
  what: "A Lambda permission lets everyone, or an AWS service without a source ARN or account, invoke the function.",
  why: "Any API or account could then call the function, such as the authorizer that decides who may watch.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_lambda_permission").flatMap(
      (permission) => {
        const {
          principal,
          source_arn: sourceArn,
          source_account: sourceAccount,
        } = permission.body;
        if (principal === "*") {
          return [
            {
              stack: permission.stack,
              resource: permission.address,
              detail: 'principal is "*"',
            },
          ];
        }
        const isService =
          typeof principal === "string" && principal.endsWith(".amazonaws.com");
        const named =
          (typeof sourceArn === "string" && sourceArn !== "") ||
          (typeof sourceAccount === "string" && sourceAccount !== "");
        return isService && !named
          ? [
              {
                stack: permission.stack,
                resource: permission.address,
                detail: `principal ${principal} has no source_arn or source_account`,
              },
            ]
          : [];
      },
    );
  },
};
