import type { SecurityRule } from "./rule";
import {
  blockList,
  resourcesOfType,
  singleBlock,
  type Block,
} from "./terraform-json";

/**
 * Input types that read a file. MediaLive pulls the file itself, so such an
 * input opens no endpoint and has no VPC settings.
 */
const FILE_INPUT_TYPES = new Set(["MP4_FILE", "TS_FILE"]);

/** URL scheme of an S3 object read over TLS. */
const S3_TLS_SCHEME = "s3ssl://";

function hasSubnets(value: unknown): boolean {
  // A list of subnet ids, or one expression such as a remote-state output that yields the list.
  if (Array.isArray(value)) return value.length > 0;
  return typeof value === "string" && value !== "";
}

/** Returns why a file input does not read from S3 over TLS, or undefined when it does. */
function fileInputProblem(input: Block): string | undefined {
  const sources = blockList(input.body.sources);
  if (sources.length === 0) return "has no sources";
  const index = sources.findIndex(
    (source) =>
      typeof source.url !== "string" || !source.url.startsWith(S3_TLS_SCHEME),
  );
  if (index === -1) return undefined;
  return `sources[${index}].url ${JSON.stringify(sources[index]!.url)} is not an ${S3_TLS_SCHEME} URL`;
}

/** Returns why a live input is not inside the VPC, or undefined when it is. */
function liveInputProblem(input: Block): string | undefined {
  const vpc = singleBlock(input.body.vpc);
  if (!vpc) return "has no vpc block";
  return hasSubnets(vpc.subnet_ids) ? undefined : "vpc.subnet_ids is empty";
}

export const medialiveInputInVpc: SecurityRule = {
  id: "PS-ML-001",
  name: "medialive-input-in-vpc",
  what: "A MediaLive input is neither a VPC input with subnets nor a file input read from S3 over TLS.",
  why: "A public input takes streams from the internet, where anyone who learns the URL can inject one; a file read without TLS can be swapped in transit.",
  check(stacks) {
    return resourcesOfType(stacks, "aws_medialive_input").flatMap((input) => {
      const type = input.body.type;
      const problem =
        typeof type === "string" && FILE_INPUT_TYPES.has(type)
          ? fileInputProblem(input)
          : liveInputProblem(input);
      return problem === undefined
        ? []
        : [{ stack: input.stack, resource: input.address, detail: problem }];
    });
  },
};
