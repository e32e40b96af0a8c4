import {
  renderAttribute,
  renderSummary,
  COMMENT_MARKER,
  MAX_COMMENT_LENGTH,
} from "../../scripts/lib/plan-summary/render";
import { summarizePlan } from "../../scripts/lib/plan-summary/summary";
import { resourceChange, summarizeFixture } from "./helpers";

/** Every secret value written into the sensitivity fixtures. */
const SECRETS = [
  "NOOPSECRETKEY",
  "SIGNINGSECRET",
  "MARKEDSECRETOLD",
  "MARKEDSECRETNEW",
  "UNMARKEDKEYOLD",
  "UNMARKEDKEYNEW",
  "WHOLESECRETOLD",
  "WHOLESECRETNEW",
  "pw1",
  "pw2",
  "k1",
  "k2",
  "PRIVATE KEY",
];

describe("renderSummary", () => {
  test("no-op plan says no changes", () => {
    const markdown = renderSummary([
      summarizeFixture("network-no-op.json", "network"),
    ]);
    expect(markdown).toContain(
      "No changes in network: the deployed infrastructure matches the configuration.",
    );
    expect(markdown).not.toContain("### Needs attention");
    expect(markdown).toContain("| network | 0 | 0 | 0 | 0 | 2 |");
  });

  test("starts with the comment marker", () => {
    const markdown = renderSummary([
      summarizeFixture("network-no-op.json", "network"),
    ]);
    expect(
      markdown.startsWith(`${COMMENT_MARKER}\n## Terraform plan summary`),
    ).toBe(true);
  });

  test("multiple stacks keep their order", () => {
    const markdown = renderSummary([
      summarizeFixture("network-certificates.json", "network"),
      summarizeFixture("storage-bucket.json", "storage"),
      summarizeFixture("media-changes.json", "media"),
    ]);
    const rows = markdown
      .split("\n")
      .filter((line) => /^\| (network|storage|media) \|/.test(line));
    expect(rows).toEqual([
      "| network | 1 | 2 | 4 | 1 | 0 |",
      "| storage | 1 | 3 | 1 | 0 | 0 |",
      "| media | 0 | 6 | 4 | 0 | 0 |",
    ]);
  });

  test("attention comes before counts", () => {
    const markdown = renderSummary([
      summarizeFixture("media-changes.json", "media"),
    ]);
    const attention = markdown.indexOf("### Needs attention");
    const counts = markdown.indexOf("### Resources per stack");
    expect(attention).toBeGreaterThan(0);
    expect(counts).toBeGreaterThan(attention);
  });

  test("categories appear in order, bold", () => {
    const markdown = renderSummary([
      summarizeFixture("network-certificates.json", "network"),
      summarizeFixture("storage-bucket.json", "storage"),
      summarizeFixture("media-changes.json", "media"),
    ]);
    const titles = markdown
      .split("\n")
      .filter((line) =>
        /^\*\*(Outage|Redistribution|Exposure|Data loss):/.test(line),
      );
    expect(titles.map((title) => title.split(":")[0])).toEqual([
      "**Outage",
      "**Redistribution",
      "**Exposure",
      "**Data loss",
    ]);
  });

  test("impact lines name stack and address", () => {
    const markdown = renderSummary([
      summarizeFixture("media-changes.json", "media"),
    ]);
    expect(markdown).toContain(
      "- **media** `aws_medialive_channel.channel` will be updated in place. The provider stops",
    );
  });

  test("changes that matter nothing say so", () => {
    const plan = {
      format_version: "1.2",
      resource_changes: [
        resourceChange(
          "aws_vpc",
          "vpc",
          ["update"],
          { tags: {} },
          { tags: { a: "1" } },
        ),
      ],
    };
    const markdown = renderSummary([summarizePlan("network", plan)]);
    expect(markdown).toContain(
      "Nothing: no outage, no VPN profile or link to reissue, no access change and no data loss.",
    );
  });

  test("errored plan is flagged", () => {
    const markdown = renderSummary([
      summarizePlan("media", {
        format_version: "1.2",
        resource_changes: [],
        errored: true,
      }),
    ]);
    expect(markdown).toContain(
      "> **Warning:** planning media stopped on an error, so its changes are incomplete.",
    );
  });

  test("oversized details are left out", () => {
    const changes = Array.from({ length: 2000 }, (_, index) =>
      resourceChange(
        "aws_s3_object",
        `player_file_with_a_long_name_${index}`,
        ["update"],
        { etag: "a" },
        { etag: "b" },
      ),
    );
    const markdown = renderSummary([
      summarizePlan("storage", {
        format_version: "1.2",
        resource_changes: changes,
      }),
    ]);
    expect(markdown.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(markdown).toContain("Per-resource details are left out");
    expect(markdown).toContain("| storage | 0 | 2000 | 0 | 0 | 0 |");
  });
});

describe("sensitive values", () => {
  const markdown = renderSummary([
    summarizeFixture("sensitive-values.json", "media"),
    summarizeFixture("network-no-op.json", "network"),
    summarizeFixture("media-changes.json", "signing"),
  ]);

  test.each(SECRETS)("%s is never printed", (secret) => {
    expect(markdown).not.toContain(secret);
  });

  test("hidden attributes keep their names", () => {
    expect(markdown).toContain("`value` (value hidden)");
    expect(markdown).toContain("`stream_password` (value hidden)");
    expect(markdown).toContain("`private_key` (value hidden)");
    expect(markdown).toContain("`destinations` (value hidden)");
    expect(markdown).toContain("`note` (value hidden)");
  });

  test("non-sensitive short value is shown", () => {
    expect(markdown).toContain('`description` (`"old"` → `"new"`)');
  });
});

describe("renderAttribute", () => {
  test.each([
    [
      {
        name: "log_level",
        before: '"ERROR"',
        after: '"INFO"',
        unknownAfter: false,
        hidden: false,
        forcesReplacement: false,
      },
      '`log_level` (`"ERROR"` → `"INFO"`)',
    ],
    [
      {
        name: "arn",
        unknownAfter: true,
        hidden: false,
        forcesReplacement: false,
      },
      "`arn` (known after apply)",
    ],
    [
      {
        name: "policy",
        unknownAfter: false,
        hidden: false,
        forcesReplacement: false,
      },
      "`policy`",
    ],
    [
      {
        name: "bucket",
        before: '"a"',
        after: '"b"',
        unknownAfter: false,
        hidden: false,
        forcesReplacement: true,
      },
      '`bucket` (`"a"` → `"b"`, forces replacement)',
    ],
    [
      {
        name: "private_key_pem",
        unknownAfter: true,
        hidden: true,
        forcesReplacement: false,
      },
      "`private_key_pem` (value hidden)",
    ],
  ])("%j renders", (attribute, expected) => {
    expect(renderAttribute(attribute)).toBe(expected);
  });
});
