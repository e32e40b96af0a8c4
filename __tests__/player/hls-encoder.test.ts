import {
  ffmpegArguments,
  hlsEncoderOptions,
  variantPlaylistName,
} from "../../scripts/lib/hls-encoder";
import { configWith } from "../support/synth";

const config = configWith({});
const options = hlsEncoderOptions(config, "/tmp/live/demo-channel");
const args = ffmpegArguments(options);

/** Returns the value after each occurrence of a flag. */
function valuesOf(flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [args[index + 1]] : []));
}

describe("ffmpegArguments", () => {
  test("reads real-time synthetic sources", () => {
    expect(valuesOf("-i")).toEqual([
      "testsrc2=size=1920x1080:rate=30/1",
      "sine=frequency=1000:sample_rate=48000",
    ]);
    expect(args.filter((arg) => arg === "-re")).toHaveLength(2);
  });

  test("sets a fixed GOP of one segment", () => {
    // 2 s segments at 30 fps: the channel's GOP is 60 frames, with scene cuts off.
    expect(valuesOf("-g")).toEqual(["60"]);
    expect(valuesOf("-keyint_min")).toEqual(["60"]);
    expect(valuesOf("-sc_threshold")).toEqual(["0"]);
    expect(valuesOf("-hls_time")).toEqual(["2"]);
  });

  test("encodes every rendition of the ladder", () => {
    expect(valuesOf("-filter_complex")[0]).toBe(
      "[0:v]format=yuv420p,split=3[split0][split1][split2];" +
        "[split0]scale=1920:1080[video0];[split1]scale=1280:720[video1];[split2]scale=854:480[video2]",
    );
    expect(valuesOf("-b:v:1")).toEqual(["3000000"]);
    expect(valuesOf("-b:a:2")).toEqual(["96000"]);
    expect(valuesOf("-var_stream_map")).toEqual([
      "v:0,a:0,name:1080p v:1,a:1,name:720p v:2,a:2,name:480p",
    ]);
  });

  test("writes the MediaLive layout", () => {
    expect(valuesOf("-master_pl_name")).toEqual(["index.m3u8"]);
    expect(valuesOf("-hls_segment_filename")).toEqual([
      "/tmp/live/demo-channel/index_%v_%05d.ts",
    ]);
    expect(args[args.length - 1]).toBe("/tmp/live/demo-channel/index_%v.m3u8");
    expect(valuesOf("-hls_flags")[0].split("+")).toContain("program_date_time");
    expect(variantPlaylistName(config.media.renditions[1])).toBe(
      "index_720p.m3u8",
    );
  });

  test("bounds the run time", () => {
    expect(valuesOf("-t")).toEqual(["300"]);
    expect(ffmpegArguments({ ...options, maxDurationSeconds: 30 })).toContain(
      "30",
    );
  });

  test("writes NTSC rates as fractions", () => {
    const ntsc = ffmpegArguments({ ...options, framerate: 29.97 });
    expect(ntsc[ntsc.indexOf("-i") + 1]).toBe(
      "testsrc2=size=1920x1080:rate=30000/1001",
    );
  });

  test("rejects an empty ladder", () => {
    expect(() => ffmpegArguments({ ...options, renditions: [] })).toThrow(
      "the HLS encoder needs at least one rendition",
    );
  });
});
