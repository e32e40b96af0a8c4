import {
  denyingStatements,
  type PolicyRequest,
  type Statement,
} from "../support/policy-evaluator";
import { block, parsePolicy, synthAll } from "../support/synth";

const ADMIN_ARN = "arn:aws:iam::123456789012:role/StreamingAdmin";
const BUCKET = "${aws_s3_bucket.media_bucket.arn}";
const DEPLOYER = "${data.aws_iam_session_context.deployer.issuer_arn}";
const ACCOUNT_ROLE =
  "arn:${data.aws_partition.current_partition.partition}:iam::${data.aws_caller_identity.current_account.account_id}:role/";
const MEDIALIVE_ROLE = `${ACCOUNT_ROLE}demo-medialive`;
const API_GATEWAY_ROLE = `${ACCOUNT_ROLE}demo-apigateway-s3`;
const OTHER_PRINCIPAL = `${ACCOUNT_ROLE}SomeoneElse`;

const PLAYER_OBJECT = `${BUCKET}/player/index.html`;
const LIVE_OBJECT = `${BUCKET}/live/demo-channel/index_720p_00042.ts`;
const VOD_OBJECT = `${BUCKET}/vod/keynote-day1.mp4`;

const storage = synthAll({
  storage: { adminPrincipalArns: [ADMIN_ARN] },
}).storage;
const policyBlock = block(
  storage.resource,
  "aws_s3_bucket_policy",
  "media_bucket_policy",
);
const statements = parsePolicy(policyBlock.policy).Statement as Statement[];

function statement(sid: string): Statement {
  const found = statements.find((candidate) => candidate.Sid === sid);
  if (!found) throw new Error(`no statement ${sid}`);
  return found;
}

function deniedBy(
  principalArn: string,
  action: string,
  resource: string,
  secureTransport = true,
): string[] {
  const request: PolicyRequest = {
    principalArn,
    action,
    resource,
    secureTransport,
  };
  return denyingStatements(statements, request);
}

describe("bucket policy: statements", () => {
  test("applied after the public access block", () => {
    expect(policyBlock.bucket).toBe("${aws_s3_bucket.media_bucket.id}");
    expect(policyBlock.depends_on).toEqual([
      "aws_s3_bucket_public_access_block.media_bucket_public_access_block",
    ]);
  });

  test("only Deny statements, in a fixed order", () => {
    expect(statements.map((candidate) => candidate.Sid)).toEqual([
      "DenyInsecureTransport",
      "DenyLiveWritesExceptMediaLive",
      "DenyPlayerWritesExceptAdministrators",
      "DenyReadsExceptApiGateway",
      "DenyVodWritesExceptAdministrators",
      "DenyVodReadsExceptMediaLive",
    ]);
    for (const candidate of statements) {
      expect(candidate.Effect).toBe("Deny");
      expect(candidate.Principal).toBe("*");
    }
  });

  test("requests without TLS denied", () => {
    expect(statement("DenyInsecureTransport")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [BUCKET, `${BUCKET}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  test("live writes limited to MediaLive and administrators", () => {
    const live = statement("DenyLiveWritesExceptMediaLive");
    expect(live.Resource).toBe(`${BUCKET}/live/*`);
    expect(live.Action).toEqual([
      "s3:PutObject*",
      "s3:DeleteObject*",
      "s3:AbortMultipartUpload",
      "s3:RestoreObject",
      "s3:Replicate*",
    ]);
    expect(live.Condition).toEqual({
      ArnNotEquals: {
        "aws:PrincipalArn": [MEDIALIVE_ROLE, DEPLOYER, ADMIN_ARN],
      },
    });
  });

  test("player writes limited to administrators", () => {
    const player = statement("DenyPlayerWritesExceptAdministrators");
    expect(player.Resource).toBe(`${BUCKET}/player/*`);
    expect(player.Condition).toEqual({
      ArnNotEquals: { "aws:PrincipalArn": [DEPLOYER, ADMIN_ARN] },
    });
  });

  test("reads limited to API Gateway and administrators", () => {
    const reads = statement("DenyReadsExceptApiGateway");
    expect(reads.Action).toEqual(["s3:GetObject*"]);
    expect(reads.Resource).toEqual([`${BUCKET}/player/*`, `${BUCKET}/live/*`]);
    expect(reads.Condition).toEqual({
      ArnNotEquals: {
        "aws:PrincipalArn": [API_GATEWAY_ROLE, DEPLOYER, ADMIN_ARN],
      },
    });
  });

  test("deployer resolved through the session context", () => {
    const deployer = block(storage.data, "aws_iam_session_context", "deployer");
    expect(deployer.arn).toBe(
      "${data.aws_caller_identity.current_account.arn}",
    );
    expect(
      block(storage.data, "aws_partition", "current_partition"),
    ).toBeDefined();
  });

  test("role names follow the environment", () => {
    const other = synthAll({ environment: "events-prod" }).storage;
    const policy = parsePolicy(
      block(other.resource, "aws_s3_bucket_policy", "media_bucket_policy")
        .policy,
    );
    const principals = policy.Statement.flatMap((candidate) => {
      const condition = candidate.Condition as
        | { ArnNotEquals?: Record<string, string[]> }
        | undefined;
      return condition?.ArnNotEquals?.["aws:PrincipalArn"] ?? [];
    });
    expect(principals).toContain(`${ACCOUNT_ROLE}events-prod-medialive`);
    expect(principals).toContain(`${ACCOUNT_ROLE}events-prod-apigateway-s3`);
  });

  test("without admins only the deployer is exempt", () => {
    const plain = synthAll().storage;
    const policy = parsePolicy(
      block(plain.resource, "aws_s3_bucket_policy", "media_bucket_policy")
        .policy,
    );
    const player = policy.Statement.find(
      (candidate) => candidate.Sid === "DenyPlayerWritesExceptAdministrators",
    );
    expect(player?.Condition).toEqual({
      ArnNotEquals: { "aws:PrincipalArn": [DEPLOYER] },
    });
  });
});

describe("bucket policy: deployer is never locked out", () => {
  const bucketActions = [
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:GetBucketPolicy",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketOwnershipControls",
    "s3:PutEncryptionConfiguration",
    "s3:PutLifecycleConfiguration",
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:DeleteBucket",
  ];
  const objectActions = [
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:GetObjectTagging",
  ];
  const objects = [
    PLAYER_OBJECT,
    LIVE_OBJECT,
    VOD_OBJECT,
    `${BUCKET}/other/file.txt`,
  ];
  const cases: [string, string][] = [
    ...bucketActions.map((action): [string, string] => [action, BUCKET]),
    ...objectActions.flatMap((action) =>
      objects.map((resource): [string, string] => [action, resource]),
    ),
  ];

  test.each(cases)("deployer: %s on %s", (action, resource) => {
    expect(deniedBy(DEPLOYER, action, resource)).toEqual([]);
  });

  test.each(cases)("admin: %s on %s", (action, resource) => {
    expect(deniedBy(ADMIN_ARN, action, resource)).toEqual([]);
  });

  test("deployer still needs TLS", () => {
    expect(deniedBy(DEPLOYER, "s3:PutBucketPolicy", BUCKET, false)).toEqual([
      "DenyInsecureTransport",
    ]);
  });
});

describe("bucket policy: service roles and others", () => {
  test.each([
    [
      "MediaLive writes live output",
      MEDIALIVE_ROLE,
      "s3:PutObject",
      LIVE_OBJECT,
      [],
    ],
    [
      "MediaLive deletes live output",
      MEDIALIVE_ROLE,
      "s3:DeleteObject",
      LIVE_OBJECT,
      [],
    ],
    [
      "MediaLive cannot write the player",
      MEDIALIVE_ROLE,
      "s3:PutObject",
      PLAYER_OBJECT,
      ["DenyPlayerWritesExceptAdministrators"],
    ],
    [
      "MediaLive cannot read live output",
      MEDIALIVE_ROLE,
      "s3:GetObject",
      LIVE_OBJECT,
      ["DenyReadsExceptApiGateway"],
    ],
    [
      "API Gateway reads the player",
      API_GATEWAY_ROLE,
      "s3:GetObject",
      PLAYER_OBJECT,
      [],
    ],
    [
      "API Gateway reads live output",
      API_GATEWAY_ROLE,
      "s3:GetObject",
      LIVE_OBJECT,
      [],
    ],
    [
      "API Gateway cannot write live output",
      API_GATEWAY_ROLE,
      "s3:PutObject",
      LIVE_OBJECT,
      ["DenyLiveWritesExceptMediaLive"],
    ],
    [
      "API Gateway cannot delete the player",
      API_GATEWAY_ROLE,
      "s3:DeleteObject",
      PLAYER_OBJECT,
      ["DenyPlayerWritesExceptAdministrators"],
    ],
    [
      "others cannot read the player",
      OTHER_PRINCIPAL,
      "s3:GetObject",
      PLAYER_OBJECT,
      ["DenyReadsExceptApiGateway"],
    ],
    [
      "others cannot read object tags",
      OTHER_PRINCIPAL,
      "s3:GetObjectTagging",
      LIVE_OBJECT,
      ["DenyReadsExceptApiGateway"],
    ],
    [
      "others cannot write live output",
      OTHER_PRINCIPAL,
      "s3:PutObject",
      LIVE_OBJECT,
      ["DenyLiveWritesExceptMediaLive"],
    ],
    [
      "others cannot tag live output",
      OTHER_PRINCIPAL,
      "s3:PutObjectTagging",
      LIVE_OBJECT,
      ["DenyLiveWritesExceptMediaLive"],
    ],
    [
      "others cannot abort live uploads",
      OTHER_PRINCIPAL,
      "s3:AbortMultipartUpload",
      LIVE_OBJECT,
      ["DenyLiveWritesExceptMediaLive"],
    ],
    [
      "others cannot delete the player",
      OTHER_PRINCIPAL,
      "s3:DeleteObjectVersion",
      PLAYER_OBJECT,
      ["DenyPlayerWritesExceptAdministrators"],
    ],
    [
      "MediaLive reads a file input",
      MEDIALIVE_ROLE,
      "s3:GetObject",
      VOD_OBJECT,
      [],
    ],
    [
      "MediaLive cannot overwrite a file input",
      MEDIALIVE_ROLE,
      "s3:PutObject",
      VOD_OBJECT,
      ["DenyVodWritesExceptAdministrators"],
    ],
    [
      "API Gateway cannot read a file input",
      API_GATEWAY_ROLE,
      "s3:GetObject",
      VOD_OBJECT,
      ["DenyVodReadsExceptMediaLive"],
    ],
    [
      "others cannot read a file input",
      OTHER_PRINCIPAL,
      "s3:GetObject",
      VOD_OBJECT,
      ["DenyVodReadsExceptMediaLive"],
    ],
    [
      "others cannot upload a file input",
      OTHER_PRINCIPAL,
      "s3:PutObject",
      VOD_OBJECT,
      ["DenyVodWritesExceptAdministrators"],
    ],
    [
      "others cannot delete a file input",
      OTHER_PRINCIPAL,
      "s3:DeleteObject",
      VOD_OBJECT,
      ["DenyVodWritesExceptAdministrators"],
    ],
  ])("%s", (_title, principal, action, resource, expected) => {
    expect(deniedBy(principal, action, resource)).toEqual(expected);
  });

  test("role with a similar name not exempt", () => {
    expect(
      deniedBy(`${MEDIALIVE_ROLE}-copy`, "s3:PutObject", LIVE_OBJECT),
    ).toEqual(["DenyLiveWritesExceptMediaLive"]);
  });
});
