import { buildPlayer, PlayerBuildError } from "./player/build";
import { ConfigError } from "./stacks/config/errors";
import { loadConfig } from "./stacks/config/load";
import {
  SecurityRuleError,
  securityRulesCheck,
} from "./stacks/rules/run-rules";
import {
  assertReplaceableOutput,
  OutputDirectoryError,
  removeSynthesisOutput,
  synthesize,
} from "./stacks/synthesize";

/**
 * Synthesizes the stacks into CDKTF_OUTDIR, where `cdktf synth` expects
 * them (@default "cdktf.out"), and returns the exit status: 0, or 1 after
 * writing a configuration, security rule or player build error to
 * `stderr`. Any other error is thrown.
 */
export function main(
  environment: NodeJS.ProcessEnv = process.env,
  stderr: Pick<NodeJS.WritableStream, "write"> = process.stderr,
): number {
  const outdir = environment.CDKTF_OUTDIR ?? "cdktf.out";
  try {
    assertReplaceableOutput(outdir);
  } catch (error) {
    if (!(error instanceof OutputDirectoryError)) throw error;
    stderr.write(`${error.message}\n`);
    return 1;
  }
  try {
    const config = loadConfig(environment);
    // The storage stack uploads the built files, so a failed build stops here.
    const player = buildPlayer();
    synthesize(config, outdir, [securityRulesCheck()], player);
    return 0;
  } catch (error) {
    // An earlier synthesis must not pass for the result of this one.
    removeSynthesisOutput(outdir);
    if (
      error instanceof ConfigError ||
      error instanceof SecurityRuleError ||
      error instanceof PlayerBuildError
    ) {
      stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

// Run only when started as the program, so that tests can import main().
if (require.main === module) {
  const status = main();
  if (status !== 0) process.exit(status);
}
