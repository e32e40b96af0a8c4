import { bucketBlocksPublicAccess } from "../../stacks/rules/bucket-blocks-public-access";
import { bucketDeniesInsecureTransport } from "../../stacks/rules/bucket-denies-insecure-transport";
import { bucketEncryptsByDefault } from "../../stacks/rules/bucket-encrypts-by-default";
import { bucketEnforcesOwnerOwnership } from "../../stacks/rules/bucket-enforces-owner-ownership";
import { bucketExpiresLiveObjects } from "../../stacks/rules/bucket-expires-live-objects";
import { configWith } from "../support/synth";
import { findingsOf, policy, stackJson, stacksOf } from "./fixture";

const BUCKET = "${aws_s3_bucket.media_bucket.id}";
const ARN = "${aws_s3_bucket.media_bucket.arn}";

const DENY_INSECURE = {
  Sid: "DenyInsecureTransport",
  Effect: "Deny",
  Principal: "*",
  Action: "s3:*",
  Resource: [ARN, `${ARN}/*`],
  Condition: { Bool: { "aws:SecureTransport": "false" } },
};

/** Builds a bucket with every companion resource the storage design requires. */
function compliantStorage(): Record<
  string,
  Record<string, Record<string, unknown>>
> {
  return {
    aws_s3_bucket: {
      media_bucket: {
        bucket:
          "demo-media-${data.aws_caller_identity.current.account_id}-us-east-1",
      },
    },
    aws_s3_bucket_public_access_block: {
      media_bucket_public_access_block: {
        bucket: BUCKET,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      },
    },
    aws_s3_bucket_server_side_encryption_configuration: {
      media_bucket_encryption: {
        bucket: BUCKET,
        rule: [
          {
            apply_server_side_encryption_by_default: {
              sse_algorithm: "AES256",
            },
          },
        ],
      },
    },
    aws_s3_bucket_ownership_controls: {
      media_bucket_ownership_controls: {
        bucket: BUCKET,
        rule: { object_ownership: "BucketOwnerEnforced" },
      },
    },
    aws_s3_bucket_lifecycle_configuration: {
      media_bucket_lifecycle: {
        bucket: BUCKET,
        rule: [
          {
            id: "expire-live",
            status: "Enabled",
            filter: [{ prefix: "live/" }],
            expiration: [{ days: 1 }],
          },
        ],
      },
    },
    aws_s3_bucket_policy: {
      media_bucket_policy: { bucket: BUCKET, policy: policy(DENY_INSECURE) },
    },
  };
}

function storage(
  change: (resources: ReturnType<typeof compliantStorage>) => void = () =>
    undefined,
) {
  const resources = compliantStorage();
  change(resources);
  return stacksOf({ storage: stackJson(resources) });
}

const S3_RULES = [
  bucketBlocksPublicAccess,
  bucketDeniesInsecureTransport,
  bucketEncryptsByDefault,
  bucketEnforcesOwnerOwnership,
  bucketExpiresLiveObjects,
];

describe("S3 rules", () => {
  test.each(S3_RULES.map((rule) => [rule.id, rule] as const))(
    "%s passes a compliant bucket",
    (_id, rule) => {
      expect(findingsOf(rule, storage())).toEqual([]);
    },
  );

  test.each(S3_RULES.map((rule) => [rule.id, rule] as const))(
    "%s passes when there is no bucket",
    (_id, rule) => {
      expect(findingsOf(rule, stacksOf({}))).toEqual([]);
    },
  );
});

describe("bucket-blocks-public-access", () => {
  test("missing block is a finding", () => {
    const stacks = storage(
      (resources) => delete resources.aws_s3_bucket_public_access_block,
    );
    expect(findingsOf(bucketBlocksPublicAccess, stacks)).toEqual([
      "storage/aws_s3_bucket.media_bucket: has no aws_s3_bucket_public_access_block",
    ]);
  });

  test("block with settings off is a finding", () => {
    const stacks = storage((resources) => {
      const block =
        resources.aws_s3_bucket_public_access_block
          .media_bucket_public_access_block;
      block.block_public_policy = false;
      delete block.restrict_public_buckets;
    });
    expect(findingsOf(bucketBlocksPublicAccess, stacks)).toEqual([
      "storage/aws_s3_bucket_public_access_block.media_bucket_public_access_block: block_public_policy, restrict_public_buckets not set to true",
    ]);
  });

  test("block for another bucket does not count", () => {
    const stacks = storage((resources) => {
      resources.aws_s3_bucket_public_access_block.media_bucket_public_access_block.bucket =
        "${aws_s3_bucket.other.id}";
    });
    expect(findingsOf(bucketBlocksPublicAccess, stacks)).toEqual([
      "storage/aws_s3_bucket.media_bucket: has no aws_s3_bucket_public_access_block",
    ]);
  });
});

describe("bucket-denies-insecure-transport", () => {
  const NO_DENY =
    'storage/aws_s3_bucket.media_bucket: no policy statement denies "s3:*" on the bucket and its objects to every principal when aws:SecureTransport is false';

  test("missing policy is a finding", () => {
    const stacks = storage(
      (resources) => delete resources.aws_s3_bucket_policy,
    );
    expect(findingsOf(bucketDeniesInsecureTransport, stacks)).toEqual([
      "storage/aws_s3_bucket.media_bucket: has no bucket policy",
    ]);
  });

  test.each([
    ["Allow effect", { Effect: "Allow" }],
    ["one principal", { Principal: { AWS: "arn:aws:iam::123456789012:root" } }],
    ["only GetObject", { Action: "s3:GetObject" }],
    ["objects only", { Resource: `${ARN}/*` }],
    [
      "true condition",
      { Condition: { Bool: { "aws:SecureTransport": "true" } } },
    ],
    [
      "a negated operator",
      { Condition: { StringNotEquals: { "aws:SecureTransport": "false" } } },
    ],
  ])("deny with %s is a finding", (_case, change) => {
    const stacks = storage((resources) => {
      resources.aws_s3_bucket_policy.media_bucket_policy.policy = policy({
        ...DENY_INSECURE,
        ...change,
      });
    });
    expect(findingsOf(bucketDeniesInsecureTransport, stacks)).toEqual([
      NO_DENY,
    ]);
  });

  test("BoolIfExists operator passes", () => {
    const stacks = storage((resources) => {
      resources.aws_s3_bucket_policy.media_bucket_policy.policy = policy({
        ...DENY_INSECURE,
        Condition: { BoolIfExists: { "aws:SecureTransport": false } },
      });
    });
    expect(findingsOf(bucketDeniesInsecureTransport, stacks)).toEqual([]);
  });

  test("literal bucket ARNs pass", () => {
    const name =
      "demo-media-${data.aws_caller_identity.current.account_id}-us-east-1";
    const stacks = storage((resources) => {
      resources.aws_s3_bucket_policy.media_bucket_policy.policy = policy({
        ...DENY_INSECURE,
        Resource: [
          `arn:\${data.aws_partition.current.partition}:s3:::${name}`,
          `arn:aws:s3:::${name}/*`,
        ],
      });
    });
    expect(findingsOf(bucketDeniesInsecureTransport, stacks)).toEqual([]);
  });

  test("policy document data source passes", () => {
    const stacks = storage((resources) => {
      resources.aws_s3_bucket_policy.media_bucket_policy.policy =
        "${data.aws_iam_policy_document.tls.json}";
    });
    const json = stacks.storage as { data?: unknown };
    Object.assign(json, {
      data: {
        aws_iam_policy_document: {
          tls: {
            statement: [
              {
                effect: "Deny",
                principals: [{ type: "*", identifiers: ["*"] }],
                actions: ["s3:*"],
                resources: [ARN, `${ARN}/*`],
                condition: [
                  {
                    test: "Bool",
                    variable: "aws:SecureTransport",
                    values: ["false"],
                  },
                ],
              },
            ],
          },
        },
      },
    });
    expect(findingsOf(bucketDeniesInsecureTransport, stacks)).toEqual([]);
  });
});

describe("bucket-encrypts-by-default", () => {
  test("missing configuration is a finding", () => {
    const stacks = storage(
      (resources) =>
        delete resources.aws_s3_bucket_server_side_encryption_configuration,
    );
    expect(findingsOf(bucketEncryptsByDefault, stacks)).toEqual([
      "storage/aws_s3_bucket.media_bucket: has no aws_s3_bucket_server_side_encryption_configuration with a default algorithm",
    ]);
  });

  test("unknown algorithm is a finding", () => {
    const stacks = storage((resources) => {
      resources.aws_s3_bucket_server_side_encryption_configuration.media_bucket_encryption.rule =
        [
          {
            apply_server_side_encryption_by_default: { sse_algorithm: "NONE" },
          },
        ];
    });
    expect(findingsOf(bucketEncryptsByDefault, stacks)).toEqual([
      'storage/aws_s3_bucket.media_bucket: default sse_algorithm "NONE" is not one of AES256, aws:kms, aws:kms:dsse',
    ]);
  });

  test("KMS algorithm passes", () => {
    const stacks = storage((resources) => {
      resources.aws_s3_bucket_server_side_encryption_configuration.media_bucket_encryption.rule =
        {
          apply_server_side_encryption_by_default: [
            { sse_algorithm: "aws:kms" },
          ],
        };
    });
    expect(findingsOf(bucketEncryptsByDefault, stacks)).toEqual([]);
  });
});

describe("bucket-enforces-owner-ownership", () => {
  test("missing controls is a finding", () => {
    const stacks = storage(
      (resources) => delete resources.aws_s3_bucket_ownership_controls,
    );
    expect(findingsOf(bucketEnforcesOwnerOwnership, stacks)).toEqual([
      "storage/aws_s3_bucket.media_bucket: has no aws_s3_bucket_ownership_controls",
    ]);
  });

  test("ObjectWriter is a finding", () => {
    const stacks = storage((resources) => {
      resources.aws_s3_bucket_ownership_controls.media_bucket_ownership_controls.rule =
        { object_ownership: "ObjectWriter" };
    });
    expect(findingsOf(bucketEnforcesOwnerOwnership, stacks)).toEqual([
      'storage/aws_s3_bucket_ownership_controls.media_bucket_ownership_controls: rule.object_ownership is "ObjectWriter", not "BucketOwnerEnforced"',
    ]);
  });
});

describe("bucket-expires-live-objects", () => {
  const NO_RULE =
    'storage/aws_s3_bucket.media_bucket: no enabled lifecycle rule expires objects under "live/" within 1 day(s) (storage.liveObjectExpirationDays)';
  const lifecycleRule = (resources: ReturnType<typeof compliantStorage>) =>
    (
      resources.aws_s3_bucket_lifecycle_configuration.media_bucket_lifecycle
        .rule as Record<string, unknown>[]
    )[0];

  test("missing lifecycle is a finding", () => {
    const stacks = storage(
      (resources) => delete resources.aws_s3_bucket_lifecycle_configuration,
    );
    expect(findingsOf(bucketExpiresLiveObjects, stacks)).toEqual([NO_RULE]);
  });

  test.each([
    ["disabled", { status: "Disabled" }],
    ["another prefix", { filter: [{ prefix: "player/" }] }],
    ["tag filter", { filter: [{ tag: [{ key: "a", value: "b" }] }] }],
    ["too many days", { expiration: [{ days: 7 }] }],
    ["no expiration", { expiration: undefined }],
  ])("rule %s is a finding", (_case, change) => {
    const stacks = storage((resources) =>
      Object.assign(lifecycleRule(resources), change),
    );
    expect(findingsOf(bucketExpiresLiveObjects, stacks)).toEqual([NO_RULE]);
  });

  test("longer configured retention passes", () => {
    const stacks = storage((resources) =>
      Object.assign(lifecycleRule(resources), { expiration: [{ days: 7 }] }),
    );
    expect(
      findingsOf(
        bucketExpiresLiveObjects,
        stacks,
        configWith({ storage: { liveObjectExpirationDays: 7 } }),
      ),
    ).toEqual([]);
  });

  test("whole-bucket rule passes", () => {
    const stacks = storage((resources) =>
      Object.assign(lifecycleRule(resources), { filter: [{}] }),
    );
    expect(findingsOf(bucketExpiresLiveObjects, stacks)).toEqual([]);
  });
});
