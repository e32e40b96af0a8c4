import { pointsTo } from "./references";
import type { SecurityRule } from "./rule";
import { resourcesOfType, show } from "./terraform-json";

export const vpcHasFlowLogs: SecurityRule = {
  id: "PS-VPC-003",
  name: "vpc-has-flow-logs",
  what: "A VPC has no flow log that records all accepted and rejected traffic.",
  why: "Without flow logs there is no record of who reached the stream or what was blocked during an incident.",
  check(stacks) {
    const flowLogs = resourcesOfType(stacks, "aws_flow_log");
    return resourcesOfType(stacks, "aws_vpc").flatMap((vpc) => {
      const attached = flowLogs.filter((log) =>
        pointsTo(stacks, log.stack, log.body.vpc_id, vpc, "id"),
      );
      const complete = attached.some(
        (log) =>
          log.body.traffic_type === "ALL" &&
          ((typeof log.body.log_destination === "string" &&
            log.body.log_destination !== "") ||
            (typeof log.body.log_group_name === "string" &&
              log.body.log_group_name !== "")),
      );
      if (complete) return [];
      const detail =
        attached.length === 0
          ? "has no aws_flow_log"
          : `no aws_flow_log with traffic_type "ALL" and a destination (found traffic_type ${attached
              .map((log) => show(log.body.traffic_type))
              .join(", ")})`;
      return [{ stack: vpc.stack, resource: vpc.address, detail }];
    });
  },
};
