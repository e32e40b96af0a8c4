import type { SecurityRule } from "./rule";
import { numberValue, resourcesOfType, show } from "./terraform-json";

export const logGroupHasRetention: SecurityRule = {
  id: "PS-LOG-001",
  name: "log-group-has-retention",
  what: "A CloudWatch log group keeps its events forever.",
  why: "Logs hold viewer addresses and connection records; keeping them without limit breaks the retention the configuration sets.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_cloudwatch_log_group").flatMap(
      (group) => {
        const days = numberValue(group.body.retention_in_days);
        return days !== undefined && days > 0
          ? []
          : [
              {
                stack: group.stack,
                resource: group.address,
                detail: `retention_in_days is ${show(
                  group.body.retention_in_days,
                )}`,
              },
            ];
      },
    );
  },
};
