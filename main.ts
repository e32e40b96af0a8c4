import { ConfigError } from "./stacks/config/errors";
import { loadConfig } from "./stacks/config/load";
import { removeSynthesisOutput, synthesize } from "./stacks/synthesize";

/** Where `cdktf synth` expects the output; the CLI passes it in CDKTF_OUTDIR. */
const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out";

function main(): void {
  try {
    const config = loadConfig();
    synthesize(config, outdir);
  } catch (error) {
    // An earlier synthesis must not pass for the result of this one.
    removeSynthesisOutput(outdir);
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

main();
