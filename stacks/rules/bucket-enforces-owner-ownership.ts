import type { SecurityRule } from "./rule";
import { bucketCompanions } from "./s3-buckets";
import { blockList, resourcesOfType, show } from "./terraform-json";

export const bucketEnforcesOwnerOwnership: SecurityRule = {
  id: "PS-S3-004",
  name: "bucket-enforces-owner-ownership",
  what: 'An S3 bucket does not enforce object ownership "BucketOwnerEnforced".',
  why: "With ACLs disabled, only the bucket policy grants access, and no writer can keep an object the bucket owner cannot control.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_s3_bucket").flatMap((bucket) => {
      const controls = bucketCompanions(
        stacks,
        bucket,
        "aws_s3_bucket_ownership_controls",
      );
      if (controls.length === 0) {
        return [
          {
            stack: bucket.stack,
            resource: bucket.address,
            detail: "has no aws_s3_bucket_ownership_controls",
          },
        ];
      }
      return controls.flatMap((block) => {
        const ownership = blockList(block.body.rule).map(
          (rule) => rule.object_ownership,
        );
        return ownership.length > 0 &&
          ownership.every((value) => value === "BucketOwnerEnforced")
          ? []
          : [
              {
                stack: block.stack,
                resource: block.address,
                detail: `rule.object_ownership is ${
                  ownership.map(show).join(", ") || "missing"
                }, not "BucketOwnerEnforced"`,
              },
            ];
      });
    });
  },
};
