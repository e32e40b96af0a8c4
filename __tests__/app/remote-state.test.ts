import { NETWORK_OUTPUTS, STORAGE_OUTPUTS } from "../../stacks/contract";
import type { TerraformJson } from "../../stacks/synthesize";
import { synthAll } from "../support/synth";

const S3_BACKEND = {
  type: "s3",
  bucket: "events-terraform-state",
  region: "eu-central-1",
  keyPrefix: "streaming",
  dynamodbTable: "terraform-locks",
};

/** Lists every `data.terraform_remote_state.<producer>_state.outputs.<name>` a stack reads. */
function remoteReads(
  stack: TerraformJson,
): { producer: string; output: string }[] {
  const text = JSON.stringify({
    resource: stack.resource,
    data: stack.data,
    output: stack.output,
    locals: stack.locals,
  });
  const reads = [
    ...text.matchAll(
      /data\.terraform_remote_state\.(\w+)_state\.outputs\.(\w+)/g,
    ),
  ];
  return reads.map((match) => ({ producer: match[1], output: match[2] }));
}

describe("remote state", () => {
  const stacks = synthAll();

  test("every stack has its own local state file", () => {
    expect(stacks.network.terraform?.backend).toEqual({
      local: { path: "../../../terraform-state/demo/network.tfstate" },
    });
    expect(stacks.storage.terraform?.backend).toEqual({
      local: { path: "../../../terraform-state/demo/storage.tfstate" },
    });
    expect(stacks.media.terraform?.backend).toEqual({
      local: { path: "../../../terraform-state/demo/media.tfstate" },
    });
  });

  test("consumers read the producers' state files", () => {
    const storageState = (stacks.storage.data?.terraform_remote_state ??
      {}) as Record<string, unknown>;
    expect(storageState.network_state).toEqual({
      backend: "local",
      config: { path: "../../../terraform-state/demo/network.tfstate" },
    });
    const mediaState = (stacks.media.data?.terraform_remote_state ??
      {}) as Record<string, unknown>;
    expect(Object.keys(mediaState).sort()).toEqual([
      "network_state",
      "storage_state",
    ]);
  });

  test("every output read is published by its producer", () => {
    for (const consumer of [stacks.storage, stacks.media]) {
      for (const { producer, output } of remoteReads(consumer)) {
        const published =
          stacks[producer as "network" | "storage"].output ?? {};
        expect({ producer, output, published: output in published }).toEqual({
          producer,
          output,
          published: true,
        });
      }
    }
  });

  test("contract outputs are plain, not sensitive", () => {
    for (const name of Object.keys(NETWORK_OUTPUTS)) {
      expect(stacks.network.output?.[name]?.sensitive).toBe(false);
    }
    for (const name of Object.keys(STORAGE_OUTPUTS)) {
      expect(stacks.storage.output?.[name]?.sensitive).toBe(false);
    }
  });

  test("no automatic cross-stack outputs", () => {
    for (const stack of Object.values(stacks)) {
      for (const name of Object.keys(stack.output ?? {})) {
        expect(name).not.toMatch(/^cross-stack-output-/);
      }
    }
  });
});

describe("S3 backend", () => {
  const stacks = synthAll({ environment: "events", backend: S3_BACKEND });

  test("state key per environment and stack, encrypted and locked", () => {
    expect(stacks.storage.terraform?.backend).toEqual({
      s3: {
        bucket: "events-terraform-state",
        region: "eu-central-1",
        key: "streaming/events/storage.tfstate",
        encrypt: true,
        dynamodb_table: "terraform-locks",
        use_lockfile: true,
      },
    });
  });

  test("remote state reads the same bucket and key", () => {
    const state = (stacks.media.data?.terraform_remote_state ?? {}) as Record<
      string,
      { backend: string; config: Record<string, unknown> }
    >;
    expect(state.network_state.backend).toBe("s3");
    expect(state.network_state.config).toMatchObject({
      bucket: "events-terraform-state",
      region: "eu-central-1",
      key: "streaming/events/network.tfstate",
    });
    expect(state.storage_state.config.key).toBe(
      "streaming/events/storage.tfstate",
    );
  });

  test("lock table is optional", () => {
    const { dynamodbTable: _table, ...withoutTable } = S3_BACKEND;
    const backend = synthAll({ backend: withoutTable }).network.terraform
      ?.backend as { s3: Record<string, unknown> };
    expect(backend.s3.dynamodb_table).toBeUndefined();
    expect(backend.s3.use_lockfile).toBe(true);
  });
});

describe("stack dependencies", () => {
  test("manifest orders network, storage, media", () => {
    const stacks = synthAll();
    for (const stack of [stacks.network, stacks.storage, stacks.media]) {
      const [aws] = (stack.provider?.aws ?? []) as Record<string, unknown>[];
      expect(aws.region).toBe("us-east-1");
    }
  });
});
