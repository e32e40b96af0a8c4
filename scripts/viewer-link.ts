import { join } from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../stacks/config/errors";
import { loadConfig } from "../stacks/config/load";
import { STACK_IDS } from "../stacks/naming";
import {
  checkOutputsMatchConfig,
  checkViewerName,
  checkViewerNotRevoked,
  createViewerLink,
  extractViewerLinkOutputs,
  formatDuration,
  parseValidity,
  readOutputsFile,
  readTerraformOutputs,
  requireSignedLinks,
  ViewerLinkError,
} from "./lib/viewer-link";

const USAGE = `Usage: npm run viewer-link -- --viewer NAME --valid-for DURATION [--from FILE] [--endpoint-host]

Prints a player URL whose fragment (#token=...) carries a signed viewer token.
Needs "viewerAccess": "signed-links" and a deployed media stack.

  --viewer NAME          Viewer name stored in the token and in every log line:
                         1-64 letters, digits, '.', '_', '@' or '-'.
  --valid-for DURATION   Lifetime from now: whole d, h and m, such as 90m, 8h, 1d
                         or 1h30m; at most signedLinks.maxValidityHours.
  --from FILE            JSON from "terraform output -json" or "cdktf output --outputs-file".
                         Without it, runs "terraform output -json" in cdktf.out/stacks/media.
  --endpoint-host        Use the endpoint-specific host (<api id>-<vpce id>), which
                         resolves without private DNS.

The URL goes to standard output and nothing else does, so it can be piped.
The link is a password until it expires: send it only to the viewer.`;

function main(): void {
  const { values } = parseArgs({
    options: {
      viewer: { type: "string" },
      "valid-for": { type: "string" },
      from: { type: "string" },
      "endpoint-host": { type: "boolean", default: false },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const config = loadConfig();
  requireSignedLinks(config);
  const viewer = checkViewerName(values.viewer);
  checkViewerNotRevoked(viewer, config);
  if (values["valid-for"] === undefined) {
    throw new ViewerLinkError(
      "--valid-for is required. Fix: give the link's lifetime, for example --valid-for 8h",
    );
  }
  const validForSeconds = parseValidity(
    values["valid-for"],
    config.signedLinks.maxValidityHours,
  );

  const data =
    values.from !== undefined
      ? readOutputsFile(values.from)
      : readTerraformOutputs(join("cdktf.out", "stacks", STACK_IDS.media));
  const outputs = extractViewerLinkOutputs(data);
  checkOutputsMatchConfig(outputs, config);

  const link = createViewerLink({
    outputs,
    viewer,
    validForSeconds,
    useEndpointHost: values["endpoint-host"],
  });
  const expires = new Date(link.claims.exp * 1000).toISOString();
  process.stderr.write(
    `Link for viewer ${link.claims.sub}, valid for ${formatDuration(validForSeconds)} until ${expires}.\n` +
      `Token id ${link.claims.jti}: add it to signedLinks.revokedTokenIds and deploy the media stack to revoke this link.\n`,
  );
  process.stdout.write(`${link.url}\n`);
}

try {
  main();
} catch (error) {
  if (error instanceof ViewerLinkError || error instanceof ConfigError) {
    process.stderr.write(`viewer-link: ${error.message}\n`);
    process.exit(1);
  }
  if (
    error instanceof TypeError &&
    "code" in error &&
    String(error.code).startsWith("ERR_PARSE_ARGS")
  ) {
    process.stderr.write(`viewer-link: ${error.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
  throw error;
}
