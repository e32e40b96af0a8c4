import type { SynthesizedStacks } from "../synthesize";
import { pointsTo } from "./references";
import { resourcesOfType, type Block } from "./terraform-json";

/**
 * Returns the resources of `type` (in any stack) whose `bucket` attribute
 * names this bucket: by reference to its `id` or `bucket`, or by the same
 * literal name.
 */
export function bucketCompanions(
  stacks: SynthesizedStacks,
  bucket: Block,
  type: string,
): Block[] {
  return resourcesOfType(stacks, type).filter((companion) => {
    const value = companion.body.bucket;
    if (pointsTo(stacks, companion.stack, value, bucket, "id")) return true;
    if (pointsTo(stacks, companion.stack, value, bucket, "bucket")) return true;
    return (
      companion.stack === bucket.stack &&
      typeof value === "string" &&
      value === bucket.body.bucket
    );
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Returns what an ARN in a policy selects of this bucket: `""` for the
 * bucket itself, `"/*"` for every object, another key pattern such as
 * `"/live/*"`, or undefined when it names a different bucket.
 */
export function bucketArnSuffix(
  resource: string,
  bucket: Block,
): string | undefined {
  const arnReference = "${" + bucket.address + ".arn}";
  if (resource.startsWith(arnReference))
    return resource.slice(arnReference.length);
  const names = [
    "${" + bucket.address + ".id}",
    "${" + bucket.address + ".bucket}",
  ];
  if (typeof bucket.body.bucket === "string") names.push(bucket.body.bucket);
  for (const name of names) {
    const match = new RegExp(
      `^arn:(?:aws[a-z-]*|\\$\\{[^}]*\\}):s3:::${escapeRegExp(name)}(.*)$`,
    ).exec(resource);
    if (match) return match[1];
  }
  return undefined;
}
