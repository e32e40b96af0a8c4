import { readFileSync } from "node:fs";
import { join } from "node:path";
import { block, synthAll } from "../support/synth";

const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

/** Returns the first JSON code block between a section marker and the next marker. */
function firstJsonBlockIn(section: string): Record<string, unknown> {
  const start = readme.indexOf(`<!-- section: ${section} -->`);
  if (start < 0) throw new Error(`README has no section ${section}`);
  const end = readme.indexOf("<!-- section:", start + 1);
  const text = readme.slice(start, end < 0 ? undefined : end);
  const match = /```json\n([\s\S]*?)\n```/.exec(text);
  if (!match) throw new Error(`README section ${section} has no JSON example`);
  return JSON.parse(match[1]) as Record<string, unknown>;
}

describe("README configurations", () => {
  test("configuration example synthesizes", () => {
    const stacks = synthAll(firstJsonBlockIn("configuration"));
    expect(
      block(stacks.media.resource, "aws_medialive_channel", "channel")
        .channel_class,
    ).toBe("SINGLE_PIPELINE");
    expect(
      block(stacks.media.resource, "aws_api_gateway_stage", "api_stage")
        .stage_name,
    ).toBe("watch");
  });

  test("media example synthesizes", () => {
    const stacks = synthAll(firstJsonBlockIn("media"));
    const channel: Record<string, any> = block(
      stacks.media.resource,
      "aws_medialive_channel",
      "channel",
    );
    expect(channel.channel_class).toBe("STANDARD");
    expect(channel.encoder_settings.video_descriptions).toHaveLength(5);
    expect(
      block(stacks.media.resource, "aws_medialive_input", "rtmp_input")
        .destinations,
    ).toEqual([
      { stream_name: "live/townhall" },
      { stream_name: "live/townhall-1" },
    ]);
    expect(Object.keys(stacks.network.resource ?? {})).toContain("aws_vpc");
    expect(Object.keys(stacks.storage.resource ?? {})).toContain(
      "aws_s3_bucket",
    );
  });
});
