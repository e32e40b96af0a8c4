import { runRules } from "../../stacks/rules/run-rules";
import { configWith, synthAll } from "../support/synth";

describe("security rules on the default synthesis", () => {
  test("default config has no findings", () => {
    const run = runRules(synthAll(), configWith());
    const findings = run.findings.map(
      (finding) =>
        `${finding.rule.id} ${finding.stack}/${finding.resource}: ${finding.detail}`,
    );
    expect(findings).toEqual([]);
    expect(run.suppressed).toEqual([]);
  });
});

describe("security rules on a Cognito synthesis", () => {
  test.each(["ON", "OPTIONAL", "OFF"])("MFA %s has no findings", (mfa) => {
    const overrides = { viewerAccess: "cognito", cognito: { mfa } };
    const run = runRules(synthAll(overrides), configWith(overrides));
    const findings = run.findings.map(
      (finding) =>
        `${finding.rule.id} ${finding.stack}/${finding.resource}: ${finding.detail}`,
    );
    expect(findings).toEqual([]);
    expect(run.suppressed).toEqual([]);
  });
});
