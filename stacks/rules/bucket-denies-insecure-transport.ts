import {
  conditionsOn,
  includesAnyone,
  readPolicy,
  type Statement,
} from "./policy-documents";
import type { Finding, SecurityRule } from "./rule";
import { bucketArnSuffix, bucketCompanions } from "./s3-buckets";
import { resourcesOfType, type Block } from "./terraform-json";

function deniesInsecureTransport(statement: Statement, bucket: Block): boolean {
  if (statement.effect !== "Deny" || !includesAnyone(statement.principals))
    return false;
  if (
    !statement.actions.some(
      (action) => action === "*" || action.toLowerCase() === "s3:*",
    )
  )
    return false;
  const suffixes = statement.resources.map((resource) =>
    resource === "*" ? "*" : bucketArnSuffix(resource, bucket),
  );
  const coversBucket = suffixes.includes("*") || suffixes.includes("");
  const coversObjects = suffixes.includes("*") || suffixes.includes("/*");
  // BoolIfExists also denies requests that lack the key, which only widens the deny.
  const insecure = conditionsOn(statement, ["aws:SecureTransport"]).some(
    (entry) =>
      (entry.operator === "Bool" || entry.operator === "BoolIfExists") &&
      entry.values.length > 0 &&
      entry.values.every((value) => String(value) === "false"),
  );
  return coversBucket && coversObjects && insecure;
}

export const bucketDeniesInsecureTransport: SecurityRule = {
  id: "PS-S3-002",
  name: "bucket-denies-insecure-transport",
  what: "An S3 bucket policy does not deny requests made without TLS.",
  why: "Without the deny, a misconfigured client can read or write stream segments over plain HTTP.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_s3_bucket").flatMap(
      (bucket): Finding[] => {
        const policies: Array<{ block: Block; value: unknown }> =
          bucketCompanions(stacks, bucket, "aws_s3_bucket_policy").map(
            (block) => ({ block, value: block.body.policy }),
          );
        if (bucket.body.policy !== undefined)
          policies.push({ block: bucket, value: bucket.body.policy });
        const denies = policies.some(({ block, value }) => {
          const read = readPolicy(stacks, block.stack, value);
          return (
            "statements" in read &&
            read.statements.some((statement) =>
              deniesInsecureTransport(statement, bucket),
            )
          );
        });
        if (denies) return [];
        const detail =
          policies.length === 0
            ? "has no bucket policy"
            : 'no policy statement denies "s3:*" on the bucket and its objects to every principal when aws:SecureTransport is false';
        return [{ stack: bucket.stack, resource: bucket.address, detail }];
      },
    );
  },
};
