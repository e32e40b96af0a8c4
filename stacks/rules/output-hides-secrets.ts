import type { StackId } from "../naming";
import type { SynthesizedStacks } from "../synthesize";
import { interpolations, remoteStateProducer, stringsIn } from "./references";
import type { Finding, SecurityRule } from "./rule";
import { isObject, STACK_ORDER } from "./terraform-json";

/** Attributes that hold a private key, password, token-signing key or other secret. */
const SECRET_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  tls_private_key: [
    "private_key_pem",
    "private_key_pem_pkcs8",
    "private_key_openssh",
  ],
  aws_acm_certificate: ["private_key"],
  random_password: ["result", "bcrypt_hash"],
  random_bytes: ["base64", "hex"],
  aws_iam_access_key: ["secret", "ses_smtp_password_v4"],
  aws_secretsmanager_secret_version: ["secret_string", "secret_binary"],
  "data.aws_secretsmanager_secret_version": ["secret_string", "secret_binary"],
  aws_ssm_parameter: ["value"],
  "data.aws_ssm_parameter": ["value"],
};

/** Matches `<type>.<name>.<attribute>`, with an optional `[index]` after the name. */
const SECRET_REFERENCES = Object.entries(SECRET_ATTRIBUTES).map(
  ([type, attributes]) => {
    const escapedType = type.replace(/\./g, "\\.");
    const attribute = `(?:${attributes.join("|")})`;
    return new RegExp(
      `(?<![\\w.-])${escapedType}\\.[\\w-]+(?:\\[[^\\]]*\\])?\\.${attribute}(?![\\w-])`,
    );
  },
);

const PRIVATE_KEY_TEXT = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
const NONSENSITIVE_CALL = /(?<![\w.-])nonsensitive\s*\(/;
const REMOTE_OUTPUT =
  /data\.terraform_remote_state\.([\w-]+)\.outputs\.([\w-]+)/g;
const LOCAL_VALUE = /(?<![\w.-])local\.([\w-]+)/g;

/** Returns why a value exposes a secret, or undefined when it does not. */
function secretIn(
  stacks: SynthesizedStacks,
  stack: StackId,
  value: unknown,
  seen: Set<string>,
): string | undefined {
  for (const text of stringsIn(value)) {
    if (PRIVATE_KEY_TEXT.test(text)) return "contains a PEM private key";
    for (const expression of interpolations(text)) {
      const reason = secretInExpression(stacks, stack, expression, seen);
      if (reason) return reason;
    }
  }
  return undefined;
}

/** Checks one interpolation, following locals and other stacks' outputs it reads. */
function secretInExpression(
  stacks: SynthesizedStacks,
  stack: StackId,
  expression: string,
  seen: Set<string>,
): string | undefined {
  if (NONSENSITIVE_CALL.test(expression)) return "calls nonsensitive()";

  for (const pattern of SECRET_REFERENCES) {
    const match = pattern.exec(expression);
    if (match) return `refers to ${match[0]}`;
  }

  for (const [, name] of expression.matchAll(LOCAL_VALUE)) {
    const key = `${stack}/local.${name}`;
    const locals = stacks[stack].locals;
    if (seen.has(key) || !isObject(locals)) continue;
    seen.add(key);
    const reason = secretIn(stacks, stack, locals[name], seen);
    if (reason) return `local.${name} ${reason}`;
  }

  for (const [, dataName, outputName] of expression.matchAll(REMOTE_OUTPUT)) {
    const producer = remoteStateProducer(stacks, stack, dataName);
    const output = producer ? stacks[producer].output?.[outputName] : undefined;
    const key = `${producer}/output.${outputName}`;
    if (!producer || !output || seen.has(key)) continue;
    seen.add(key);
    if (output.sensitive === true) {
      return `re-publishes the sensitive output ${outputName} of stack ${producer}`;
    }
    const reason = secretIn(stacks, producer, output.value, seen);
    if (reason)
      return `reads output ${outputName} of stack ${producer}, which ${reason}`;
  }
  return undefined;
}

export const outputHidesSecrets: SecurityRule = {
  id: "PS-OUT-001",
  name: "output-hides-secrets",
  what: "An output that is not marked sensitive contains a private key, password or signing key.",
  why: "Plain outputs are printed by apply and output, and land in CI logs; only sensitive outputs are redacted.",
  check(stacks) {
    return STACK_ORDER.flatMap((stack): Finding[] =>
      Object.entries(stacks[stack].output ?? {}).flatMap(([name, output]) => {
        if (output.sensitive === true) return [];
        const reason = secretIn(stacks, stack, output.value, new Set());
        return reason
          ? [
              {
                stack,
                resource: `output.${name}`,
                detail: `is not sensitive and ${reason}`,
              },
            ]
          : [];
      }),
    );
  },
};
