import { parsePreviewArguments } from "../../scripts/lib/preview/arguments";
import { PreviewUsageError } from "../../scripts/lib/preview/errors";

describe("parsePreviewArguments", () => {
  test("defaults to ports 1935 and 8080", () => {
    expect(parsePreviewArguments([])).toEqual({
      rtmpPort: 1935,
      httpPort: 8080,
      testSource: false,
      verbose: false,
      help: false,
    });
  });

  test("reads every flag", () => {
    expect(
      parsePreviewArguments([
        "--test-source",
        "--rtmp-port",
        "11935",
        "--http-port=18080",
        "--verbose",
        "-h",
      ]),
    ).toEqual({
      rtmpPort: 11935,
      httpPort: 18080,
      testSource: true,
      verbose: true,
      help: true,
    });
  });

  test.each([
    [
      ["--rtmp-port", "0"],
      '--rtmp-port must be a port number from 1 to 65535, received "0". Fix: pass for example --rtmp-port 1935',
    ],
    [
      ["--rtmp-port", "65536"],
      '--rtmp-port must be a port number from 1 to 65535, received "65536". Fix: pass for example --rtmp-port 1935',
    ],
    [
      ["--rtmp-port", "19.5"],
      '--rtmp-port must be a port number from 1 to 65535, received "19.5". Fix: pass for example --rtmp-port 1935',
    ],
    [
      ["--rtmp-port=-1"],
      '--rtmp-port must be a port number from 1 to 65535, received "-1". Fix: pass for example --rtmp-port 1935',
    ],
    [
      ["--http-port", "web"],
      '--http-port must be a port number from 1 to 65535, received "web". Fix: pass for example --http-port 8080',
    ],
    [
      ["--http-port="],
      '--http-port must be a port number from 1 to 65535, received "". Fix: pass for example --http-port 8080',
    ],
    [
      ["--rtmp-port", "9000", "--http-port", "9000"],
      "--rtmp-port and --http-port must differ, both are 9000. Fix: pass a different port to one of them",
    ],
  ])("%j is rejected", (argv, message) => {
    expect(() => parsePreviewArguments(argv)).toThrow(
      new PreviewUsageError(message),
    );
  });

  test.each([
    [["--port", "80"], "Unknown option '--port'"],
    [["extra"], "Unexpected argument 'extra'"],
    [["--rtmp-port"], "Option '--rtmp-port <value>' argument missing"],
    [["--test-source=yes"], "Option '--test-source' does not take an argument"],
  ])("%j is a usage error", (argv, start) => {
    let caught: unknown;
    try {
      parsePreviewArguments(argv);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PreviewUsageError);
    expect((caught as Error).message.startsWith(start)).toBe(true);
  });
});
