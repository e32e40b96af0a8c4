import {
  ffmpegArguments,
  hlsEncoderOptions,
} from "../../scripts/lib/hls-encoder";
import {
  ingestArguments,
  obsSettings,
  rtmpPushUrl,
} from "../../scripts/lib/preview/ingest";
import { testSourceArguments } from "../../scripts/lib/preview/test-source";
import { configWith } from "../support/synth";

const config = configWith({
  media: {
    segmentLengthSeconds: 2,
    framerate: 25,
    applicationName: "studio",
    streamKey: "event-1",
    renditions: [
      {
        name: "360p",
        width: 640,
        height: 360,
        videoBitrate: 800_000,
        audioBitrate: 96_000,
      },
      {
        name: "180p",
        width: 320,
        height: 180,
        videoBitrate: 250_000,
        audioBitrate: 64_000,
      },
    ],
  },
});

/** Returns the value after each occurrence of a flag. */
function valuesOf(args: readonly string[], flag: string): string[] {
  return args.flatMap((arg, index) => (arg === flag ? [args[index + 1]] : []));
}

describe("ffmpegArguments with a URL input", () => {
  const args = ffmpegArguments(
    hlsEncoderOptions(config, "/tmp/live/demo-channel", {
      input: {
        kind: "url",
        url: "rtmp://127.0.0.1:1935/studio/event-1",
        listen: true,
      },
    }),
  );

  test("listens on the URL instead of the test source", () => {
    expect(valuesOf(args, "-i")).toEqual([
      "rtmp://127.0.0.1:1935/studio/event-1",
    ]);
    expect(valuesOf(args, "-listen")).toEqual(["1"]);
    expect(args).not.toContain("-re");
  });

  test("converts to the configured frame rate", () => {
    expect(
      valuesOf(args, "-filter_complex")[0].startsWith(
        "[0:v]fps=25/1,format=yuv420p,split=2",
      ),
    ).toBe(true);
    expect(
      valuesOf(args, "-map").filter((value) => value.endsWith(":a")),
    ).toEqual(["0:a", "0:a"]);
  });

  test("reads once without listen", () => {
    const pull = ffmpegArguments(
      hlsEncoderOptions(config, "/tmp/out", {
        input: { kind: "url", url: "rtmp://127.0.0.1/a/b" },
      }),
    );
    expect(pull).not.toContain("-listen");
    expect(pull).not.toContain("-rw_timeout");
  });
});

describe("ingestArguments", () => {
  const first = ingestArguments(config, "/tmp/live/preview-channel", 11935, 0);
  const second = ingestArguments(config, "/tmp/live/preview-channel", 11935, 1);

  test("listens at the push URL", () => {
    expect(valuesOf(first, "-i")).toEqual([
      "rtmp://127.0.0.1:11935/studio/event-1",
    ]);
    expect(valuesOf(first, "-listen")).toEqual(["1"]);
  });

  test("drops a publisher silent for 10 s", () => {
    expect(valuesOf(first, "-rw_timeout")).toEqual(["10000000"]);
    expect(first.indexOf("-rw_timeout")).toBeLessThan(first.indexOf("-i"));
  });

  test("keeps the GOP of the channel", () => {
    // 2 s segments at 25 fps: 50 frames per segment, one GOP of 50 frames.
    expect(valuesOf(first, "-g")).toEqual(["50"]);
    expect(valuesOf(first, "-keyint_min")).toEqual(["50"]);
    expect(valuesOf(first, "-hls_time")).toEqual(["2"]);
  });

  test("runs without a time limit", () => {
    expect(first).not.toContain("-t");
  });

  test("lists the channel's playlist window", () => {
    // About 30 s of 2 s segments, as the MediaLive HLS group keeps.
    expect(valuesOf(first, "-hls_list_size")).toEqual(["15"]);
  });

  test("appends after the first run", () => {
    const firstFlags = valuesOf(first, "-hls_flags")[0].split("+");
    const secondFlags = valuesOf(second, "-hls_flags")[0].split("+");
    expect(firstFlags).toContain("omit_endlist");
    expect(firstFlags).not.toContain("append_list");
    expect(secondFlags).toContain("omit_endlist");
    expect(secondFlags).toContain("append_list");
  });

  test("writes the MediaLive layout", () => {
    expect(valuesOf(first, "-master_pl_name")).toEqual(["index.m3u8"]);
    expect(valuesOf(first, "-hls_segment_filename")).toEqual([
      "/tmp/live/preview-channel/index_%v_%05d.ts",
    ]);
    expect(first[first.length - 1]).toBe(
      "/tmp/live/preview-channel/index_%v.m3u8",
    );
  });
});

describe("OBS settings", () => {
  test("split the push URL into server and key", () => {
    expect(obsSettings(config.media, 11935)).toEqual({
      server: "rtmp://127.0.0.1:11935/studio",
      streamKey: "event-1",
    });
    expect(rtmpPushUrl(config.media, 11935)).toBe(
      "rtmp://127.0.0.1:11935/studio/event-1",
    );
  });
});

describe("testSourceArguments", () => {
  const args = testSourceArguments(config, 11935);

  test("pushes FLV to the push URL", () => {
    expect(args.slice(-3)).toEqual([
      "-f",
      "flv",
      "rtmp://127.0.0.1:11935/studio/event-1",
    ]);
  });

  test("reads a test pattern and tone in real time", () => {
    expect(valuesOf(args, "-i")).toEqual([
      "testsrc2=size=640x360:rate=25/1",
      "sine=frequency=1000:beep_factor=4:sample_rate=48000",
    ]);
    expect(args.filter((arg) => arg === "-re")).toHaveLength(2);
  });

  test("encodes H.264 with the channel's GOP", () => {
    expect(valuesOf(args, "-c:v")).toEqual(["libx264"]);
    expect(valuesOf(args, "-g")).toEqual(["50"]);
    expect(valuesOf(args, "-b:v")).toEqual(["1600000"]);
    expect(valuesOf(args, "-c:a")).toEqual(["aac"]);
  });
});
