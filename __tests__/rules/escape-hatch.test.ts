import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type * as AppModule from "../../stacks/app";
import { securityGroupAllowsNoPublicIngress } from "../../stacks/rules/security-group-allows-no-public-ingress";
import {
  SecurityRuleError,
  securityRulesCheck,
} from "../../stacks/rules/run-rules";
import { synthesize } from "../../stacks/synthesize";
import { configWith } from "../support/synth";

/** Address of the ingress rule the override opens; set when the app is created. */
let overridden = "";

// Every app this file synthesizes gets an escape-hatch override that opens
// the network stack's first ingress rule to the internet.
jest.mock("../../stacks/app", () => {
  const actual = jest.requireActual<typeof AppModule>("../../stacks/app");
  return {
    ...actual,
    createApp: (...args: Parameters<typeof actual.createApp>) => {
      const created = actual.createApp(...args);
      const rule = created.network.node.children.find(
        (child) => child instanceof VpcSecurityGroupIngressRule,
      );
      if (!(rule instanceof VpcSecurityGroupIngressRule))
        throw new Error("the network stack has no ingress rule to override");
      rule.addOverride("cidr_ipv4", "0.0.0.0/0");
      overridden = `network/aws_vpc_security_group_ingress_rule.${rule.node.id}`;
      return created;
    },
  };
});

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "protected-streaming-rules-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("escape-hatch override", () => {
  test("open ingress fails the synthesis", () => {
    const outdir = join(root, "cdktf.out");
    let error: unknown;
    try {
      synthesize(configWith(), outdir, [
        securityRulesCheck({ report: () => undefined }),
      ]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SecurityRuleError);
    expect((error as Error).message).toContain(
      `  - PS-VPC-001 ${overridden}: cidr_ipv4 allows ingress from 0.0.0.0/0\n`,
    );
    expect(existsSync(outdir)).toBe(false);
    expect(readdirSync(root)).toEqual([]);
  });

  test("suppressed override is written and reported", () => {
    const outdir = join(root, "cdktf.out");
    const reason =
      "Temporary load test from the office network, accepted by the security team.";
    const reports: string[] = [];
    // The suppression names the address the first synthesis reports.
    expect(() =>
      synthesize(configWith(), join(root, "probe"), [
        securityRulesCheck({ rules: [securityGroupAllowsNoPublicIngress] }),
      ]),
    ).toThrow(SecurityRuleError);
    const config = configWith({
      securityRules: {
        suppressions: [{ rule: "PS-VPC-001", resource: overridden, reason }],
      },
    });
    synthesize(config, outdir, [
      securityRulesCheck({
        rules: [securityGroupAllowsNoPublicIngress],
        report: (text) => reports.push(text),
      }),
    ]);
    expect(existsSync(join(outdir, "stacks", "network", "cdk.tf.json"))).toBe(
      true,
    );
    expect(reports).toEqual([
      [
        "Security rules: 1 finding suppressed by securityRules.suppressions:",
        `  - PS-VPC-001 ${overridden}: cidr_ipv4 allows ingress from 0.0.0.0/0`,
        `      Reason: ${reason}`,
      ].join("\n"),
    ]);
  });
});
