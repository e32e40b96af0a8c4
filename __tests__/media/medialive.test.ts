import type { TerraformJson } from "../../stacks/synthesize";
import { block, blocksOfType, parsePolicy, synthAll } from "../support/synth";

type Json = Record<string, any>;

const INPUT_SUBNETS =
  "${slice(data.terraform_remote_state.network_state.outputs.privateSubnetIds, 0, 2)}";
const INPUT_ZONES =
  "slice(data.terraform_remote_state.network_state.outputs.availabilityZones, 0, 2)";
const BUCKET =
  "${data.terraform_remote_state.storage_state.outputs.bucketName}";
const BUCKET_ARN =
  "${data.terraform_remote_state.storage_state.outputs.bucketArn}";
const ACCOUNT = "${data.aws_caller_identity.current_account.account_id}";

const channelOf = (media: TerraformJson): Json =>
  block(media.resource, "aws_medialive_channel", "channel");
const inputOf = (media: TerraformJson): Json =>
  block(media.resource, "aws_medialive_input", "rtmp_input");
const h264Of = (channel: Json): Json[] =>
  channel.encoder_settings.video_descriptions.map(
    (video: Json) => video.codec_settings.h264_settings,
  );
const hlsGroupOf = (channel: Json): Json =>
  channel.encoder_settings.output_groups[0].output_group_settings
    .hls_group_settings;

/** Lists the paths of empty objects, and of lists holding one, anywhere in a value. */
function emptyBlocks(value: unknown, path = ""): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) =>
      emptyBlocks(item, `${path}[${index}]`),
    );
  if (value === null || typeof value !== "object") return [];
  const entries = Object.entries(value);
  if (entries.length === 0) return [path];
  return entries.flatMap(([key, item]) =>
    emptyBlocks(item, path === "" ? key : `${path}.${key}`),
  );
}

const FIVE_RENDITIONS = [
  {
    name: "1080p",
    width: 1920,
    height: 1080,
    videoBitrate: 5_000_000,
    audioBitrate: 128_000,
  },
  {
    name: "720p",
    width: 1280,
    height: 720,
    videoBitrate: 3_000_000,
    audioBitrate: 128_000,
  },
  {
    name: "540p",
    width: 960,
    height: 540,
    videoBitrate: 2_000_000,
    audioBitrate: 96_000,
  },
  {
    name: "360p",
    width: 640,
    height: 360,
    videoBitrate: 800_000,
    audioBitrate: 96_000,
  },
  {
    name: "234p",
    width: 416,
    height: 234,
    videoBitrate: 300_000,
    audioBitrate: 64_000,
  },
];

describe("MediaLive with defaults", () => {
  let media: TerraformJson;
  beforeAll(() => {
    media = synthAll({}).media;
  });

  test("role trusts MediaLive in this account", () => {
    const role = block(media.resource, "aws_iam_role", "medialive_role");
    expect(role.name).toBe("demo-medialive");
    const [statement] = parsePolicy(role.assume_role_policy).Statement;
    expect(statement.Principal).toEqual({ Service: "medialive.amazonaws.com" });
    expect(statement.Action).toBe("sts:AssumeRole");
    expect(statement.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
    });
  });

  test("role writes only under the live prefix", () => {
    const policy = parsePolicy(
      block(media.resource, "aws_iam_role_policy", "medialive_role_policy")
        .policy,
    );
    const s3 = policy.Statement.filter((statement) =>
      [statement.Action]
        .flat()
        .some((action) => String(action).startsWith("s3:")),
    );
    expect(s3).toEqual([
      {
        Sid: "WriteLiveOutput",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:DeleteObject"],
        Resource: `${BUCKET_ARN}/live/*`,
      },
      {
        Sid: "ListLivePrefix",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: BUCKET_ARN,
        Condition: { StringLike: { "s3:prefix": "live/*" } },
      },
    ]);
  });

  test("role manages interfaces only in the VPC", () => {
    const policy = parsePolicy(
      block(media.resource, "aws_iam_role_policy", "medialive_role_policy")
        .policy,
    );
    const vpcArn =
      "arn:${data.aws_partition.current_partition.partition}:ec2:us-east-1:" +
      `${ACCOUNT}:vpc/\${data.terraform_remote_state.network_state.outputs.vpcId}`;
    const writes = policy.Statement.filter((statement) =>
      [statement.Action]
        .flat()
        .some((action) => /^ec2:(Create|Delete)/.test(String(action))),
    );
    expect(writes.map((statement) => statement.Sid)).toEqual([
      "CreateNetworkInterfacesInVpc",
      "ManageNetworkInterfacesInVpc",
    ]);
    for (const statement of writes) {
      expect(statement.Condition).toEqual({ ArnEquals: { "ec2:Vpc": vpcArn } });
    }
  });

  test("role uses a wildcard only for Describe", () => {
    const policy = parsePolicy(
      block(media.resource, "aws_iam_role_policy", "medialive_role_policy")
        .policy,
    );
    const wildcard = policy.Statement.filter((statement) =>
      [statement.Resource].flat().includes("*"),
    );
    expect(wildcard).toHaveLength(1);
    for (const action of [wildcard[0].Action].flat())
      expect(String(action)).toMatch(/^ec2:Describe/);
  });

  test("role logs only to MediaLive's log group", () => {
    const policy = parsePolicy(
      block(media.resource, "aws_iam_role_policy", "medialive_role_policy")
        .policy,
    );
    const logs = policy.Statement.filter((statement) =>
      [statement.Action]
        .flat()
        .some((action) => String(action).startsWith("logs:")),
    );
    const resources = logs.flatMap((statement) => [statement.Resource].flat());
    expect(resources).toHaveLength(2);
    for (const resource of resources)
      expect(String(resource)).toMatch(/:log-group:ElementalMediaLive(:\*)?$/);
  });

  test("input group admits RTMP only from trusted blocks", () => {
    const ingress = Object.values(
      blocksOfType(media.resource, "aws_vpc_security_group_ingress_rule"),
    ).filter(
      (rule) =>
        rule.security_group_id ===
        "${aws_security_group.medialive_input_security_group.id}",
    );
    expect(ingress.map((rule) => rule.cidr_ipv4).sort()).toEqual([
      "10.100.0.0/22",
      "10.20.0.0/16",
    ]);
    for (const rule of ingress) {
      expect(rule).toMatchObject({
        ip_protocol: "tcp",
        from_port: 1935,
        to_port: 1935,
      });
    }
  });

  test("output group reaches only S3", () => {
    const rules = [
      ...Object.values(
        blocksOfType(media.resource, "aws_vpc_security_group_ingress_rule"),
      ),
      ...Object.values(
        blocksOfType(media.resource, "aws_vpc_security_group_egress_rule"),
      ),
    ].filter(
      (rule) =>
        rule.security_group_id ===
        "${aws_security_group.medialive_output_security_group.id}",
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      ip_protocol: "tcp",
      from_port: 443,
      to_port: 443,
      prefix_list_id:
        "${data.terraform_remote_state.network_state.outputs.s3PrefixListId}",
    });
  });

  test("input is an RTMP push in the VPC", () => {
    const input = inputOf(media);
    expect(input.type).toBe("RTMP_PUSH");
    expect(input.destinations).toEqual([{ stream_name: "live/main" }]);
    expect(input.role_arn).toBe("${aws_iam_role.medialive_role.arn}");
    expect(input.vpc).toEqual({
      subnet_ids: INPUT_SUBNETS,
      security_group_ids: [
        "${aws_security_group.medialive_input_security_group.id}",
      ],
    });
  });

  test("channel subnet is the input endpoint's", () => {
    const channel = channelOf(media);
    expect(channel.vpc.subnet_ids).toEqual([
      `\${element(${INPUT_SUBNETS.slice(2, -1)}, index(${INPUT_ZONES}, ` +
        "data.aws_medialive_input.rtmp_input_endpoints.destinations[0].vpc[0].availability_zone))}",
    ]);
    const endpoints = block(
      media.data,
      "aws_medialive_input",
      "rtmp_input_endpoints",
    );
    expect(endpoints.id).toBe("${aws_medialive_input.rtmp_input.id}");
    expect(channel.vpc.security_group_ids).toEqual([
      "${aws_security_group.medialive_output_security_group.id}",
    ]);
    expect(channel.vpc.public_address_allocation_ids).toEqual([]);
  });

  test("channel reads the input and writes HLS to the bucket", () => {
    const channel = channelOf(media);
    expect(channel.channel_class).toBe("SINGLE_PIPELINE");
    expect(channel.input_attachments).toHaveLength(1);
    expect(channel.input_attachments[0].input_id).toBe(
      "${aws_medialive_input.rtmp_input.id}",
    );
    expect(channel.input_specification).toEqual({
      codec: "AVC",
      input_resolution: "HD",
      maximum_bitrate: "MAX_10_MBPS",
    });
    expect(channel.destinations).toEqual([
      {
        id: "hls_s3",
        settings: [{ url: `s3ssl://${BUCKET}/live/demo-channel/index` }],
      },
    ]);
    expect(channel.role_arn).toBe("${aws_iam_role.medialive_role.arn}");
  });

  test("channel does not start or debug by default", () => {
    const channel = channelOf(media);
    expect(channel.start_channel).toBe(false);
    expect(channel.log_level).toBe("ERROR");
    expect(channel.tags).toEqual({ Name: "demo-channel" });
  });

  test("ladder has one encode per rendition", () => {
    const channel = channelOf(media);
    const videos = channel.encoder_settings.video_descriptions;
    expect(
      videos.map((video: Json) => [video.name, video.width, video.height]),
    ).toEqual([
      ["video_1080p", 1920, 1080],
      ["video_720p", 1280, 720],
      ["video_480p", 854, 480],
    ]);
    expect(
      h264Of(channel).map((h264) => [
        h264.bitrate,
        h264.level,
        h264.profile,
        h264.rate_control_mode,
      ]),
    ).toEqual([
      [5_000_000, "H264_LEVEL_4", "HIGH", "CBR"],
      [3_000_000, "H264_LEVEL_3_1", "HIGH", "CBR"],
      [1_200_000, "H264_LEVEL_3_1", "HIGH", "CBR"],
    ]);
    const audios = channel.encoder_settings.audio_descriptions;
    expect(
      audios.map((audio: Json) => [
        audio.name,
        audio.codec_settings.aac_settings.bitrate,
      ]),
    ).toEqual([
      ["audio_1080p", 128_000],
      ["audio_720p", 128_000],
      ["audio_480p", 96_000],
    ]);
    const outputs = channel.encoder_settings.output_groups[0].outputs;
    expect(
      outputs.map(
        (output: Json) =>
          output.output_settings.hls_output_settings.name_modifier,
      ),
    ).toEqual(["_1080p", "_720p", "_480p"]);
    expect(
      outputs.map((output: Json) => [
        output.video_description_name,
        output.audio_description_names,
      ]),
    ).toEqual([
      ["video_1080p", ["audio_1080p"]],
      ["video_720p", ["audio_720p"]],
      ["video_480p", ["audio_480p"]],
    ]);
  });

  test("HLS group uses the configured segments", () => {
    const hls = hlsGroupOf(channelOf(media));
    expect(hls.destination).toEqual({ destination_ref_id: "hls_s3" });
    expect(hls.segment_length).toBe(2);
    expect(hls.index_n_segments).toBe(15);
    expect(hls.keep_segments).toBeGreaterThan(hls.index_n_segments);
    expect(hls.program_date_time).toBe("INCLUDE");
    expect(hls.mode).toBe("LIVE");
    expect(hls.redundant_manifest).toBe("DISABLED");
    expect(hls.hls_cdn_settings).toBeUndefined();
  });

  test("GOP aligns with 2 s segments", () => {
    for (const h264 of h264Of(channelOf(media))) {
      expect(h264).toMatchObject({
        framerate_control: "SPECIFIED",
        framerate_numerator: 30,
        framerate_denominator: 1,
        gop_size: 60,
        gop_size_units: "FRAMES",
        gop_closed_cadence: 1,
        scene_change_detect: "DISABLED",
      });
    }
  });

  test("channel has no empty settings block", () => {
    expect(emptyBlocks(channelOf(media))).toEqual([]);
    expect(emptyBlocks(inputOf(media))).toEqual([]);
  });

  test("outputs give push URL and commands", () => {
    const output = media.output!;
    expect(output.channelId.value).toBe(
      "${aws_medialive_channel.channel.channel_id}",
    );
    expect(output.rtmpPushUrls.value).toEqual([
      "${data.aws_medialive_input.rtmp_input_endpoints.destinations[0].url}",
    ]);
    expect(output.rtmpStreamKeys.value).toEqual(["main"]);
    expect(output.startChannelCommand.value).toBe(
      "aws medialive start-channel --channel-id ${aws_medialive_channel.channel.channel_id} --region us-east-1",
    );
    expect(output.stopChannelCommand.value).toBe(
      "aws medialive stop-channel --channel-id ${aws_medialive_channel.channel.channel_id} --region us-east-1",
    );
  });
});

describe("MediaLive STANDARD with five renditions", () => {
  let media: TerraformJson;
  beforeAll(() => {
    media = synthAll({
      media: {
        channelClass: "STANDARD",
        renditions: FIVE_RENDITIONS,
        s3CannedAcl: "BUCKET_OWNER_FULL_CONTROL",
      },
    }).media;
  });

  test("input has a destination per pipeline", () => {
    expect(inputOf(media).destinations).toEqual([
      { stream_name: "live/main" },
      { stream_name: "live/main-1" },
    ]);
    expect(media.output!.rtmpStreamKeys.value).toEqual(["main", "main-1"]);
    expect(media.output!.rtmpPushUrls.value).toEqual([
      "${data.aws_medialive_input.rtmp_input_endpoints.destinations[0].url}",
      "${data.aws_medialive_input.rtmp_input_endpoints.destinations[1].url}",
    ]);
  });

  test("channel uses the input's two subnets", () => {
    const channel = channelOf(media);
    expect(channel.channel_class).toBe("STANDARD");
    expect(channel.vpc.subnet_ids).toBe(inputOf(media).vpc.subnet_ids);
  });

  test("channel writes one destination per pipeline", () => {
    const channel = channelOf(media);
    expect(channel.destinations).toEqual([
      {
        id: "hls_s3",
        settings: [
          { url: `s3ssl://${BUCKET}/live/demo-channel/index` },
          { url: `s3ssl://${BUCKET}/live/demo-channel/pipeline-1` },
        ],
      },
    ]);
    expect(hlsGroupOf(channel).redundant_manifest).toBe("ENABLED");
  });

  test("ladder has five encodes", () => {
    const channel = channelOf(media);
    expect(channel.encoder_settings.video_descriptions).toHaveLength(5);
    expect(channel.encoder_settings.audio_descriptions).toHaveLength(5);
    expect(channel.encoder_settings.output_groups[0].outputs).toHaveLength(5);
    expect(h264Of(channel).map((h264) => h264.level)).toEqual([
      "H264_LEVEL_4",
      "H264_LEVEL_3_1",
      "H264_LEVEL_3_1",
      "H264_LEVEL_3",
      "H264_LEVEL_1_3",
    ]);
    expect(emptyBlocks(channel)).toEqual([]);
  });

  test("canned ACL reaches HLS and the role", () => {
    expect(hlsGroupOf(channelOf(media)).hls_cdn_settings).toEqual([
      { hls_s3_settings: { canned_acl: "BUCKET_OWNER_FULL_CONTROL" } },
    ]);
    const policy = parsePolicy(
      block(media.resource, "aws_iam_role_policy", "medialive_role_policy")
        .policy,
    );
    expect(policy.Statement[0].Action).toEqual([
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:PutObjectAcl",
    ]);
  });
});

describe("MediaLive options", () => {
  test("GOP aligns with 6 s segments at 25 fps", () => {
    const media = synthAll({
      media: {
        segmentLengthSeconds: 6,
        framerate: 25,
        startChannel: true,
        logLevel: "INFO",
        inputCodec: "HEVC",
        inputResolution: "UHD",
        maximumInputBitrate: "MAX_50_MBPS",
      },
    }).media;
    const channel = channelOf(media);
    const segmentFrames = 6 * 25;
    for (const h264 of h264Of(channel)) {
      expect(h264.framerate_numerator).toBe(25);
      expect(h264.gop_size).toBe(50);
      expect(segmentFrames % h264.gop_size).toBe(0);
    }
    expect(hlsGroupOf(channel).segment_length).toBe(6);
    expect(hlsGroupOf(channel).index_n_segments).toBe(5);
    expect(channel.start_channel).toBe(true);
    expect(channel.log_level).toBe("INFO");
    expect(channel.input_specification).toEqual({
      codec: "HEVC",
      input_resolution: "UHD",
      maximum_bitrate: "MAX_50_MBPS",
    });
  });
});
