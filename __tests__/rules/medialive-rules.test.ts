import { medialiveInputInVpc } from "../../stacks/rules/medialive-input-in-vpc";
import { medialiveLogLevelNotDebug } from "../../stacks/rules/medialive-log-level-not-debug";
import { findingsOf, stackJson, stacksOf } from "./fixture";

const SUBNETS =
  "${data.terraform_remote_state.network_state.outputs.privateSubnetIds}";

function input(body: Record<string, unknown>) {
  return stacksOf({
    media: stackJson({
      aws_medialive_input: {
        rtmp_input: { name: "demo-input", type: "RTMP_PUSH", ...body },
      },
    }),
  });
}

describe("medialive-input-in-vpc", () => {
  test.each([
    [
      "remote-state subnets",
      {
        vpc: {
          subnet_ids: SUBNETS,
          security_group_ids: ["${aws_security_group.input.id}"],
        },
      },
    ],
    ["a subnet list", { vpc: [{ subnet_ids: ["subnet-1", "subnet-2"] }] }],
  ])("input with %s passes", (_case, body) => {
    expect(findingsOf(medialiveInputInVpc, input(body))).toEqual([]);
  });

  test("public input is a finding", () => {
    expect(
      findingsOf(
        medialiveInputInVpc,
        input({ input_security_groups: ["1234"] }),
      ),
    ).toEqual(["media/aws_medialive_input.rtmp_input: has no vpc block"]);
  });

  test("empty subnets is a finding", () => {
    expect(
      findingsOf(medialiveInputInVpc, input({ vpc: { subnet_ids: [] } })),
    ).toEqual([
      "media/aws_medialive_input.rtmp_input: vpc.subnet_ids is empty",
    ]);
  });

  test("no input passes", () => {
    expect(findingsOf(medialiveInputInVpc, stacksOf({}))).toEqual([]);
  });
});

describe("medialive-log-level-not-debug", () => {
  const channel = (logLevel?: string) =>
    stacksOf({
      media: stackJson({
        aws_medialive_channel: {
          channel: { name: "demo-channel", log_level: logLevel },
        },
      }),
    });

  test.each(["ERROR", "INFO", "DISABLED", undefined])(
    "log level %s passes",
    (level) => {
      expect(findingsOf(medialiveLogLevelNotDebug, channel(level))).toEqual([]);
    },
  );

  test("DEBUG is a finding", () => {
    expect(findingsOf(medialiveLogLevelNotDebug, channel("DEBUG"))).toEqual([
      'media/aws_medialive_channel.channel: log_level is "DEBUG"',
    ]);
  });
});
