import type { SecurityRule } from "./rule";
import { bucketCompanions } from "./s3-buckets";
import { booleanValue, resourcesOfType } from "./terraform-json";

const SETTINGS = [
  "block_public_acls",
  "block_public_policy",
  "ignore_public_acls",
  "restrict_public_buckets",
];

export const bucketBlocksPublicAccess: SecurityRule = {
  id: "PS-S3-001",
  name: "bucket-blocks-public-access",
  what: "An S3 bucket does not block all four kinds of public access.",
  why: "A single public ACL or policy statement would publish the stream and the player to the internet.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_s3_bucket").flatMap((bucket) => {
      const blocks = bucketCompanions(
        stacks,
        bucket,
        "aws_s3_bucket_public_access_block",
      );
      if (blocks.length === 0) {
        return [
          {
            stack: bucket.stack,
            resource: bucket.address,
            detail: "has no aws_s3_bucket_public_access_block",
          },
        ];
      }
      return blocks.flatMap((block) => {
        const off = SETTINGS.filter(
          (setting) => booleanValue(block.body[setting]) !== true,
        );
        return off.length === 0
          ? []
          : [
              {
                stack: block.stack,
                resource: block.address,
                detail: `${off.join(", ")} not set to true`,
              },
            ];
      });
    });
  },
};
