import type { SecurityRule } from "./rule";
import { resourcesOfType } from "./terraform-json";

export const medialiveLogLevelNotDebug: SecurityRule = {
  id: "PS-ML-002",
  name: "medialive-log-level-not-debug",
  what: "A MediaLive channel logs at DEBUG level.",
  why: "Debug logs are verbose and may record stream keys and destination URLs; enable them only with a suppression that says why.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_medialive_channel")
      .filter((channel) => channel.body.log_level === "DEBUG")
      .map((channel) => ({
        stack: channel.stack,
        resource: channel.address,
        detail: 'log_level is "DEBUG"',
      }));
  },
};
