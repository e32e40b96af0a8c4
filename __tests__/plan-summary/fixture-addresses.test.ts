import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { STACK_IDS, type StackId } from "../../stacks/naming";
import type { SynthesizedStacks } from "../../stacks/synthesize";
import { writePlayerFixture } from "../storage/player-fixture";
import { synthAll } from "../support/synth";
import { PLAN_FIXTURES } from "./helpers";

/**
 * Addresses in the plan fixtures that no configuration of the stacks
 * produces, each kept on purpose, with the reason.
 */
const FOREIGN_ADDRESSES: Readonly<Record<string, string>> = {
  "aws_medialive_input_security_group.rtmp_allow_list":
    "the RTMP input is a VPC input guarded by VPC security groups; the allow list of a public push input keeps the medialive-input-allow-list rule covered",
  "aws_ssm_parameter.encoder_note":
    "a type the stacks do not create, whose partly sensitive value exercises the masking of sensitive attributes",
  "aws_ssm_parameter.whole_object_sensitive":
    "a type the stacks do not create, whose wholly sensitive value exercises the masking of a whole object",
};

type Json = Record<string, any>;

/** Returns every resource and data source address in one stack's synthesized JSON. */
function addressesOf(stack: Json): string[] {
  const managed = Object.entries<Json>(stack.resource ?? {}).flatMap(
    ([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`),
  );
  const data = Object.entries<Json>(stack.data ?? {}).flatMap(
    ([type, blocks]) =>
      Object.keys(blocks).map((name) => `data.${type}.${name}`),
  );
  return [...managed, ...data];
}

/** Returns every resource address a JSON plan names: its changes and its planned values. */
function planAddresses(plan: Json): string[] {
  const fromModule = (module: Json | undefined): string[] => [
    ...(module?.resources ?? []).map((resource: Json) =>
      String(resource.address),
    ),
    ...(module?.child_modules ?? []).flatMap(fromModule),
  ];
  return [
    ...(plan.resource_changes ?? []).map((change: Json) =>
      String(change.address),
    ),
    ...(plan.resource_drift ?? []).map((change: Json) =>
      String(change.address),
    ),
    ...fromModule(plan.planned_values?.root_module),
    ...fromModule(plan.prior_state?.values?.root_module),
  ];
}

/** Returns the stack a fixture belongs to by its file name prefix, or undefined for a mixed fixture. */
function stackOfFixture(file: string): StackId | undefined {
  return Object.values(STACK_IDS).find((id) => file.startsWith(`${id}-`));
}

const FIXTURE_FILES = readdirSync(PLAN_FIXTURES).filter((file) =>
  file.endsWith(".json"),
);

/** Synthesized addresses per stack, over every configuration below. */
const synthesized = new Map<StackId, Set<string>>(
  Object.values(STACK_IDS).map((id) => [id, new Set<string>()]),
);

beforeAll(() => {
  const player = writePlayerFixture();
  try {
    const configurations: Record<string, unknown>[] = [
      // Defaults, with a player build so that its objects exist.
      {},
      // Signed links add the authorizer and the signing key; carol's certificate appears in a removal.
      { viewerAccess: "signed-links", vpn: { users: ["alice", "carol"] } },
      { viewerAccess: "cognito" },
    ];
    for (const overrides of configurations) {
      const stacks: SynthesizedStacks = synthAll(overrides, player);
      for (const id of Object.values(STACK_IDS)) {
        for (const address of addressesOf(stacks[id] as Json))
          synthesized.get(id)!.add(address);
      }
    }
  } finally {
    rmSync(player.outdir, { recursive: true, force: true });
  }
}, 60_000);

describe("plan fixture addresses", () => {
  test("fixtures are found", () => {
    expect(FIXTURE_FILES.length).toBeGreaterThanOrEqual(6);
  });

  test.each(FIXTURE_FILES)("%s names synthesized resources", (file) => {
    const plan = JSON.parse(
      readFileSync(join(PLAN_FIXTURES, file), "utf8"),
    ) as Json;
    const stack = stackOfFixture(file);
    const known =
      stack === undefined
        ? [...synthesized.values()].flatMap((set) => [...set])
        : [...synthesized.get(stack)!];
    const unknown = [...new Set(planAddresses(plan))].filter(
      (address) => !known.includes(address) && !(address in FOREIGN_ADDRESSES),
    );
    expect(unknown).toEqual([]);
  });

  test("every foreign address is used and never synthesized", () => {
    const used = new Set(
      FIXTURE_FILES.flatMap((file) =>
        planAddresses(
          JSON.parse(readFileSync(join(PLAN_FIXTURES, file), "utf8")) as Json,
        ),
      ),
    );
    const allSynthesized = [...synthesized.values()].flatMap((set) => [...set]);
    for (const address of Object.keys(FOREIGN_ADDRESSES)) {
      expect(used).toContain(address);
      expect(allSynthesized).not.toContain(address);
    }
  });
});
