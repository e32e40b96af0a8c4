import type { Config } from "../config/schema";
import type { StackId } from "../naming";
import type { SynthesizedStacks } from "../synthesize";

/** One place in the synthesized JSON where a rule does not hold. */
export interface Finding {
  readonly stack: StackId;
  /** Terraform address: `aws_s3_bucket.media_bucket`, `output.vpcId` or `provider.aws`. */
  readonly resource: string;
  /** The problem at that address, naming the attribute and its value. */
  readonly detail: string;
}

/**
 * A security rule on the synthesized Terraform JSON. A rule reads only the
 * final JSON, so escape hatches and overrides cannot slip past it.
 */
export interface SecurityRule {
  /** Stable id used in messages and suppressions, such as `PS-S3-002`. */
  readonly id: string;
  /** Kebab-case name of what the rule asserts; also its file name. */
  readonly name: string;
  /** One line: what is wrong when the rule finds something. */
  readonly what: string;
  /** One line: why it matters. */
  readonly why: string;
  check(stacks: SynthesizedStacks, config: Config): Finding[];
}
