import type { StackId } from "../naming";
import type { SynthesizedStacks } from "../synthesize";
import { resolveRemote } from "./references";
import {
  blockList,
  findData,
  isObject,
  resourcesOfType,
  stringList,
  type JsonObject,
} from "./terraform-json";

/**
 * Scope of a policy: an identity's permissions, a resource's access, the
 * requests a VPC endpoint passes, or the principals that may assume a role.
 */
export type PolicyKind = "identity" | "resource" | "endpoint" | "trust";

export interface PrincipalSet {
  /** `AWS`, `Service`, `Federated`, `CanonicalUser` or `*`. */
  readonly type: string;
  readonly identifiers: readonly string[];
}

export interface ConditionEntry {
  /** Condition operator, such as `StringEquals` or `ArnLike`. */
  readonly operator: string;
  /** Condition key as written, such as `aws:SourceVpce`. */
  readonly key: string;
  readonly values: readonly unknown[];
}

/** A policy statement in one shape, whether it came from JSON or from `data.aws_iam_policy_document`. */
export interface Statement {
  readonly sid?: string;
  readonly effect: string;
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly principals: readonly PrincipalSet[];
  readonly notPrincipals: readonly PrincipalSet[];
  readonly conditions: readonly ConditionEntry[];
}

/** One policy attribute of one resource, parsed, or the reason it could not be read. */
export interface PolicyDocument {
  readonly stack: StackId;
  readonly address: string;
  /** Attribute path inside the resource, such as `policy` or `inline_policy[0].policy`. */
  readonly attribute: string;
  readonly kind: PolicyKind;
  /** Absent when the document could not be read, and `problem` then gives the reason. */
  readonly statements?: readonly Statement[];
  readonly problem?: string;
}

/** Resource attributes that hold a policy document. */
export const POLICY_ATTRIBUTES: ReadonlyArray<{
  type: string;
  attribute: string;
  kind: PolicyKind;
}> = [
  { type: "aws_iam_role", attribute: "assume_role_policy", kind: "trust" },
  { type: "aws_iam_role_policy", attribute: "policy", kind: "identity" },
  { type: "aws_iam_policy", attribute: "policy", kind: "identity" },
  { type: "aws_iam_user_policy", attribute: "policy", kind: "identity" },
  { type: "aws_iam_group_policy", attribute: "policy", kind: "identity" },
  { type: "aws_s3_bucket", attribute: "policy", kind: "resource" },
  { type: "aws_s3_bucket_policy", attribute: "policy", kind: "resource" },
  { type: "aws_vpc_endpoint", attribute: "policy", kind: "endpoint" },
  { type: "aws_vpc_endpoint_policy", attribute: "policy", kind: "endpoint" },
  { type: "aws_api_gateway_rest_api", attribute: "policy", kind: "resource" },
  {
    type: "aws_api_gateway_rest_api_policy",
    attribute: "policy",
    kind: "resource",
  },
  {
    type: "aws_cloudwatch_log_resource_policy",
    attribute: "policy_document",
    kind: "resource",
  },
  { type: "aws_kms_key", attribute: "policy", kind: "resource" },
  { type: "aws_secretsmanager_secret", attribute: "policy", kind: "resource" },
  {
    type: "aws_secretsmanager_secret_policy",
    attribute: "policy",
    kind: "resource",
  },
  { type: "aws_sns_topic_policy", attribute: "policy", kind: "resource" },
  { type: "aws_sqs_queue_policy", attribute: "policy", kind: "resource" },
];

const POLICY_DOCUMENT_DATA =
  /^\$\{data\.aws_iam_policy_document\.([\w-]+)\.(?:json|minified_json)\}$/;

type ReadResult = { statements: Statement[] } | { problem: string };

/**
 * Reads a policy attribute: a JSON string (interpolations inside string
 * values are fine), a reference to `data.aws_iam_policy_document`, or a
 * remote-state output holding either.
 */
export function readPolicy(
  stacks: SynthesizedStacks,
  stack: StackId,
  value: unknown,
  depth = 0,
): ReadResult {
  if (depth > 8)
    return { problem: "policy documents refer to each other in a loop" };
  const resolved = resolveRemote(stacks, stack, value);
  if (typeof resolved.value !== "string") {
    return {
      problem: `is ${
        Array.isArray(resolved.value) ? "a list" : typeof resolved.value
      }, not a JSON string`,
    };
  }
  const text = resolved.value.trim();
  if (text.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      return { problem: `is not valid JSON (${(error as Error).message})` };
    }
    return statementsFromJson(parsed);
  }
  const dataMatch = POLICY_DOCUMENT_DATA.exec(text);
  if (dataMatch) {
    const data = findData(
      stacks,
      resolved.stack,
      "aws_iam_policy_document",
      dataMatch[1],
    );
    if (!data)
      return {
        problem: `refers to data.aws_iam_policy_document.${dataMatch[1]}, which does not exist`,
      };
    return statementsFromData(stacks, resolved.stack, data.body, depth);
  }
  return {
    problem: `is neither a JSON document nor a data.aws_iam_policy_document reference: ${text.slice(
      0,
      60,
    )}`,
  };
}

function statementsFromJson(document: unknown): ReadResult {
  if (!isObject(document)) return { problem: "is not a JSON object" };
  const raw = document.Statement;
  let items: unknown[] = [];
  if (Array.isArray(raw)) items = raw;
  else if (raw !== undefined) items = [raw];
  const statements: Statement[] = [];
  for (const [index, item] of items.entries()) {
    if (
      !isObject(item) ||
      (item.Effect !== "Allow" && item.Effect !== "Deny")
    ) {
      return {
        problem: `Statement[${index}] has no Effect of "Allow" or "Deny"`,
      };
    }
    statements.push({
      sid: typeof item.Sid === "string" ? item.Sid : undefined,
      effect: item.Effect,
      actions: stringList(item.Action),
      notActions: stringList(item.NotAction),
      resources: stringList(item.Resource),
      notResources: stringList(item.NotResource),
      principals: principalsFromJson(item.Principal),
      notPrincipals: principalsFromJson(item.NotPrincipal),
      conditions: conditionsFromJson(item.Condition),
    });
  }
  return { statements };
}

function principalsFromJson(value: unknown): PrincipalSet[] {
  // "Principal": "*" means every principal, the same as {"AWS": "*"}.
  if (value === "*") return [{ type: "*", identifiers: ["*"] }];
  if (!isObject(value)) return [];
  return Object.entries(value).map(([type, identifiers]) => ({
    type,
    identifiers: stringList(identifiers),
  }));
}

function conditionsFromJson(value: unknown): ConditionEntry[] {
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([operator, keys]) =>
    isObject(keys)
      ? Object.entries(keys).map(([key, values]) => ({
          operator,
          key,
          values: Array.isArray(values) ? values : [values],
        }))
      : [],
  );
}

/**
 * Converts `data.aws_iam_policy_document` blocks. Source documents come
 * first; override documents replace statements with the same sid, or are
 * appended, as the provider merges them.
 */
function statementsFromData(
  stacks: SynthesizedStacks,
  stack: StackId,
  body: JsonObject,
  depth: number,
): ReadResult {
  const merged: Statement[] = [];
  for (const source of stringList(body.source_policy_documents)) {
    const read = readPolicy(stacks, stack, source, depth + 1);
    if ("problem" in read)
      return { problem: `source_policy_documents entry ${read.problem}` };
    merged.push(...read.statements);
  }
  const own = blockList(body.statement).map(statementFromBlock);
  mergeBySid(merged, own);
  for (const override of stringList(body.override_policy_documents)) {
    const read = readPolicy(stacks, stack, override, depth + 1);
    if ("problem" in read)
      return { problem: `override_policy_documents entry ${read.problem}` };
    mergeBySid(merged, read.statements);
  }
  return { statements: merged };
}

function mergeBySid(
  target: Statement[],
  additions: readonly Statement[],
): void {
  for (const statement of additions) {
    const index = statement.sid
      ? target.findIndex((existing) => existing.sid === statement.sid)
      : -1;
    if (index === -1) target.push(statement);
    else target[index] = statement;
  }
}

function statementFromBlock(block: JsonObject): Statement {
  const principals = (value: unknown) =>
    blockList(value).map((entry) => ({
      type: String(entry.type),
      identifiers: stringList(entry.identifiers),
    }));
  return {
    sid: typeof block.sid === "string" ? block.sid : undefined,
    effect: typeof block.effect === "string" ? block.effect : "Allow",
    actions: stringList(block.actions),
    notActions: stringList(block.not_actions),
    resources: stringList(block.resources),
    notResources: stringList(block.not_resources),
    principals: principals(block.principals),
    notPrincipals: principals(block.not_principals),
    conditions: blockList(block.condition).map((entry) => ({
      operator: String(entry.test),
      key: String(entry.variable),
      values: Array.isArray(entry.values) ? entry.values : [entry.values],
    })),
  };
}

/** Reads every policy attribute of every resource in every stack. */
export function collectPolicies(stacks: SynthesizedStacks): PolicyDocument[] {
  const documents: PolicyDocument[] = [];
  const add = (
    block: { stack: StackId; address: string },
    attribute: string,
    kind: PolicyKind,
    value: unknown,
  ) => {
    const read = readPolicy(stacks, block.stack, value);
    documents.push({
      stack: block.stack,
      address: block.address,
      attribute,
      kind,
      ...read,
    });
  };
  for (const { type, attribute, kind } of POLICY_ATTRIBUTES) {
    for (const block of resourcesOfType(stacks, type)) {
      if (block.body[attribute] !== undefined)
        add(block, attribute, kind, block.body[attribute]);
    }
  }
  for (const role of resourcesOfType(stacks, "aws_iam_role")) {
    blockList(role.body.inline_policy).forEach((inline, index) => {
      if (inline.policy !== undefined)
        add(role, `inline_policy[${index}].policy`, "identity", inline.policy);
    });
  }
  return documents;
}

/** Returns the statements of readable documents, each with its document. */
export function readableStatements(
  documents: readonly PolicyDocument[],
): Array<{ document: PolicyDocument; statement: Statement; index: number }> {
  return documents.flatMap((document) =>
    (document.statements ?? []).map((statement, index) => ({
      document,
      statement,
      index,
    })),
  );
}

/** Tells whether a principal list includes everyone (`"*"` or `{"AWS": "*"}`). */
export function includesAnyone(principals: readonly PrincipalSet[]): boolean {
  return principals.some(
    (principal) =>
      (principal.type === "*" || principal.type === "AWS") &&
      principal.identifiers.includes("*"),
  );
}

/** Returns the condition entries whose key matches one of `keys`, ignoring case as IAM does. */
export function conditionsOn(
  statement: Statement,
  keys: readonly string[],
): ConditionEntry[] {
  const wanted = keys.map((key) => key.toLowerCase());
  return statement.conditions.filter((entry) =>
    wanted.includes(entry.key.toLowerCase()),
  );
}

/** Names a statement in a finding: its sid, or its position. */
export function statementLabel(statement: Statement, index: number): string {
  return statement.sid ? `statement "${statement.sid}"` : `Statement[${index}]`;
}
