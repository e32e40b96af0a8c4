import type { z } from "zod";
import type { ConfigProblem } from "./errors";
import { configSchema, ruleMessage } from "./schema";

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** Formats a zod path as `vpn.users[2]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === "number"
        ? `[${part}]`
        : index === 0
          ? String(part)
          : `.${String(part)}`,
    )
    .join("");
}

/** Unwraps defaults, optionals and pipes down to the schema that shapes the value. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as { innerType?: AnySchema; in?: AnySchema };
    if (def.innerType) current = def.innerType;
    else if (def.in) current = def.in;
    else return current;
  }
}

type Shape = Record<string, AnySchema>;

/**
 * Tells whether every literal field of an object schema's shape (the
 * backend's "type") has the value the input gives it.
 */
function literalsMatch(shape: Shape, value: unknown): boolean {
  if (value === null || typeof value !== "object") return false;
  return Object.entries(shape).every(([key, field]) => {
    const def = unwrap(field)._zod.def as { type: string; values?: unknown[] };
    return (
      def.type !== "literal" ||
      (def.values ?? []).includes((value as Record<string, unknown>)[key])
    );
  });
}

/**
 * Returns the shapes of the union options that the value selects by its
 * literal fields, so that a local backend lists only its own fields. When
 * no option matches, it returns the shapes of all options.
 */
function optionShapes(
  options: readonly AnySchema[],
  value: unknown,
): Array<Shape | undefined> {
  const shapes = options.map(
    (option) => (unwrap(option)._zod.def as { shape?: Shape }).shape,
  );
  const selected = shapes.filter(
    (shape) => shape !== undefined && literalsMatch(shape, value),
  );
  return selected.length > 0 ? selected : shapes;
}

/**
 * Lists the field names that the object `value` at `path` accepts, for
 * "unknown field" messages.
 */
function knownKeysAt(path: readonly PropertyKey[], value: unknown): string[] {
  let schemas: AnySchema[] = [configSchema];
  for (const part of path) {
    schemas = schemas.flatMap((schema) => {
      const def = unwrap(schema)._zod.def as {
        type: string;
        shape?: Record<string, AnySchema>;
        element?: AnySchema;
        options?: AnySchema[];
        valueType?: AnySchema;
      };
      if (typeof part === "number" && def.element) return [def.element];
      if (def.shape && typeof part === "string" && def.shape[part])
        return [def.shape[part]];
      if (def.options) {
        return def.options.flatMap((option) => {
          const shape = (
            unwrap(option)._zod.def as { shape?: Record<string, AnySchema> }
          ).shape;
          return shape && typeof part === "string" && shape[part]
            ? [shape[part]]
            : [];
        });
      }
      if (def.valueType) return [def.valueType];
      return [];
    });
  }
  const keys = new Set<string>();
  for (const schema of schemas) {
    const def = unwrap(schema)._zod.def as {
      shape?: Shape;
      options?: AnySchema[];
    };
    const shapes = def.options ? optionShapes(def.options, value) : [def.shape];
    for (const shape of shapes)
      Object.keys(shape ?? {}).forEach((key) => keys.add(key));
  }
  return [...keys].sort();
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** Reads the value at a path of the raw input, for the "received" part of a message. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const part of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

/** Translates zod's issues into problems that name the field, the value and the fix. */
export function problemsFromIssues(
  issues: readonly Issue[],
  input: unknown,
): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const path = formatPath(issue.path);
    const value = valueAt(input, issue.path);

    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(issue.path, value);
      return issue.keys.map((key) => ({
        path: formatPath([...issue.path, key]),
        value: valueAt(input, [...issue.path, key]),
        message: ruleMessage(
          "is not a known field (a misspelt field would otherwise fall back to its default)",
          `remove it or correct the spelling; fields allowed here: ${known.join(", ")}`,
        ),
      }));
    }

    if (issue.code === "invalid_key") {
      const keyIssue = issue.issues.find((inner) =>
        inner.message.includes(". Fix: "),
      );
      const key = String(issue.path[issue.path.length - 1]);
      return [
        {
          path,
          value: key,
          message:
            keyIssue?.message ??
            ruleMessage("is not a valid key", `rename the key ${key}`),
        },
      ];
    }

    if (issue.message.includes(". Fix: "))
      return [{ path, value, message: issue.message }];

    switch (issue.code) {
      case "invalid_type":
        // zod 4 reports a fraction given to `.int()` as an invalid type "int".
        if (issue.expected === "int") {
          return [
            {
              path,
              value,
              message: ruleMessage(
                "must be a whole number",
                `set ${path} to a whole number`,
              ),
            },
          ];
        }
        // JSON.parse turns a number too large for a double, such as 1e400, into Infinity.
        if (typeof value === "number" && !Number.isFinite(value)) {
          return [
            {
              path,
              value,
              message: ruleMessage(
                "must be a finite number",
                `set ${path} to a smaller number`,
              ),
            },
          ];
        }
        return [
          {
            path,
            value,
            message:
              value === undefined
                ? ruleMessage(
                    "is required",
                    `set ${path} to ${article(issue.expected)}`,
                  )
                : ruleMessage(
                    `must be ${article(issue.expected)}, not ${kindOf(value)}`,
                    `set ${path} to ${article(issue.expected)}`,
                  ),
          },
        ];
      case "too_small":
        return [
          {
            path,
            value,
            message: ruleMessage(
              `must be at least ${String(issue.minimum)}${issue.origin === "array" ? " items long" : ""}`,
              `raise ${path} to ${String(issue.minimum)} or more`,
            ),
          },
        ];
      case "too_big":
        return [
          {
            path,
            value,
            message: ruleMessage(
              `must be at most ${String(issue.maximum)}${issue.origin === "array" ? " items long" : ""}`,
              `lower ${path} to ${String(issue.maximum)} or less`,
            ),
          },
        ];
      case "invalid_format":
        return [
          {
            path,
            value,
            message: ruleMessage(
              `must be a valid ${issue.format}`,
              `correct ${path}`,
            ),
          },
        ];
      case "invalid_value":
        return [
          {
            path,
            value,
            message: ruleMessage(
              `must be one of ${issue.values.map((allowed) => JSON.stringify(allowed)).join(", ")}`,
              `set ${path} to one of them`,
            ),
          },
        ];
      default:
        return [
          {
            path,
            value,
            message: ruleMessage(issue.message, `correct ${path}`),
          },
        ];
    }
  });
}

function article(expected: string): string {
  // zod calls a JSON object with free-form keys a record.
  if (expected === "record") return "an object";
  if (expected === "array" || expected === "object" || expected === "integer")
    return `an ${expected}`;
  return `a ${expected}`;
}
