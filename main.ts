import { buildPlayer, PlayerBuildError } from "./player/build";
import { ConfigError } from "./stacks/config/errors";
import { loadConfig } from "./stacks/config/load";
import { SecurityRuleError, securityRulesCheck } from "./stacks/rules/run-rules";
import { removeSynthesisOutput, synthesize } from "./stacks/synthesize";

/** Where `cdktf synth` expects the output; the CLI passes it in CDKTF_OUTDIR. */
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";

function main(): void {
  try {
    const config = loadConfig();
    // The storage stack uploads the built files, so a failed build stops here.
    const player = buildPlayer();
    synthesize(config, outdir, [securityRulesCheck()], player);
  } catch (error) {
    // An earlier synthesis must not pass for the result of this one.
    removeSynthesisOutput(outdir);
    if (error instanceof ConfigError || error instanceof SecurityRuleError || error instanceof PlayerBuildError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

main();
