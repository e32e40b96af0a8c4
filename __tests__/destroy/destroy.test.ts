import type { SynthesizedStacks, TerraformJson } from "../../stacks/synthesize";
import { synthAll } from "../support/synth";

/**
 * `cdktf destroy media storage network` must finish without a manual step.
 * These tests read the synthesized JSON for the properties that decide it.
 */

type Resources = Record<string, Record<string, unknown>>;

let stacks: SynthesizedStacks;
let keepingRecordings: SynthesizedStacks;

beforeAll(() => {
  stacks = synthAll();
  keepingRecordings = synthAll({ storage: { forceDestroy: false } });
});

/** Collects every resource of a type across the stacks, keyed `<stack>.<type>.<name>`, and fails when there is none. */
function resourcesOfType(all: SynthesizedStacks, type: string): Resources {
  const found: Resources = {};
  for (const [stackId, stack] of Object.entries(all) as [
    string,
    TerraformJson,
  ][]) {
    for (const [name, body] of Object.entries(stack.resource?.[type] ?? {}))
      found[`${stackId}.${type}.${name}`] = body;
  }
  if (Object.keys(found).length === 0)
    throw new Error(`no ${type} in any synthesized stack yet`);
  return found;
}

/** Collects every resource in every stack, keyed `<stack>.<type>.<name>`. */
function allResources(all: SynthesizedStacks): Resources {
  const found: Resources = {};
  for (const [stackId, stack] of Object.entries(all) as [
    string,
    TerraformJson,
  ][]) {
    for (const [type, byName] of Object.entries(stack.resource ?? {})) {
      for (const [name, body] of Object.entries(byName))
        found[`${stackId}.${type}.${name}`] = body;
    }
  }
  return found;
}

function remoteStateReads(stack: TerraformJson): string[] {
  const data = stack.data as
    | Record<string, Record<string, unknown>>
    | undefined;
  return Object.keys(data?.terraform_remote_state ?? {}).sort();
}

describe("destroy", () => {
  test("nothing has prevent_destroy", () => {
    const resources = allResources(stacks);
    expect(Object.keys(resources).length).toBeGreaterThan(0);
    const protectedOnes = Object.entries(resources)
      .filter(
        ([, body]) =>
          (body.lifecycle as { prevent_destroy?: unknown } | undefined)
            ?.prevent_destroy === true,
      )
      .map(([address]) => address);
    expect(protectedOnes).toEqual([]);
  });

  test("nothing has skip_destroy", () => {
    const skipped = Object.entries(allResources(stacks))
      .filter(([, body]) => body.skip_destroy === true)
      .map(([address]) => address);
    expect(skipped).toEqual([]);
  });

  test("log groups are deleted", () => {
    const groups = resourcesOfType(stacks, "aws_cloudwatch_log_group");
    for (const [address, group] of Object.entries(groups)) {
      expect({ address, skip_destroy: group.skip_destroy ?? false }).toEqual({
        address,
        skip_destroy: false,
      });
    }
  });

  test("buckets force_destroy by default", () => {
    const buckets = resourcesOfType(stacks, "aws_s3_bucket");
    for (const [address, bucket] of Object.entries(buckets)) {
      expect({ address, force_destroy: bucket.force_destroy }).toEqual({
        address,
        force_destroy: true,
      });
    }
  });

  test("forceDestroy false keeps buckets", () => {
    const buckets = resourcesOfType(keepingRecordings, "aws_s3_bucket");
    for (const [address, bucket] of Object.entries(buckets)) {
      expect({ address, force_destroy: bucket.force_destroy }).toEqual({
        address,
        force_destroy: false,
      });
    }
  });

  test("no object lock blocks emptying", () => {
    // force_destroy cannot delete objects under an Object Lock retention.
    const buckets = resourcesOfType(stacks, "aws_s3_bucket");
    for (const [address, bucket] of Object.entries(buckets)) {
      expect({
        address,
        object_lock_enabled: bucket.object_lock_enabled ?? false,
      }).toEqual({ address, object_lock_enabled: false });
    }
    const lockConfigurations = Object.values(stacks).flatMap((stack) =>
      Object.keys(
        stack.resource?.aws_s3_bucket_object_lock_configuration ?? {},
      ),
    );
    expect(lockConfigurations).toEqual([]);
  });

  test("channel exists to be stopped", () => {
    // terraform-provider-aws, internal/service/medialive/channel.go:
    // resourceChannelDelete reads the channel and calls StopChannel when its
    // state is RUNNING, then DeleteChannel, whatever start_channel is set to. So a
    // channel started by hand with `aws medialive start-channel` is stopped
    // on destroy as well.
    const channels = resourcesOfType(stacks, "aws_medialive_channel");
    for (const [address, channel] of Object.entries(channels)) {
      expect({ address, start_channel: typeof channel.start_channel }).toEqual({
        address,
        start_channel: "boolean",
      });
    }
  });

  test("channel is destroyed before its input", () => {
    // MediaLive refuses to delete an input that a channel still uses; the
    // reference makes Terraform delete the channel first.
    const channels = resourcesOfType(stacks, "aws_medialive_channel");
    const inputs = Object.keys(
      resourcesOfType(stacks, "aws_medialive_input"),
    ).map((address) => address.split(".").slice(1).join("."));
    for (const [address, channel] of Object.entries(channels)) {
      const attachments = (channel.input_attachments ?? []) as {
        input_id?: string;
      }[];
      const referenced = attachments.map((attachment) => attachment.input_id);
      expect({ address, referenced }).toEqual({
        address,
        referenced: inputs.map((input) => `\${${input}.id}`),
      });
    }
  });

  test("API execution logs go to a managed group", () => {
    // With logging on, API Gateway writes to API-Gateway-Execution-Logs_<api id>/<stage>
    // and creates that group itself unless Terraform manages it, so a destroy would leave it behind.
    const settings = Object.values(
      resourcesOfType(stacks, "aws_api_gateway_method_settings"),
    );
    const logging = settings.some((setting) => {
      const level = (setting.settings as { logging_level?: string } | undefined)
        ?.logging_level;
      return level !== undefined && level !== "OFF";
    });
    const names = Object.values(
      resourcesOfType(stacks, "aws_cloudwatch_log_group"),
    ).map((group) => String(group.name));
    if (logging)
      expect(
        names.some((name) => name.startsWith("API-Gateway-Execution-Logs_")),
      ).toBe(true);
  });

  test("Cognito user pool has no deletion protection", () => {
    // With deletion protection ACTIVE, Cognito refuses DeleteUserPool until
    // someone turns it off by hand.
    const pools = resourcesOfType(
      synthAll({ viewerAccess: "cognito" }),
      "aws_cognito_user_pool",
    );
    for (const [address, pool] of Object.entries(pools)) {
      expect({
        address,
        deletion_protection: pool.deletion_protection,
      }).toEqual({ address, deletion_protection: "INACTIVE" });
    }
  });

  test("stacks read state in deploy order", () => {
    // Destroying media, then storage, then network never removes state that a remaining stack reads.
    expect(remoteStateReads(stacks.network)).toEqual([]);
    expect(remoteStateReads(stacks.storage)).toEqual(["network_state"]);
    expect(remoteStateReads(stacks.media)).toEqual([
      "network_state",
      "storage_state",
    ]);
  });
});
