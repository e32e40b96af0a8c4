import { STORAGE_OUTPUTS } from "../../stacks/contract";
import { block, blocksOfType, synthAll } from "../support/synth";

const storage = synthAll().storage;
const resources = storage.resource;

describe("media bucket", () => {
  test("name from environment, account and region", () => {
    const bucket = block(resources, "aws_s3_bucket", "media_bucket");
    expect(bucket.bucket).toBe(
      "demo-media-${data.aws_caller_identity.current_account.account_id}-us-east-1",
    );
    expect(
      block(storage.data, "aws_caller_identity", "current_account"),
    ).toBeDefined();
  });

  test("name follows environment and region", () => {
    const other = synthAll({
      environment: "events-prod",
      region: "eu-west-1",
    }).storage;
    expect(block(other.resource, "aws_s3_bucket", "media_bucket").bucket).toBe(
      "events-prod-media-${data.aws_caller_identity.current_account.account_id}-eu-west-1",
    );
  });

  test("force_destroy on by default", () => {
    expect(
      block(resources, "aws_s3_bucket", "media_bucket").force_destroy,
    ).toBe(true);
  });

  test("force_destroy follows the config", () => {
    const retained = synthAll({ storage: { forceDestroy: false } }).storage;
    expect(
      block(retained.resource, "aws_s3_bucket", "media_bucket").force_destroy,
    ).toBe(false);
  });

  test("all four public access blocks on", () => {
    const publicAccess = block(
      resources,
      "aws_s3_bucket_public_access_block",
      "media_bucket_public_access_block",
    );
    expect(publicAccess.bucket).toBe("${aws_s3_bucket.media_bucket.id}");
    expect(publicAccess.block_public_acls).toBe(true);
    expect(publicAccess.block_public_policy).toBe(true);
    expect(publicAccess.ignore_public_acls).toBe(true);
    expect(publicAccess.restrict_public_buckets).toBe(true);
  });

  test("ownership enforced, so ACLs are disabled", () => {
    const ownership = block(
      resources,
      "aws_s3_bucket_ownership_controls",
      "media_bucket_ownership_controls",
    );
    expect(ownership.bucket).toBe("${aws_s3_bucket.media_bucket.id}");
    expect(ownership.rule).toEqual({ object_ownership: "BucketOwnerEnforced" });
    expect(resources?.aws_s3_bucket_acl).toBeUndefined();
  });

  test("default encryption is SSE-S3", () => {
    const encryption = block(
      resources,
      "aws_s3_bucket_server_side_encryption_configuration",
      "media_bucket_encryption",
    );
    expect(encryption.bucket).toBe("${aws_s3_bucket.media_bucket.id}");
    expect(encryption.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } },
    ]);
  });

  test("versioning not configured", () => {
    expect(resources?.aws_s3_bucket_versioning).toBeUndefined();
  });

  test("lifecycle expires live output after one day", () => {
    const lifecycle = block(
      resources,
      "aws_s3_bucket_lifecycle_configuration",
      "media_bucket_lifecycle",
    );
    const rules = lifecycle.rule as Record<string, unknown>[];
    expect(lifecycle.bucket).toBe("${aws_s3_bucket.media_bucket.id}");
    expect(rules.find((rule) => rule.id === "expire-live-output")).toEqual({
      id: "expire-live-output",
      status: "Enabled",
      filter: [{ prefix: "live/" }],
      expiration: [{ days: 1 }],
    });
  });

  test("lifecycle never expires vod files", () => {
    const lifecycle = block(
      resources,
      "aws_s3_bucket_lifecycle_configuration",
      "media_bucket_lifecycle",
    );
    const rules = lifecycle.rule as Record<string, unknown>[];
    // An expiration deletes a file and a transition to an archive class makes it unreadable to MediaLive.
    const rulesTouchingVod = rules.filter((rule) => {
      const filter =
        (rule.filter as Record<string, unknown>[] | undefined)?.[0] ?? {};
      const prefix = typeof filter.prefix === "string" ? filter.prefix : "";
      const coversVod = "vod/keynote-day1.mp4".startsWith(prefix);
      const touches =
        rule.expiration !== undefined ||
        rule.noncurrent_version_expiration !== undefined ||
        rule.transition !== undefined;
      return coversVod && touches;
    });
    expect(rulesTouchingVod).toEqual([]);
    // The bucket-wide rule only aborts uploads that never completed.
    const everyObject = rules.filter(
      (rule) => JSON.stringify(rule.filter) === "[{}]",
    );
    expect(everyObject.map((rule) => Object.keys(rule).sort())).toEqual([
      ["abort_incomplete_multipart_upload", "filter", "id", "status"],
    ]);
  });

  test("lifecycle expiry follows the config", () => {
    const weekExpiry = synthAll({
      storage: { liveObjectExpirationDays: 7 },
    }).storage;
    const lifecycle = block(
      weekExpiry.resource,
      "aws_s3_bucket_lifecycle_configuration",
      "media_bucket_lifecycle",
    );
    const rule = (lifecycle.rule as Record<string, unknown>[]).find(
      (candidate) => candidate.id === "expire-live-output",
    );
    expect(rule?.expiration).toEqual([{ days: 7 }]);
  });

  test("lifecycle aborts incomplete uploads bucket-wide", () => {
    const lifecycle = block(
      resources,
      "aws_s3_bucket_lifecycle_configuration",
      "media_bucket_lifecycle",
    );
    const rules = lifecycle.rule as Record<string, unknown>[];
    expect(rules).toHaveLength(2);
    expect(
      rules.find((rule) => rule.id === "abort-incomplete-multipart-uploads"),
    ).toEqual({
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: [{}],
      abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
    });
  });

  test("one bucket in the stack", () => {
    expect(Object.keys(blocksOfType(resources, "aws_s3_bucket"))).toEqual([
      "media_bucket",
    ]);
  });
});

describe("storage stack outputs", () => {
  test("bucket name, ARN, domain and prefixes", () => {
    expect(storage.output).toEqual({
      bucketName: {
        value: "${aws_s3_bucket.media_bucket.bucket}",
        description: "Media bucket name",
        sensitive: false,
      },
      bucketArn: {
        value: "${aws_s3_bucket.media_bucket.arn}",
        description: "Media bucket ARN",
        sensitive: false,
      },
      bucketRegionalDomainName: {
        value: "${aws_s3_bucket.media_bucket.bucket_regional_domain_name}",
        description: "Media bucket regional domain name",
        sensitive: false,
      },
      playerPrefix: {
        value: "player/",
        description: "Key prefix of the player files",
        sensitive: false,
      },
      livePrefix: {
        value: "live/",
        description: "Key prefix of the HLS output",
        sensitive: false,
      },
    });
  });

  test("every declared output published", () => {
    expect(Object.keys(storage.output ?? {}).sort()).toEqual(
      Object.keys(STORAGE_OUTPUTS).sort(),
    );
  });
});
