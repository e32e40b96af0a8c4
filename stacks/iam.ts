/** An IAM policy statement, written as AWS documents it. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

/**
 * Renders a policy document as a JSON string. Tokens inside it become
 * Terraform interpolations, and the synthesized policy stays parseable JSON,
 * which the security rules read.
 */
export function policyDocument(statements: PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Trust policy for an AWS service, limited to this account so that the
 * service cannot be used as a confused deputy by another account.
 */
export function serviceTrustPolicy(
  service: string,
  accountId: string,
  sourceArn?: string,
): string {
  const condition: PolicyStatement["Condition"] = {
    StringEquals: { "aws:SourceAccount": accountId },
  };
  if (sourceArn) condition.ArnLike = { "aws:SourceArn": sourceArn };
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: condition,
    },
  ]);
}
