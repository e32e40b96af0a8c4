import { BUCKET_PREFIXES } from "../naming";
import type { SecurityRule } from "./rule";
import { bucketCompanions } from "./s3-buckets";
import {
  blockList,
  numberValue,
  resourcesOfType,
  singleBlock,
  type JsonObject,
} from "./terraform-json";

/** Returns the key prefix a lifecycle rule applies to; "" means every object. */
function rulePrefix(rule: JsonObject): string | undefined {
  const filter = singleBlock(rule.filter);
  if (filter) {
    const and = singleBlock(filter.and);
    if (and) return typeof and.prefix === "string" ? and.prefix : "";
    if (
      filter.tag !== undefined ||
      filter.object_size_greater_than !== undefined ||
      filter.object_size_less_than !== undefined
    ) {
      // A tag or size filter applies to only some objects under any prefix.
      return undefined;
    }
    return typeof filter.prefix === "string" ? filter.prefix : "";
  }
  return typeof rule.prefix === "string" ? rule.prefix : "";
}

export const bucketExpiresLiveObjects: SecurityRule = {
  id: "PS-S3-005",
  name: "bucket-expires-live-objects",
  what: "Objects under the live prefix of an S3 bucket do not expire within the configured number of days.",
  why: "Segments of past events would stay readable and billed long after the retention the configuration promises.",
  check(stacks, config) {
    const maximumDays = config.storage.liveObjectExpirationDays;
    return resourcesOfType(stacks, "aws_s3_bucket").flatMap((bucket) => {
      const rules = bucketCompanions(
        stacks,
        bucket,
        "aws_s3_bucket_lifecycle_configuration",
      ).flatMap((block) => blockList(block.body.rule));
      const expires = rules.some((rule) => {
        const prefix = rulePrefix(rule);
        const days = numberValue(singleBlock(rule.expiration)?.days);
        return (
          rule.status === "Enabled" &&
          prefix !== undefined &&
          BUCKET_PREFIXES.live.startsWith(prefix) &&
          days !== undefined &&
          days >= 1 &&
          days <= maximumDays
        );
      });
      return expires
        ? []
        : [
            {
              stack: bucket.stack,
              resource: bucket.address,
              detail: `no enabled lifecycle rule expires objects under "${BUCKET_PREFIXES.live}" within ${maximumDays} day(s) (storage.liveObjectExpirationDays)`,
            },
          ];
    });
  },
};
