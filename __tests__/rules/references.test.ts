import {
  interpolations,
  refersTo,
  remoteStateProducer,
  resolveRemote,
} from "../../stacks/rules/references";
import { stackJson, stacksOf } from "./fixture";

describe("interpolations", () => {
  test("nested braces and quotes", () => {
    expect(
      interpolations('a ${replace(x.y, "}", "")} b ${jsonencode({a = 1})}'),
    ).toEqual(['replace(x.y, "}", "")', "jsonencode({a = 1})"]);
  });

  test("unterminated expression is ignored", () => {
    expect(interpolations("${aws_vpc.vpc.id")).toEqual([]);
  });
});

describe("refersTo", () => {
  test.each([
    ["${aws_vpc.vpc.id}", "aws_vpc.vpc", "id", true],
    ["${aws_vpc.vpc.cidr_block}", "aws_vpc.vpc", "id", false],
    ["${aws_vpc.vpc_2.id}", "aws_vpc.vpc", undefined, false],
    ["${data.aws_vpc.vpc.id}", "aws_vpc.vpc", undefined, false],
    ["aws_vpc.vpc.id", "aws_vpc.vpc", undefined, false],
    ["${element(aws_subnet.a[*].id, 0)}", "aws_subnet.a", undefined, true],
  ])("%s refers to %s.%s: %s", (value, address, attribute, expected) => {
    expect(refersTo(value, address, attribute)).toBe(expected);
  });
});

describe("remote state", () => {
  const s3State = {
    terraform_remote_state: {
      network_state: {
        backend: "s3",
        config: {
          bucket: "state",
          key: "protected-streaming/demo/network.tfstate",
          region: "us-east-1",
        },
      },
    },
  };

  test("producer from an S3 key", () => {
    expect(
      remoteStateProducer(
        stacksOf({ media: stackJson({}, { data: s3State }) }),
        "media",
        "network_state",
      ),
    ).toBe("network");
  });

  test("output resolves to its value", () => {
    const stacks = stacksOf({
      network: stackJson(
        {},
        { output: { vpcId: { value: "${aws_vpc.vpc.id}" } } },
      ),
      media: stackJson({}, { data: s3State }),
    });
    expect(
      resolveRemote(
        stacks,
        "media",
        "${data.terraform_remote_state.network_state.outputs.vpcId}",
      ),
    ).toEqual({
      stack: "network",
      value: "${aws_vpc.vpc.id}",
    });
  });

  test("unknown output stays as written", () => {
    const stacks = stacksOf({ media: stackJson({}, { data: s3State }) });
    const value =
      "${data.terraform_remote_state.network_state.outputs.missing}";
    expect(resolveRemote(stacks, "media", value)).toEqual({
      stack: "media",
      value,
    });
  });
});
