import type { Config } from "../../stacks/config/schema";
import type { SecurityRule } from "../../stacks/rules/rule";
import {
  runRules,
  SecurityRuleError,
  securityRulesCheck,
} from "../../stacks/rules/run-rules";
import { configWith } from "../support/synth";
import { stacksOf } from "./fixture";

/** Creates a rule that reports one finding per given address, to drive the runner. */
function fakeRule(id: string, resources: string[]): SecurityRule {
  return {
    id,
    name: `fake-${id.toLowerCase()}`,
    what: `Fake ${id} finding.`,
    why: `Fake ${id} reason.`,
    check: () =>
      resources.map((resource) => ({
        stack: "network",
        resource,
        detail: `${resource} is wrong`,
      })),
  };
}

const RULES = [
  fakeRule("PS-TEST-001", ["aws_vpc.vpc", "aws_subnet.a"]),
  fakeRule("PS-TEST-002", ["aws_vpc.vpc"]),
];

/** Builds a config with suppressions that skip the rule-id check, which accepts only the real rules. */
function withSuppressions(
  suppressions: Config["securityRules"]["suppressions"],
): Config {
  return { ...configWith(), securityRules: { suppressions } };
}

const REASON = "Accepted for the rehearsal by the security team until March.";

describe("runRules", () => {
  test("collects every finding", () => {
    const run = runRules(stacksOf({}), configWith(), RULES);
    expect(
      run.findings.map((finding) => `${finding.rule.id} ${finding.resource}`),
    ).toEqual([
      "PS-TEST-001 aws_vpc.vpc",
      "PS-TEST-001 aws_subnet.a",
      "PS-TEST-002 aws_vpc.vpc",
    ]);
    expect(run.suppressed).toEqual([]);
    expect(run.unusedSuppressions).toEqual([]);
  });

  test("suppression matches rule and resource", () => {
    const config = withSuppressions([
      { rule: "PS-TEST-001", resource: "network/aws_vpc.vpc", reason: REASON },
    ]);
    const run = runRules(stacksOf({}), config, RULES);
    expect(
      run.findings.map((finding) => `${finding.rule.id} ${finding.resource}`),
    ).toEqual(["PS-TEST-001 aws_subnet.a", "PS-TEST-002 aws_vpc.vpc"]);
    expect(
      run.suppressed.map((finding) => [
        finding.rule.id,
        finding.resource,
        finding.reason,
      ]),
    ).toEqual([["PS-TEST-001", "aws_vpc.vpc", REASON]]);
  });

  test.each([
    [
      "another stack",
      { rule: "PS-TEST-001", resource: "storage/aws_vpc.vpc", reason: REASON },
    ],
    [
      "another rule",
      { rule: "PS-TEST-003", resource: "network/aws_vpc.vpc", reason: REASON },
    ],
  ])("suppression for %s is unused", (_case, suppression) => {
    const run = runRules(stacksOf({}), withSuppressions([suppression]), RULES);
    expect(run.findings).toHaveLength(3);
    expect(run.unusedSuppressions).toEqual([{ index: 0, suppression }]);
  });

  test("failing rule names itself", () => {
    const broken: SecurityRule = {
      ...fakeRule("PS-TEST-009", []),
      check: () => {
        throw new Error("boom");
      },
    };
    expect(() => runRules(stacksOf({}), configWith(), [broken])).toThrow(
      "Security rule PS-TEST-009 (fake-ps-test-009) failed to run: boom",
    );
  });
});

describe("securityRulesCheck", () => {
  test("error lists each finding", () => {
    const check = securityRulesCheck({
      rules: [RULES[1]],
      report: () => undefined,
    });
    expect(() => check(stacksOf({}), configWith())).toThrow(SecurityRuleError);
    expect(() => check(stacksOf({}), configWith())).toThrow(
      [
        "Security rules failed with 1 finding; the synthesis output was not written:",
        "  - PS-TEST-002 network/aws_vpc.vpc: aws_vpc.vpc is wrong",
        "      What: Fake PS-TEST-002 finding.",
        "      Why: Fake PS-TEST-002 reason.",
        'Fix each resource, or accept a finding with an entry { "rule": "<id>", "resource": "<stack>/<address>", "reason": "<why it is acceptable>" } in securityRules.suppressions of the configuration file.',
      ].join("\n"),
    );
  });

  test("unused suppression is an error", () => {
    const config = withSuppressions([
      { rule: "PS-TEST-002", resource: "network/aws_subnet.a", reason: REASON },
    ]);
    const check = securityRulesCheck({
      rules: [fakeRule("PS-TEST-002", [])],
      report: () => undefined,
    });
    expect(() => check(stacksOf({}), config)).toThrow(
      [
        "Security rules found 1 suppression that matches no finding; the synthesis output was not written:",
        "  - securityRules.suppressions[0] (PS-TEST-002 network/aws_subnet.a) matches no finding. Fix: remove it, or correct its rule and resource to those a finding prints",
      ].join("\n"),
    );
  });

  test("suppressed findings are reported", () => {
    const reports: string[] = [];
    const config = withSuppressions([
      { rule: "PS-TEST-002", resource: "network/aws_vpc.vpc", reason: REASON },
    ]);
    const check = securityRulesCheck({
      rules: [RULES[1]],
      report: (text) => reports.push(text),
    });
    check(stacksOf({}), config);
    expect(reports).toEqual([
      [
        "Security rules: 1 finding suppressed by securityRules.suppressions:",
        "  - PS-TEST-002 network/aws_vpc.vpc: aws_vpc.vpc is wrong",
        `      Reason: ${REASON}`,
      ].join("\n"),
    ]);
  });

  test("summary goes to stderr by default", () => {
    const write = jest
      .spyOn(process.stderr, "write")
      .mockImplementation(() => true);
    try {
      const config = withSuppressions([
        {
          rule: "PS-TEST-002",
          resource: "network/aws_vpc.vpc",
          reason: REASON,
        },
      ]);
      securityRulesCheck({ rules: [RULES[1]] })(stacksOf({}), config);
      expect(write).toHaveBeenCalledTimes(1);
      expect(String(write.mock.calls[0][0])).toMatch(
        /^Security rules: 1 finding suppressed by securityRules\.suppressions:\n[\s\S]*\n$/,
      );
    } finally {
      write.mockRestore();
    }
  });

  test("clean run reports nothing", () => {
    const reports: string[] = [];
    securityRulesCheck({
      rules: [fakeRule("PS-TEST-004", [])],
      report: (text) => reports.push(text),
    })(stacksOf({}), configWith());
    expect(reports).toEqual([]);
  });
});
