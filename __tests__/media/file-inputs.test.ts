import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseConfig } from "../../stacks/config/load";
import { MAX_FILE_INPUT_NAME_LENGTH } from "../../stacks/config/file-input-rules";
import { MAX_FILE_INPUTS } from "../../stacks/config/schema";
import { ACTION_NAME_TIME_SUFFIX } from "../../stacks/media/input-switching";
import { fileInputSlug, namesFor } from "../../stacks/naming";
import type { TerraformJson } from "../../stacks/synthesize";
import { block, blocksOfType, parsePolicy, synthAll } from "../support/synth";
import { problemsOf } from "../support/config-problems";

type Json = Record<string, any>;

const BUCKET =
  "${data.terraform_remote_state.storage_state.outputs.bucketName}";
const BUCKET_ARN =
  "${data.terraform_remote_state.storage_state.outputs.bucketArn}";
const CHANNEL_ID = "${aws_medialive_channel.channel.channel_id}";
const FILES = ["vod/keynote-day1.mp4", "vod/2025/Panel_B.mp4"];

const channelOf = (media: TerraformJson): Json =>
  block(media.resource, "aws_medialive_channel", "channel");
const roleStatementsOf = (media: TerraformJson): Json[] =>
  parsePolicy(
    block(media.resource, "aws_iam_role_policy", "medialive_role_policy")
      .policy,
  ).Statement;

/**
 * Reads the `--creates` document of a switch command the way the shell
 * would: the escaped quotes become quotes and the time suffix a time.
 */
function schedulePassedBy(command: string): Json {
  const match = /--creates "(.*)"$/.exec(command);
  if (!match) throw new Error(`no --creates document in ${command}`);
  const shellExpanded = match[1]!
    .replace(/\\"/g, '"')
    .replace(ACTION_NAME_TIME_SUFFIX, "20250601T120000Z");
  return JSON.parse(shellExpanded) as Json;
}

describe("file inputs", () => {
  let media: TerraformJson;
  beforeAll(() => {
    media = synthAll({ media: { fileInputs: FILES } }).media;
  });

  test("one MP4 input per file", () => {
    const inputs = blocksOfType(media.resource, "aws_medialive_input");
    expect(Object.keys(inputs).sort()).toEqual([
      "file_input_2025_panel_b",
      "file_input_keynote_day1",
      "rtmp_input",
    ]);
    expect(inputs.file_input_keynote_day1).toMatchObject({
      name: "demo-file-keynote-day1",
      type: "MP4_FILE",
      sources: [
        {
          url: `s3ssl://${BUCKET}/vod/keynote-day1.mp4`,
          username: "",
          password_param: "",
        },
      ],
    });
    expect(inputs.file_input_2025_panel_b).toMatchObject({
      name: "demo-file-2025-panel-b",
      sources: [{ url: `s3ssl://${BUCKET}/vod/2025/Panel_B.mp4` }],
    });
  });

  test("file inputs open no endpoint", () => {
    for (const name of ["file_input_keynote_day1", "file_input_2025_panel_b"]) {
      const input = block(media.resource, "aws_medialive_input", name);
      expect(input.vpc).toBeUndefined();
      expect(input.input_security_groups).toBeUndefined();
      expect(input.destinations).toBeUndefined();
      expect(input.role_arn).toBeUndefined();
    }
  });

  test("channel attaches RTMP first, then files", () => {
    const attachments = channelOf(media).input_attachments as Json[];
    expect(
      attachments.map((attachment) => [
        attachment.input_attachment_name,
        attachment.input_id,
      ]),
    ).toEqual([
      ["demo-rtmp-input", "${aws_medialive_input.rtmp_input.id}"],
      [
        "demo-file-keynote-day1",
        "${aws_medialive_input.file_input_keynote_day1.id}",
      ],
      [
        "demo-file-2025-panel-b",
        "${aws_medialive_input.file_input_2025_panel_b.id}",
      ],
    ]);
  });

  test("file attachments share the audio selector", () => {
    const [rtmp, ...files] = channelOf(media).input_attachments as Json[];
    for (const file of files) {
      expect(file.input_settings.audio_selector).toEqual(
        rtmp!.input_settings.audio_selector,
      );
      expect(file.input_settings.source_end_behavior).toBe("CONTINUE");
    }
  });

  test("role reads and lists only vod/", () => {
    const statements = roleStatementsOf(media);
    expect(
      statements.filter(
        (statement) =>
          statement.Sid === "ReadFileInputs" ||
          statement.Sid === "ListFileInputPrefix",
      ),
    ).toEqual([
      {
        Sid: "ReadFileInputs",
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: `${BUCKET_ARN}/vod/*`,
      },
      {
        Sid: "ListFileInputPrefix",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: BUCKET_ARN,
        Condition: { StringLike: { "s3:prefix": "vod/*" } },
      },
    ]);
    const reads = statements.filter((statement) =>
      [statement.Action].flat().includes("s3:GetObject"),
    );
    expect(reads.map((statement) => statement.Resource)).toEqual([
      `${BUCKET_ARN}/vod/*`,
    ]);
  });

  test("switch commands name each attachment", () => {
    const output = media.output!.switchInputCommands!;
    expect(output.sensitive).toBe(false);
    const commands = output.value as Record<string, string>;
    expect(Object.keys(commands).sort()).toEqual([
      "demo-file-2025-panel-b",
      "demo-file-keynote-day1",
      "demo-rtmp-input",
    ]);
    for (const [attachment, command] of Object.entries(commands)) {
      expect(
        command.startsWith(
          `aws medialive batch-update-schedule --channel-id ${CHANNEL_ID} --region us-east-1 --creates "`,
        ),
      ).toBe(true);
      expect(schedulePassedBy(command)).toEqual({
        ScheduleActions: [
          {
            ActionName: `switch-to-${attachment}-20250601T120000Z`,
            ScheduleActionStartSettings: {
              ImmediateModeScheduleActionStartSettings: {},
            },
            ScheduleActionSettings: {
              InputSwitchSettings: { InputAttachmentNameReference: attachment },
            },
          },
        ],
      });
    }
  });
});

describe("without file inputs", () => {
  let media: TerraformJson;
  beforeAll(() => {
    media = synthAll({}).media;
  });

  test("only the RTMP input exists", () => {
    expect(
      Object.keys(blocksOfType(media.resource, "aws_medialive_input")),
    ).toEqual(["rtmp_input"]);
    expect(
      (channelOf(media).input_attachments as Json[]).map(
        (attachment) => attachment.input_attachment_name,
      ),
    ).toEqual(["demo-rtmp-input"]);
  });

  test("role cannot read vod/", () => {
    expect(JSON.stringify(roleStatementsOf(media))).not.toContain("vod/");
  });

  test("no switch commands", () => {
    expect(media.output!.switchInputCommands).toBeUndefined();
  });
});

describe("file input names", () => {
  test.each([
    ["vod/keynote-day1.mp4", "keynote-day1"],
    ["vod/2025/Panel_B.mp4", "2025-panel-b"],
    ["vod/a.b.c.mp4", "a-b-c"],
  ])("%s gives %s", (key, slug) => {
    expect(fileInputSlug(key)).toBe(slug);
  });
});

describe("file input validation", () => {
  const EXAMPLE = '"vod/keynote-day1.mp4"';
  const PARTS =
    "must be parts of letters, digits, '.', '_' or '-' separated by single '/', each part starting with a letter or digit. " +
    `Fix: rename the file, such as ${EXAMPLE}`;

  test("defaults to no files", () => {
    expect(parseConfig({}).media.fileInputs).toEqual([]);
  });

  test("nineteen files are accepted", () => {
    const files = Array.from(
      { length: MAX_FILE_INPUTS },
      (_, index) => `vod/part-${index}.mp4`,
    );
    expect(MAX_FILE_INPUTS).toBe(19);
    expect(
      parseConfig({ media: { fileInputs: files } }).media.fileInputs,
    ).toEqual(files);
  });

  test.each<[string, unknown, string[]]>([
    [
      "not a list",
      "vod/a.mp4",
      [
        'media.fileInputs: received "vod/a.mp4"; must be a list of S3 keys. Fix: write ["vod/keynote-day1.mp4"], or [] for none',
      ],
    ],
    [
      "not a string",
      [42],
      [
        `media.fileInputs[0]: received 42; must be an S3 object key. Fix: write the key as a string, such as ${EXAMPLE}`,
      ],
    ],
    [
      "outside vod/",
      ["live/demo-channel/index.mp4"],
      [
        'media.fileInputs[0]: received "live/demo-channel/index.mp4"; must start with "vod/", the only prefix the MediaLive role may read. ' +
          `Fix: upload the file under vod/ and list its key, such as ${EXAMPLE}`,
      ],
    ],
    [
      "not MP4",
      ["vod/keynote.mov"],
      [
        'media.fileInputs[0]: received "vod/keynote.mov"; must end with ".mp4", because each file becomes an MP4 file input. ' +
          `Fix: convert the recording to MP4 and list its key, such as ${EXAMPLE}`,
      ],
    ],
    [
      "upper-case extension",
      ["vod/keynote.MP4"],
      [
        'media.fileInputs[0]: received "vod/keynote.MP4"; must end with ".mp4", because each file becomes an MP4 file input. ' +
          `Fix: convert the recording to MP4 and list its key, such as ${EXAMPLE}`,
      ],
    ],
    [
      "parent segment",
      ["vod/../live/x.mp4"],
      [
        `media.fileInputs[0]: received "vod/../live/x.mp4"; must not contain '..'. Fix: use a plain key below vod/, such as ${EXAMPLE}`,
      ],
    ],
    [
      "space",
      ["vod/key note.mp4"],
      [`media.fileInputs[0]: received "vod/key note.mp4"; ${PARTS}`],
    ],
    [
      "empty part",
      ["vod//keynote.mp4"],
      [`media.fileInputs[0]: received "vod//keynote.mp4"; ${PARTS}`],
    ],
    [
      "current-directory part",
      ["vod/./keynote.mp4"],
      [`media.fileInputs[0]: received "vod/./keynote.mp4"; ${PARTS}`],
    ],
    [
      "name without letters",
      ["vod/.mp4"],
      [`media.fileInputs[0]: received "vod/.mp4"; ${PARTS}`],
    ],
    [
      "duplicate",
      ["vod/a.mp4", "vod/b.mp4", "vod/a.mp4"],
      [
        'media.fileInputs[2]: received "vod/a.mp4"; duplicates media.fileInputs[0]. Fix: list each file once',
      ],
    ],
    [
      "same input name",
      ["vod/Panel_B.mp4", "vod/panel-b.mp4"],
      [
        'media.fileInputs[1]: received "vod/panel-b.mp4"; gives the same input name "demo-file-panel-b" as media.fileInputs[0], ' +
          "because input names keep only the key's letters and digits, in lowercase, with '-' between them. " +
          "Fix: rename one of the files so that their names differ in letters or digits",
      ],
    ],
  ])("%s is rejected", (_case, fileInputs, expected) => {
    expect(problemsOf({ media: { fileInputs } })).toEqual(expected);
  });

  test("key over 1024 characters is rejected", () => {
    const key = `vod/${"a".repeat(1017)}.mp4`;
    expect(key).toHaveLength(1025);
    expect(problemsOf({ media: { fileInputs: [key] } })).toEqual([
      `media.fileInputs[0]: received "${key.slice(0, 76)}...; must be at most 1024 characters, the S3 key limit. Fix: use a shorter key`,
    ]);
  });

  test("128-character input name is accepted", () => {
    const key = `vod/2025/${"k".repeat(113)}.mp4`;
    const config = parseConfig({ media: { fileInputs: [key] } });
    expect(namesFor(config).fileInputName(key)).toHaveLength(
      MAX_FILE_INPUT_NAME_LENGTH,
    );
  });

  test("129-character input name is rejected", () => {
    const key = `vod/2025/${"k".repeat(114)}.mp4`;
    expect(problemsOf({ media: { fileInputs: [key] } })).toEqual([
      `media.fileInputs[0]: received "${key.slice(0, 76)}...; gives an input name of 129 characters, "demo-file-" and the key's letters and digits joined by '-', ` +
        "over the 128 this project allows for a MediaLive input name. Fix: shorten the key so that its letters and digits, joined by '-', take at most 118 characters",
    ]);
  });

  test("twenty files are rejected", () => {
    const files = Array.from({ length: 20 }, (_, index) => `vod/f${index}.mp4`);
    const [problem] = problemsOf({ media: { fileInputs: files } });
    expect(problem).toMatch(/^media\.fileInputs: received \["vod\/f0\.mp4",/);
    expect(problem).toContain(
      "; must list at most 19 files, because MediaLive attaches at most 20 inputs to a channel and the RTMP input is one of them. " +
        "Fix: list only the files this event re-broadcasts",
    );
  });

  test("STANDARD channel is rejected", () => {
    expect(
      problemsOf({
        media: { channelClass: "STANDARD", fileInputs: ["vod/a.mp4"] },
      }),
    ).toEqual([
      'media.fileInputs: received ["vod/a.mp4"]; must be empty for a STANDARD channel, which accepts only standard-class inputs, ' +
        'and a file input is standard-class only with two different source URLs. Fix: set media.channelClass to "SINGLE_PIPELINE", or remove media.fileInputs',
    ]);
  });
});

describe("README re-broadcast section", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");
  const start = readme.indexOf("### Re-broadcast from a file");
  const section = readme.slice(start, readme.indexOf("<!-- section:", start));

  test("example synthesizes", () => {
    const example = JSON.parse(
      /```json\n([\s\S]*?)\n```/.exec(section)![1]!,
    ) as Record<string, unknown>;
    const media = synthAll(example).media;
    expect(
      Object.keys(blocksOfType(media.resource, "aws_medialive_input")).sort(),
    ).toEqual([
      "file_input_holding_slate",
      "file_input_keynote_day1",
      "rtmp_input",
    ]);
  });

  test("printed command matches the output", () => {
    const media = synthAll({
      media: { fileInputs: ["vod/keynote-day1.mp4"] },
    }).media;
    const commands = media.output!.switchInputCommands!.value as Record<
      string,
      string
    >;
    const expected = commands["demo-file-keynote-day1"]!.replace(
      CHANNEL_ID,
      "1234567",
    );
    expect(section).toContain(`\n${expected}\n`);
  });
});
