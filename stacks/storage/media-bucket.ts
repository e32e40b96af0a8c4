import type { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { BUCKET_PREFIXES } from "../naming";
import type { StreamingStack } from "../streaming-stack";

/** Days after which S3 aborts a multipart upload that was never completed. */
export const INCOMPLETE_UPLOAD_ABORT_DAYS = 1;

export interface MediaBucket {
  readonly bucket: S3Bucket;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly ownershipControls: S3BucketOwnershipControls;
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
}

/**
 * Creates the bucket that holds the player under `player/` and the HLS
 * output under `live/`, with every public access path blocked, ACLs
 * disabled, default encryption and a lifecycle that expires live output.
 */
export function createMediaBucket(
  stack: StreamingStack,
  account: DataAwsCallerIdentity,
): MediaBucket {
  const { config, names } = stack;

  const bucket = new S3Bucket(stack, "media_bucket", {
    bucket: names.bucketName(account.accountId),
    forceDestroy: config.storage.forceDestroy,
    tags: { Name: names.resource("media") },
  });

  const publicAccessBlock = new S3BucketPublicAccessBlock(
    stack,
    "media_bucket_public_access_block",
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
  );

  // BucketOwnerEnforced disables ACLs: a write that sets any canned ACL
  // other than bucket-owner-full-control fails. The config schema accepts
  // only that ACL for the MediaLive output for that reason.
  const ownershipControls = new S3BucketOwnershipControls(
    stack,
    "media_bucket_ownership_controls",
    {
      bucket: bucket.id,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    },
  );

  // SSE-S3 rather than SSE-KMS: MediaLive writes a segment per rendition
  // every few seconds and every viewer reads them, so a KMS key would add a
  // KMS request to each of those and require key grants for both roles.
  const encryption = new S3BucketServerSideEncryptionConfigurationA(
    stack,
    "media_bucket_encryption",
    {
      bucket: bucket.id,
      rule: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      ],
    },
  );

  new S3BucketLifecycleConfiguration(stack, "media_bucket_lifecycle", {
    bucket: bucket.id,
    rule: [
      {
        id: "expire-live-output",
        status: "Enabled",
        filter: [{ prefix: BUCKET_PREFIXES.live }],
        expiration: [{ days: config.storage.liveObjectExpirationDays }],
      },
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        // An empty filter selects every object in the bucket.
        filter: [{}],
        abortIncompleteMultipartUpload: [
          { daysAfterInitiation: INCOMPLETE_UPLOAD_ABORT_DAYS },
        ],
      },
    ],
  });

  return { bucket, publicAccessBlock, ownershipControls, encryption };
}
