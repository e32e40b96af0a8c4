import type { Config } from "../config/schema";
import type { SynthesisCheck, SynthesizedStacks } from "../synthesize";
import { ALL_RULES } from "./all-rules";
import type { Finding, SecurityRule } from "./rule";

/** A finding together with the rule that produced it. */
export interface RuleFinding extends Finding {
  readonly rule: SecurityRule;
}

/** A finding that a configured suppression accepted, with its written reason. */
export interface SuppressedFinding extends RuleFinding {
  readonly reason: string;
}

type Suppression = Config["securityRules"]["suppressions"][number];

/** A configured suppression that matched no finding, with its position in the list. */
export interface UnusedSuppression {
  readonly index: number;
  readonly suppression: Suppression;
}

export interface RuleRun {
  /** Findings that fail the synthesis. */
  readonly findings: readonly RuleFinding[];
  readonly suppressed: readonly SuppressedFinding[];
  readonly unusedSuppressions: readonly UnusedSuppression[];
}

/** Names a finding's resource as suppressions do: `<stack>/<address>`. */
export function findingResource(finding: Finding): string {
  return `${finding.stack}/${finding.resource}`;
}

/**
 * Runs every rule on the synthesized stacks and sorts the findings into
 * those that fail the synthesis and those the configuration suppresses.
 * One suppression covers every finding of its rule on its resource.
 */
export function runRules(
  stacks: SynthesizedStacks,
  config: Config,
  rules: readonly SecurityRule[] = ALL_RULES,
): RuleRun {
  const suppressions = config.securityRules.suppressions;
  const used = new Set<number>();
  const findings: RuleFinding[] = [];
  const suppressed: SuppressedFinding[] = [];

  for (const rule of rules) {
    let ruleFindings: Finding[];
    try {
      ruleFindings = rule.check(stacks, config);
    } catch (error) {
      throw new Error(
        `Security rule ${rule.id} (${rule.name}) failed to run: ${
          (error as Error).message
        }`,
        {
          cause: error,
        },
      );
    }
    for (const finding of ruleFindings) {
      const index = suppressions.findIndex(
        (suppression) =>
          suppression.rule === rule.id &&
          suppression.resource === findingResource(finding),
      );
      if (index === -1) {
        findings.push({ ...finding, rule });
      } else {
        used.add(index);
        suppressed.push({
          ...finding,
          rule,
          reason: suppressions[index].reason,
        });
      }
    }
  }

  const unusedSuppressions = suppressions
    .map((suppression, index) => ({ index, suppression }))
    .filter(({ index }) => !used.has(index));
  return { findings, suppressed, unusedSuppressions };
}

function findingLines(finding: RuleFinding): string[] {
  return [
    `  - ${finding.rule.id} ${findingResource(finding)}: ${finding.detail}`,
    `      What: ${finding.rule.what}`,
    `      Why: ${finding.rule.why}`,
  ];
}

function unusedLine({ index, suppression }: UnusedSuppression): string {
  return (
    `  - securityRules.suppressions[${index}] (${suppression.rule} ${suppression.resource}) matches no finding. ` +
    "Fix: remove it, or correct its rule and resource to those a finding prints"
  );
}

/**
 * Raised when a rule finds something that no suppression accepts, or when a
 * suppression matches nothing. The message lists each item.
 */
export class SecurityRuleError extends Error {
  readonly run: RuleRun;

  constructor(run: RuleRun) {
    const lines: string[] = [];
    if (run.findings.length > 0) {
      const count =
        run.findings.length === 1
          ? "1 finding"
          : `${run.findings.length} findings`;
      lines.push(
        `Security rules failed with ${count}; the synthesis output was not written:`,
      );
      lines.push(...run.findings.flatMap(findingLines));
      lines.push(
        "Fix each resource, or accept a finding with an entry " +
          '{ "rule": "<id>", "resource": "<stack>/<address>", "reason": "<why it is acceptable>" } ' +
          "in securityRules.suppressions of the configuration file.",
      );
    }
    if (run.unusedSuppressions.length > 0) {
      const count =
        run.unusedSuppressions.length === 1
          ? "1 suppression that matches"
          : `${run.unusedSuppressions.length} suppressions that match`;
      lines.push(
        `Security rules found ${count} no finding; the synthesis output was not written:`,
      );
      lines.push(...run.unusedSuppressions.map(unusedLine));
    }
    super(lines.join("\n"));
    this.name = "SecurityRuleError";
    this.run = run;
  }
}

/** Renders the suppressed findings for the synthesis summary. */
export function formatSuppressedFindings(
  suppressed: readonly SuppressedFinding[],
): string {
  const count =
    suppressed.length === 1 ? "1 finding" : `${suppressed.length} findings`;
  const lines = suppressed.flatMap((finding) => [
    `  - ${finding.rule.id} ${findingResource(finding)}: ${finding.detail}`,
    `      Reason: ${finding.reason}`,
  ]);
  return [
    `Security rules: ${count} suppressed by securityRules.suppressions:`,
    ...lines,
  ].join("\n");
}

export interface SecurityRulesCheckOptions {
  /** @default every rule in ALL_RULES */
  readonly rules?: readonly SecurityRule[];
  /** Receives the summary of suppressed findings. @default writes to stderr */
  readonly report?: (text: string) => void;
}

/**
 * Returns the synthesis check that runs the security rules: it reports the
 * suppressed findings, and throws a SecurityRuleError when a finding is not
 * suppressed or a suppression is unused, so that nothing is written.
 *
 * An unused suppression is an error rather than a warning. It is either a
 * typo, so the finding it meant is still open, or left over from a fixed
 * resource, where it would silently accept the next problem at that
 * address.
 */
export function securityRulesCheck(
  options: SecurityRulesCheckOptions = {},
): SynthesisCheck {
  const rules = options.rules ?? ALL_RULES;
  const report =
    options.report ?? ((text: string) => process.stderr.write(`${text}\n`));
  return (stacks, config) => {
    const run = runRules(stacks, config, rules);
    if (run.suppressed.length > 0)
      report(formatSuppressedFindings(run.suppressed));
    if (run.findings.length > 0 || run.unusedSuppressions.length > 0)
      throw new SecurityRuleError(run);
  };
}
