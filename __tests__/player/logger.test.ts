import {
  createLogger,
  isDebugEnabled,
  type LogSink,
} from "../../player/src/logger";

function recordingSink(): LogSink & { lines: unknown[][] } {
  const lines: unknown[][] = [];
  const record =
    (level: string) =>
    (...args: unknown[]) =>
      lines.push([level, ...args]);
  return {
    lines,
    debug: record("debug"),
    info: record("info"),
    warn: record("warn"),
    error: record("error"),
  };
}

describe("isDebugEnabled", () => {
  test.each([
    ["?debug=1", true],
    ["?x=2&debug=1", true],
    ["", false],
    ["?debug=0", false],
    ["?debug=true", false],
    ["?debug", false],
  ])("%p gives %p", (search, enabled) => {
    expect(isDebugEnabled(search)).toBe(enabled);
  });
});

describe("createLogger", () => {
  test("writes nothing when disabled", () => {
    const sink = recordingSink();
    const logger = createLogger(false, sink);
    logger.debug("a");
    logger.info("b");
    logger.warn("c");
    logger.error("d");
    expect(logger.enabled).toBe(false);
    expect(sink.lines).toEqual([]);
  });

  test("prefixes every line when enabled", () => {
    const sink = recordingSink();
    const logger = createLogger(true, sink);
    logger.debug("a", 1);
    logger.error("b");
    expect(sink.lines).toEqual([
      ["debug", "[player]", "a", 1],
      ["error", "[player]", "b"],
    ]);
  });
});
