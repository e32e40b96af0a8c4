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

  const fileInput = (type: string, urls: string[]) =>
    input({
      type,
      sources: urls.map((url) => ({ url, username: "", password_param: "" })),
    });

  test.each([
    ["MP4_FILE", ["s3ssl://bucket/vod/keynote.mp4"]],
    ["TS_FILE", ["s3ssl://bucket/vod/a.ts", "s3ssl://bucket/vod/b.ts"]],
  ])("%s read from S3 over TLS passes", (type, urls) => {
    expect(findingsOf(medialiveInputInVpc, fileInput(type, urls))).toEqual([]);
  });

  test.each([
    [
      "MP4_FILE",
      ["s3://bucket/vod/keynote.mp4"],
      'sources[0].url "s3://bucket/vod/keynote.mp4" is not an s3ssl:// URL',
    ],
    [
      "MP4_FILE",
      ["s3ssl://bucket/vod/a.mp4", "https://example.com/b.mp4"],
      'sources[1].url "https://example.com/b.mp4" is not an s3ssl:// URL',
    ],
    ["MP4_FILE", [], "has no sources"],
  ])("%s from %j is a finding", (type, urls, detail) => {
    expect(findingsOf(medialiveInputInVpc, fileInput(type, urls))).toEqual([
      `media/aws_medialive_input.rtmp_input: ${detail}`,
    ]);
  });

  test("URL pull input without VPC is a finding", () => {
    expect(
      findingsOf(
        medialiveInputInVpc,
        input({
          type: "URL_PULL",
          sources: [{ url: "s3ssl://bucket/x.m3u8" }],
        }),
      ),
    ).toEqual(["media/aws_medialive_input.rtmp_input: has no vpc block"]);
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
