import { resourcesCarryEnvironmentTags } from "../../stacks/rules/resources-carry-environment-tags";
import type { TerraformJson } from "../../stacks/synthesize";
import { configWith } from "../support/synth";
import { findingsOf, stackJson, stacksOf } from "./fixture";

const TAGS = {
  Environment: "demo",
  ManagedBy: "cdktf",
  Project: "protected-streaming",
};

function stack(
  resources: Record<string, Record<string, Record<string, unknown>>>,
  aws: unknown[] = [{ region: "us-east-1", default_tags: [{ tags: TAGS }] }],
): TerraformJson {
  return stackJson(resources, { provider: { aws } });
}

describe("resources-carry-environment-tags", () => {
  test("default tags pass", () => {
    const stacks = stacksOf({
      network: stack({
        aws_vpc: { vpc: { tags: { Name: "demo-vpc", Environment: "demo" } } },
      }),
    });
    expect(findingsOf(resourcesCarryEnvironmentTags, stacks)).toEqual([]);
  });

  test("config tags are expected too", () => {
    const stacks = stacksOf({ network: stack({ aws_vpc: { vpc: {} } }) });
    expect(
      findingsOf(
        resourcesCarryEnvironmentTags,
        stacks,
        configWith({ tags: { CostCenter: "media" } }),
      ),
    ).toEqual([
      'network/provider.aws: default_tags: CostCenter is nothing, expected "media"',
    ]);
  });

  test("missing default tags is a finding", () => {
    const stacks = stacksOf({
      storage: stack({}, [
        {
          region: "us-east-1",
          default_tags: { tags: { Project: "protected-streaming" } },
        },
      ]),
    });
    expect(findingsOf(resourcesCarryEnvironmentTags, stacks)).toEqual([
      'storage/provider.aws: default_tags: Environment is nothing, expected "demo"; ManagedBy is nothing, expected "cdktf"',
    ]);
  });

  test("aliased provider without tags is a finding", () => {
    const stacks = stacksOf({
      media: stack({}, [
        { region: "us-east-1", default_tags: [{ tags: TAGS }] },
        { alias: "east", region: "us-east-2" },
      ]),
    });
    expect(findingsOf(resourcesCarryEnvironmentTags, stacks)).toEqual([
      'media/provider.aws.east: default_tags: Project is nothing, expected "protected-streaming"; Environment is nothing, expected "demo"; ManagedBy is nothing, expected "cdktf"',
    ]);
  });

  test("ignore_tags is a finding", () => {
    const stacks = stacksOf({
      media: stack({}, [
        {
          default_tags: [{ tags: TAGS }],
          ignore_tags: [{ key_prefixes: ["Env"], keys: ["Project"] }],
        },
      ]),
    });
    expect(findingsOf(resourcesCarryEnvironmentTags, stacks)).toEqual([
      "media/provider.aws: ignore_tags hides Project, Environment",
    ]);
  });

  test("resources without provider is a finding", () => {
    const stacks = stacksOf({
      media: stackJson({ aws_s3_bucket: { media_bucket: {} } }),
    });
    expect(findingsOf(resourcesCarryEnvironmentTags, stacks)).toEqual([
      "media/provider.aws: no aws provider configuration, so no default tags",
    ]);
  });

  test("overriding tag is a finding", () => {
    const stacks = stacksOf({
      network: stack({ aws_vpc: { vpc: { tags: { Environment: "prod" } } } }),
    });
    expect(findingsOf(resourcesCarryEnvironmentTags, stacks)).toEqual([
      'network/aws_vpc.vpc: tags override the environment tags: Environment is "prod", expected "demo"',
    ]);
  });

  test("override_provider dropping tags is a finding", () => {
    const stacks = stacksOf({
      storage: stack({
        aws_s3_bucket: {
          media_bucket: {
            tags: { Project: "protected-streaming" },
            override_provider: { default_tags: { tags: {} } },
          },
        },
      }),
    });
    expect(findingsOf(resourcesCarryEnvironmentTags, stacks)).toEqual([
      'storage/aws_s3_bucket.media_bucket: override_provider replaces the default tags: Environment is nothing, expected "demo"; ManagedBy is nothing, expected "cdktf"',
    ]);
  });

  test("override_provider on an S3 object passes", () => {
    const stacks = stacksOf({
      storage: stack({
        aws_s3_object: {
          config: {
            key: "player/config.json",
            override_provider: { default_tags: { tags: {} } },
          },
        },
      }),
    });
    expect(findingsOf(resourcesCarryEnvironmentTags, stacks)).toEqual([]);
  });
});
