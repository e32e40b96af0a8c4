import { ConfigError, formatProblem } from "../../stacks/config/errors";
import { parseConfig } from "../../stacks/config/load";

const REASON = "Accepted for the rehearsal by the security team until March.";

/** Returns each problem line that parseConfig raises for the given suppressions. */
function problemsFor(suppressions: unknown): string[] {
  try {
    parseConfig({ securityRules: { suppressions } }, "test");
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map(formatProblem);
    throw error;
  }
  return [];
}

describe("securityRules.suppressions", () => {
  test("defaults to none", () => {
    expect(parseConfig({}, "test").securityRules.suppressions).toEqual([]);
  });

  test("valid suppression is kept", () => {
    const suppression = {
      rule: "PS-ML-002",
      resource: "media/aws_medialive_channel.channel",
      reason: REASON,
    };
    expect(
      parseConfig({ securityRules: { suppressions: [suppression] } }, "test")
        .securityRules.suppressions,
    ).toEqual([suppression]);
  });

  test.each([
    [
      "short reason",
      [
        {
          rule: "PS-ML-002",
          resource: "media/aws_medialive_channel.channel",
          reason: "  debug   ",
        },
      ],
      'securityRules.suppressions[0].reason: received "  debug   "; must explain in at least 10 characters why the finding is acceptable. Fix: write the reason a reviewer needs, for example who accepted the risk and until when',
    ],
    [
      "missing reason",
      [{ rule: "PS-ML-002", resource: "media/aws_medialive_channel.channel" }],
      "securityRules.suppressions[0].reason: received nothing; must explain why the finding is acceptable. Fix: write the reason as text",
    ],
    [
      "malformed rule id",
      [
        {
          rule: "S3-002",
          resource: "storage/aws_s3_bucket.media_bucket",
          reason: REASON,
        },
      ],
      'securityRules.suppressions[0].rule: received "S3-002"; must be a security rule id. Fix: use the id a finding prints, such as "PS-S3-002"',
    ],
    [
      "unknown stack",
      [
        {
          rule: "PS-S3-002",
          resource: "cdn/aws_s3_bucket.media_bucket",
          reason: REASON,
        },
      ],
      'securityRules.suppressions[0].resource: received "cdn/aws_s3_bucket.media_bucket"; must be "<stack>/<address>" with a stack of network, storage, media. Fix: copy it from the finding, such as "network/aws_vpc.vpc"',
    ],
    [
      "address without stack",
      [
        {
          rule: "PS-S3-002",
          resource: "aws_s3_bucket.media_bucket",
          reason: REASON,
        },
      ],
      'securityRules.suppressions[0].resource: received "aws_s3_bucket.media_bucket"; must be "<stack>/<address>" with a stack of network, storage, media. Fix: copy it from the finding, such as "network/aws_vpc.vpc"',
    ],
  ])("%s is rejected", (_case, suppressions, message) => {
    expect(problemsFor(suppressions)).toEqual([message]);
  });

  test("unknown field is rejected", () => {
    const problems = problemsFor([
      {
        rule: "PS-S3-002",
        resource: "storage/aws_s3_bucket.media_bucket",
        reason: REASON,
        until: "2026",
      },
    ]);
    expect(problems).toEqual([
      'securityRules.suppressions[0].until: received "2026"; is not a known field (a misspelt field would otherwise fall back to its default). Fix: remove it or correct the spelling; fields allowed here: reason, resource, rule',
    ]);
  });

  test("unknown rule id is rejected", () => {
    const problems = problemsFor([
      {
        rule: "PS-S3-999",
        resource: "storage/aws_s3_bucket.media_bucket",
        reason: REASON,
      },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^securityRules\.suppressions\[0\]\.rule: received "PS-S3-999"; is not the id of a security rule\. Fix: use one of PS-S3-001, PS-S3-002, /,
    );
  });

  test("duplicate suppression is rejected", () => {
    const suppression = {
      rule: "PS-S3-002",
      resource: "storage/aws_s3_bucket.media_bucket",
      reason: REASON,
    };
    expect(
      problemsFor([
        suppression,
        { ...suppression, reason: `${REASON} Again.` },
      ]),
    ).toEqual([
      'securityRules.suppressions[1]: received {"rule":"PS-S3-002","resource":"storage/aws_s3_bucket.media_bucket"}; suppresses the same rule and resource as securityRules.suppressions[0]. Fix: keep one entry and merge the reasons',
    ]);
  });
});
