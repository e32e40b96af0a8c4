import type { SecurityRule } from "./rule";
import { bucketCompanions } from "./s3-buckets";
import {
  blockList,
  resourcesOfType,
  show,
  singleBlock,
  type JsonObject,
} from "./terraform-json";

const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];

function defaultAlgorithms(configuration: JsonObject): unknown[] {
  return blockList(configuration.rule).map(
    (rule) =>
      singleBlock(rule.apply_server_side_encryption_by_default)?.sse_algorithm,
  );
}

export const bucketEncryptsByDefault: SecurityRule = {
  id: "PS-S3-003",
  name: "bucket-encrypts-by-default",
  what: "An S3 bucket has no default server-side encryption.",
  why: "An explicit default keeps every object encrypted at rest and shows the algorithm in the plan for review.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_s3_bucket").flatMap((bucket) => {
      const configurations = bucketCompanions(
        stacks,
        bucket,
        "aws_s3_bucket_server_side_encryption_configuration",
      );
      const inline = blockList(
        bucket.body.server_side_encryption_configuration,
      );
      const algorithms = [
        ...configurations.map((block) => block.body),
        ...inline,
      ].flatMap(defaultAlgorithms);
      if (algorithms.length === 0) {
        return [
          {
            stack: bucket.stack,
            resource: bucket.address,
            detail:
              "has no aws_s3_bucket_server_side_encryption_configuration with a default algorithm",
          },
        ];
      }
      const unknown = algorithms.filter(
        (algorithm) => !ALGORITHMS.includes(String(algorithm)),
      );
      return unknown.length === 0
        ? []
        : [
            {
              stack: bucket.stack,
              resource: bucket.address,
              detail: `default sse_algorithm ${unknown
                .map(show)
                .join(", ")} is not one of ${ALGORITHMS.join(", ")}`,
            },
          ];
    });
  },
};
