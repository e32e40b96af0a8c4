import { namesFor } from "../naming";
import type { Finding, SecurityRule } from "./rule";
import {
  allResources,
  isObject,
  show,
  singleBlock,
  STACK_ORDER,
  stringList,
  type Block,
  type JsonObject,
} from "./terraform-json";

/**
 * Types whose tags are not resource tags. S3 object tags are invisible to
 * cost allocation and the Resource Groups Tagging API, which see the bucket,
 * and S3 allows at most ten of them per object.
 */
const NOT_RESOURCE_TAGGED = new Set(["aws_s3_object", "aws_s3_bucket_object"]);

type Tags = Readonly<Record<string, string>>;

/** Lists the expected tags that `actual` lacks or sets to another value, as `Key is "x", expected "y"`. */
function mismatches(
  actual: JsonObject,
  expected: Tags,
  skipMissing: boolean,
): string[] {
  return Object.entries(expected)
    .filter(
      ([key, value]) =>
        actual[key] !== value && !(skipMissing && actual[key] === undefined),
    )
    .map(
      ([key, value]) => `${key} is ${show(actual[key])}, expected "${value}"`,
    );
}

function providerFindings(
  stack: Block["stack"],
  provider: JsonObject,
  expected: Tags,
): Finding[] {
  const resource =
    typeof provider.alias === "string"
      ? `provider.aws.${provider.alias}`
      : "provider.aws";
  const findings: Finding[] = [];
  const tags = singleBlock(provider.default_tags)?.tags;
  const wrong = mismatches(isObject(tags) ? tags : {}, expected, false);
  if (wrong.length > 0)
    findings.push({
      stack,
      resource,
      detail: `default_tags: ${wrong.join("; ")}`,
    });

  const ignored = singleBlock(provider.ignore_tags);
  const hidden = Object.keys(expected).filter(
    (key) =>
      stringList(ignored?.keys).includes(key) ||
      stringList(ignored?.key_prefixes).some((prefix) =>
        key.startsWith(prefix),
      ),
  );
  if (hidden.length > 0)
    findings.push({
      stack,
      resource,
      detail: `ignore_tags hides ${hidden.join(", ")}`,
    });
  return findings;
}

/**
 * Checks one resource's own tags. A resource-level `override_provider`
 * replaces the provider's default tags, so the resource's own tags must
 * then carry the environment tags.
 */
function resourceFindings(resource: Block, expected: Tags): Finding[] {
  const own = isObject(resource.body.tags) ? resource.body.tags : {};
  const overridden = singleBlock(
    singleBlock(resource.body.override_provider)?.default_tags,
  );
  if (overridden) {
    const effective = {
      ...(isObject(overridden.tags) ? overridden.tags : {}),
      ...own,
    };
    const wrong = mismatches(effective, expected, false);
    return wrong.length === 0
      ? []
      : [
          {
            stack: resource.stack,
            resource: resource.address,
            detail: `override_provider replaces the default tags: ${wrong.join(
              "; ",
            )}`,
          },
        ];
  }
  const wrong = mismatches(own, expected, true);
  return wrong.length === 0
    ? []
    : [
        {
          stack: resource.stack,
          resource: resource.address,
          detail: `tags override the environment tags: ${wrong.join("; ")}`,
        },
      ];
}

export const resourcesCarryEnvironmentTags: SecurityRule = {
  id: "PS-TAG-001",
  name: "resources-carry-environment-tags",
  what: "A stack's AWS provider does not apply the environment tags to every taggable resource, or a resource overrides them.",
  why: "Tags are how cost reports, access policies and clean-up scripts find every resource of an environment.",
  check(stacks, config) {
    const expected = namesFor(config).tags;
    const resources = allResources(stacks).filter(
      (block) =>
        block.type.startsWith("aws_") && !NOT_RESOURCE_TAGGED.has(block.type),
    );
    return STACK_ORDER.flatMap((stack) => {
      const providers = (stacks[stack].provider?.aws ?? []).filter(isObject);
      const own = resources.filter((block) => block.stack === stack);
      const missing: Finding[] =
        providers.length === 0 && own.length > 0
          ? [
              {
                stack,
                resource: "provider.aws",
                detail: "no aws provider configuration, so no default tags",
              },
            ]
          : [];
      return [
        ...missing,
        ...providers.flatMap((provider) =>
          providerFindings(stack, provider, expected),
        ),
        ...own.flatMap((resource) => resourceFindings(resource, expected)),
      ];
    });
  },
};
