/**
 * A small evaluator for the statements of a synthesized resource policy,
 * enough to prove which statements apply to a request. It covers the
 * elements and condition operators this project writes and throws on any
 * other, so a policy that grows beyond it fails loudly instead of being
 * misread. Terraform interpolations such as `${aws_s3_bucket.x.arn}` are
 * compared as plain text, which proves a property for every value they
 * resolve to.
 */

export interface PolicyRequest {
  /** Value of `aws:PrincipalArn`: for an assumed role, the role's ARN. */
  readonly principalArn: string;
  /** Value of `aws:PrincipalAccount`; requests to a policy that reads it must set it. */
  readonly principalAccount?: string;
  readonly action: string;
  readonly resource: string;
  /** Value of `aws:SecureTransport`. */
  readonly secureTransport: boolean;
}

export type Statement = Record<string, unknown>;

const SUPPORTED_ELEMENTS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);

function asList(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function patternOfCharacter(char: string): string {
  if (char === "*") return ".*";
  if (char === "?") return ".";
  return char.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** Converts an IAM wildcard pattern (`*`, `?`) to an anchored regular expression. */
function wildcardPattern(pattern: string, caseInsensitive: boolean): RegExp {
  const body = pattern.split("").map(patternOfCharacter).join("");
  return new RegExp(`^${body}$`, caseInsensitive ? "i" : "");
}

function matchesAny(
  patterns: string[],
  value: string,
  caseInsensitive = false,
): boolean {
  return patterns.some((pattern) =>
    wildcardPattern(pattern, caseInsensitive).test(value),
  );
}

function principalMatches(principal: unknown, request: PolicyRequest): boolean {
  if (principal === "*") return true;
  if (
    principal !== null &&
    typeof principal === "object" &&
    "AWS" in principal
  ) {
    const arns = asList((principal as { AWS: unknown }).AWS);
    return arns.includes("*") || arns.includes(request.principalArn);
  }
  throw new Error(`unsupported Principal ${JSON.stringify(principal)}`);
}

function contextValue(key: string, request: PolicyRequest): string {
  if (key === "aws:PrincipalArn") return request.principalArn;
  if (key === "aws:SecureTransport") return String(request.secureTransport);
  if (key === "aws:PrincipalAccount" && request.principalAccount !== undefined)
    return request.principalAccount;
  throw new Error(`unsupported condition key ${key}`);
}

function operatorMatches(
  operator: string,
  expected: string[],
  actual: string,
): boolean {
  switch (operator) {
    case "Bool":
    case "StringEquals":
      return expected.includes(actual);
    case "StringNotEquals":
      return !expected.includes(actual);
    case "StringLike":
    case "ArnEquals":
    case "ArnLike":
      return matchesAny(expected, actual);
    case "StringNotLike":
    case "ArnNotEquals":
    case "ArnNotLike":
      return !matchesAny(expected, actual);
    default:
      throw new Error(`unsupported condition operator ${operator}`);
  }
}

function conditionMatches(condition: unknown, request: PolicyRequest): boolean {
  if (condition === undefined) return true;
  return Object.entries(
    condition as Record<string, Record<string, unknown>>,
  ).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) =>
      operatorMatches(operator, asList(values), contextValue(key, request)),
    ),
  );
}

/** Tells whether a statement applies to a request, whatever its effect. */
export function statementApplies(
  statement: Statement,
  request: PolicyRequest,
): boolean {
  for (const element of Object.keys(statement)) {
    if (!SUPPORTED_ELEMENTS.has(element))
      throw new Error(`unsupported policy element ${element}`);
  }
  if (!principalMatches(statement.Principal ?? "*", request)) return false;

  const actionMatches =
    statement.Action !== undefined
      ? matchesAny(asList(statement.Action), request.action, true)
      : !matchesAny(asList(statement.NotAction), request.action, true);
  if (!actionMatches) return false;

  const resourceMatches =
    statement.Resource !== undefined
      ? matchesAny(asList(statement.Resource), request.resource)
      : !matchesAny(asList(statement.NotResource), request.resource);
  if (!resourceMatches) return false;

  return conditionMatches(statement.Condition, request);
}

/** Returns the Sids (or indexes) of the Deny statements that apply to a request. */
export function denyingStatements(
  statements: Statement[],
  request: PolicyRequest,
): string[] {
  return statements
    .map((statement, index) => ({
      statement,
      label: String(statement.Sid ?? index),
    }))
    .filter(
      ({ statement }) =>
        statement.Effect === "Deny" && statementApplies(statement, request),
    )
    .map(({ label }) => label);
}
