import {
  denyingStatements,
  statementApplies,
  type Statement,
} from "../support/policy-evaluator";
import { block, parsePolicy, synthAll } from "../support/synth";

const BUCKET = "${aws_s3_bucket.media_bucket.arn}";
const ACCOUNT = "${data.aws_caller_identity.current_account.account_id}";
const storage = synthAll().storage;
const endpointPolicy = block(
  storage.resource,
  "aws_vpc_endpoint_policy",
  "s3_gateway_endpoint_policy",
);
const statements = parsePolicy(endpointPolicy.policy).Statement as Statement[];

/** Tells whether the endpoint policy lets a request from inside the VPC through. */
function allowed(
  action: string,
  resource: string,
  principalAccount = ACCOUNT,
): boolean {
  const principalArn = `arn:aws:iam::${principalAccount}:role/AnyRole`;
  const request = {
    principalArn,
    principalAccount,
    action,
    resource,
    secureTransport: true,
  };
  const allows = statements.some(
    (candidate) =>
      candidate.Effect === "Allow" && statementApplies(candidate, request),
  );
  return allows && denyingStatements(statements, request).length === 0;
}

describe("S3 gateway endpoint policy", () => {
  test("attached to the network stack's endpoint", () => {
    expect(endpointPolicy.vpc_endpoint_id).toBe(
      "${data.terraform_remote_state.network_state.outputs.s3GatewayEndpointId}",
    );
  });

  test("one explicit Allow for the media bucket", () => {
    expect(statements).toHaveLength(1);
    const [allowMedia] = statements;
    expect(allowMedia.Sid).toBe("AllowMediaBucketOnly");
    expect(allowMedia.Effect).toBe("Allow");
    expect(allowMedia.Principal).toBe("*");
    expect(allowMedia.Resource).toEqual([BUCKET, `${BUCKET}/*`]);
    expect(allowMedia.Condition).toEqual({
      StringEquals: { "aws:PrincipalAccount": ACCOUNT },
    });
  });

  test.each([
    ["s3:GetObject", `${BUCKET}/live/demo-channel/index.m3u8`],
    ["s3:PutObject", `${BUCKET}/live/demo-channel/index.m3u8`],
    ["s3:PutObjectAcl", `${BUCKET}/live/demo-channel/index_1080p_00001.ts`],
    [
      "s3:AbortMultipartUpload",
      `${BUCKET}/live/demo-channel/index_1080p_00001.ts`,
    ],
    ["s3:DeleteObject", `${BUCKET}/player/index.html`],
    ["s3:ListBucket", BUCKET],
    ["s3:GetBucketLocation", BUCKET],
  ])("allows %s on %s", (action, resource) => {
    expect(allowed(action, resource)).toBe(true);
  });

  test.each([
    ["s3:GetObject", "arn:aws:s3:::another-bucket/key"],
    ["s3:PutObject", "arn:aws:s3:::another-bucket/key"],
    ["s3:ListBucket", "arn:aws:s3:::another-bucket"],
    [
      "s3:GetObject",
      "arn:aws:s3:::al2023-repos-us-east-1-de612dc2/core/mirrors/latest",
    ],
    ["s3:PutBucketPolicy", BUCKET],
    ["s3:DeleteBucket", BUCKET],
    ["s3:PutLifecycleConfiguration", BUCKET],
  ])("blocks %s on %s", (action, resource) => {
    expect(allowed(action, resource)).toBe(false);
  });

  test("blocks principals of other accounts", () => {
    expect(
      allowed("s3:GetObject", `${BUCKET}/player/index.html`, "210987654321"),
    ).toBe(false);
  });
});
