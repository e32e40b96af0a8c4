import { parseConfig } from "../../stacks/config/load";
import { partitionOfRegion } from "../../stacks/config/storage-rules";
import { problemsOf } from "../support/config-problems";

describe("storage config rules", () => {
  test.each([
    [
      "canned ACL other than owner full control",
      { media: { s3CannedAcl: "PUBLIC_READ" } },
      'media.s3CannedAcl: received "PUBLIC_READ"; must be "BUCKET_OWNER_FULL_CONTROL", the only ACL a bucket that enforces owner ownership accepts. Fix: set it to that value or remove media.s3CannedAcl',
    ],
    [
      "canned ACL bucket-owner-read",
      { media: { s3CannedAcl: "BUCKET_OWNER_READ" } },
      'media.s3CannedAcl: received "BUCKET_OWNER_READ"; must be "BUCKET_OWNER_FULL_CONTROL", the only ACL a bucket that enforces owner ownership accepts. Fix: set it to that value or remove media.s3CannedAcl',
    ],
    [
      "bucket name too long",
      {
        environment: "a-very-long-env-name",
        region: "us-isob-verylongregionname-1",
      },
      'environment: received "a-very-long-env-name"; makes the media bucket name 68 characters long in region us-isob-verylongregionname-1, over the 63 that S3 allows. Fix: shorten environment to at most 15 characters',
    ],
    [
      "reserved bucket prefix",
      { environment: "sthree" },
      'environment: received "sthree"; makes the media bucket name start with "sthree-", a prefix S3 reserves. Fix: choose an environment name that does not start with it',
    ],
    [
      "reserved demo prefix",
      { environment: "amzn-s3-demo" },
      'environment: received "amzn-s3-demo"; makes the media bucket name start with "amzn-s3-demo-", a prefix S3 reserves. Fix: choose an environment name that does not start with it',
    ],
    [
      "duplicate admin principal",
      {
        storage: {
          adminPrincipalArns: [
            "arn:aws:iam::123456789012:role/Admin",
            "arn:aws:iam::123456789012:role/Admin",
          ],
        },
      },
      'storage.adminPrincipalArns[1]: received "arn:aws:iam::123456789012:role/Admin"; duplicates storage.adminPrincipalArns[0]. Fix: list each principal once',
    ],
    [
      "admin principal in another partition",
      {
        region: "cn-north-1",
        storage: {
          adminPrincipalArns: ["arn:aws:iam::123456789012:role/Admin"],
        },
      },
      'storage.adminPrincipalArns[0]: received "arn:aws:iam::123456789012:role/Admin"; is in partition aws, but region cn-north-1 is in partition aws-cn, so the bucket policy would never match it. Fix: use an ARN that starts with "arn:aws-cn:iam::"',
    ],
    [
      "admin principal is the MediaLive role",
      {
        storage: {
          adminPrincipalArns: ["arn:aws:iam::123456789012:role/demo-medialive"],
        },
      },
      'storage.adminPrincipalArns[0]: received "arn:aws:iam::123456789012:role/demo-medialive"; names the demo-medialive role that the media stack creates, which would give that service role full access to the bucket. Fix: list only human or pipeline principals that administer the bucket',
    ],
    [
      "admin principal is the API Gateway role",
      {
        environment: "events",
        storage: {
          adminPrincipalArns: [
            "arn:aws:iam::123456789012:role/events-apigateway-s3",
          ],
        },
      },
      'storage.adminPrincipalArns[0]: received "arn:aws:iam::123456789012:role/events-apigateway-s3"; names the events-apigateway-s3 role that the media stack creates, which would give that service role full access to the bucket. Fix: list only human or pipeline principals that administer the bucket',
    ],
  ])("rejects %s", (_title, raw, message) => {
    expect(problemsOf(raw)).toEqual([message]);
  });

  test("every storage problem reported at once", () => {
    const problems = problemsOf({
      environment: "sthree",
      storage: {
        adminPrincipalArns: [
          "arn:aws-cn:iam::123456789012:role/Admin",
          "arn:aws:iam::123456789012:role/sthree-medialive",
        ],
      },
    });
    expect(
      problems.map((problem) => problem.slice(0, problem.indexOf(":"))),
    ).toEqual([
      "environment",
      "storage.adminPrincipalArns[0]",
      "storage.adminPrincipalArns[1]",
    ]);
  });

  test.each([
    [{}],
    [{ media: { s3CannedAcl: "BUCKET_OWNER_FULL_CONTROL" } }],
    [
      {
        storage: {
          adminPrincipalArns: [
            "arn:aws:iam::123456789012:root",
            "arn:aws:iam::123456789012:user/ops",
          ],
        },
      },
    ],
    [
      {
        region: "us-gov-west-1",
        storage: {
          adminPrincipalArns: ["arn:aws-us-gov:iam::123456789012:role/Admin"],
        },
      },
    ],
    [
      {
        storage: {
          adminPrincipalArns: [
            "arn:aws:iam::123456789012:role/team/demo-medialive",
          ],
        },
      },
    ],
    [{ environment: "a-very-long-env-name", region: "ap-southeast-1" }],
  ])("accepts %j", (raw) => {
    expect(() => parseConfig(raw, "test.json")).not.toThrow();
  });

  test.each([
    ["us-east-1", "aws"],
    ["eu-central-2", "aws"],
    ["cn-northwest-1", "aws-cn"],
    ["us-gov-east-1", "aws-us-gov"],
    ["us-iso-east-1", "aws-iso"],
    ["us-isob-east-1", "aws-iso-b"],
    ["eu-isoe-west-1", "aws-iso-e"],
  ])("partition of %s is %s", (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });
});
