import { ACTION_PHRASES } from "./actions";
import type { AttributeChange } from "./attributes";
import type { Impact } from "./classify";
import {
  IMPACT_CATEGORIES,
  type ImpactCategory,
  type PlannedChange,
} from "./rules/rule";
import type { StackSummary } from "./summary";

/** Hidden marker the workflow searches for to update its earlier comment instead of adding one. */
export const COMMENT_MARKER = "<!-- protected-streaming-plan-summary -->";

/** GitHub rejects comments longer than 65,536 characters; stay below with room to spare. */
export const MAX_COMMENT_LENGTH = 60_000;

const CATEGORY_TITLES: Readonly<Record<ImpactCategory, string>> = {
  outage:
    "Outage: a running stream stops, or the address viewers or the encoder use changes",
  redistribution:
    "Redistribution: people need new VPN profiles or viewer links",
  exposure:
    "Exposure: who or what can reach the stream, the bucket or the network changes",
  "data-loss": "Data loss: recordings or player files are deleted",
};

function code(text: string): string {
  return `\`${text}\``;
}

/** Renders one changed attribute: its name and, when safe and short, the old and new value. */
export function renderAttribute(attribute: AttributeChange): string {
  const notes: string[] = [];
  if (attribute.hidden) {
    notes.push("value hidden");
  } else if (attribute.unknownAfter) {
    notes.push("known after apply");
  } else if (attribute.before !== undefined && attribute.after !== undefined) {
    notes.push(`${code(attribute.before)} → ${code(attribute.after)}`);
  }
  if (attribute.forcesReplacement) notes.push("forces replacement");
  return notes.length > 0
    ? `${code(attribute.name)} (${notes.join(", ")})`
    : code(attribute.name);
}

/** Attributes that every new object gets anew, so listing them for a replacement adds nothing. */
const NEW_OBJECT_ATTRIBUTES: ReadonlySet<string> = new Set(["id", "arn"]);

function renderChangedList(change: PlannedChange): string {
  const shown = change.attributes.filter(
    (attribute) =>
      !(
        change.kind === "replace" &&
        attribute.unknownAfter &&
        NEW_OBJECT_ATTRIBUTES.has(attribute.name)
      ),
  );
  if (shown.length === 0) return "";
  return ` Changed: ${shown.map(renderAttribute).join(", ")}.`;
}

function describeChange(change: PlannedChange): string {
  return `${code(change.resource.address)} will be ${ACTION_PHRASES[change.kind]}.`;
}

function renderImpact(stack: string, impact: Impact): string {
  return `- **${stack}** ${describeChange(impact.change)} ${impact.reason}${renderChangedList(impact.change)}`;
}

function renderAttention(summaries: readonly StackSummary[]): string[] {
  const lines: string[] = ["### Needs attention", ""];
  let found = 0;
  for (const category of IMPACT_CATEGORIES) {
    const items = summaries.flatMap((summary) =>
      summary.impacts
        .filter((impact) => impact.category === category)
        .map((impact) => renderImpact(summary.label, impact)),
    );
    if (items.length === 0) continue;
    found += items.length;
    lines.push(`**${CATEGORY_TITLES[category]}**`, "", ...items, "");
  }
  if (found === 0) {
    lines.push(
      "Nothing: no outage, no VPN profile or link to reissue, no access change and no data loss.",
      "",
    );
  }
  return lines;
}

function renderCounts(summaries: readonly StackSummary[]): string[] {
  const rows = summaries.map(({ label, counts }) =>
    [
      label,
      counts.create,
      counts.update,
      counts.replace,
      counts.delete,
      counts["no-op"],
    ].join(" | "),
  );
  return [
    "### Resources per stack",
    "",
    "| Stack | Create | Update | Replace | Destroy | Unchanged |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map((row) => `| ${row} |`),
    "",
  ];
}

function describeCounts(summary: StackSummary): string {
  const { counts } = summary;
  const parts = [
    counts.create > 0 ? `${counts.create} to create` : "",
    counts.update > 0 ? `${counts.update} to update` : "",
    counts.replace > 0 ? `${counts.replace} to replace` : "",
    counts.delete > 0 ? `${counts.delete} to destroy` : "",
  ].filter((part) => part !== "");
  return parts.length > 0 ? parts.join(", ") : "no changes";
}

function renderDetails(summaries: readonly StackSummary[]): string[] {
  const lines: string[] = [];
  for (const summary of summaries) {
    if (summary.changes.length === 0) continue;
    lines.push(
      `<details><summary>${summary.label}: ${describeCounts(summary)}</summary>`,
      "",
    );
    for (const change of summary.changes)
      lines.push(`- ${describeChange(change)}${renderChangedList(change)}`);
    lines.push("", "</details>", "");
  }
  return lines;
}

function renderWarnings(summaries: readonly StackSummary[]): string[] {
  return summaries
    .filter((summary) => summary.errored)
    .flatMap((summary) => [
      `> **Warning:** planning ${summary.label} stopped on an error, so its changes are incomplete.`,
      "",
    ]);
}

/** Renders the pull request comment for the plans of one or more stacks, in the order given. */
export function renderSummary(summaries: readonly StackSummary[]): string {
  const noChanges = summaries.every((summary) => summary.changes.length === 0);
  const head = [
    COMMENT_MARKER,
    "## Terraform plan summary",
    "",
    ...renderWarnings(summaries),
  ];
  const body = noChanges
    ? [
        `No changes in ${summaries.map((summary) => summary.label).join(", ")}: the deployed infrastructure matches the configuration.`,
        "",
      ]
    : renderAttention(summaries);
  const counts = renderCounts(summaries);
  const footer = [
    "Each stack is planned against the deployed state of the stacks before it, so a change to an earlier stack reaches the later plans only after it is applied.",
    "",
  ];

  const full = [
    ...head,
    ...body,
    ...counts,
    ...renderDetails(summaries),
    ...footer,
  ].join("\n");
  if (full.length <= MAX_COMMENT_LENGTH) return full;
  const note =
    "Per-resource details are left out because the comment would exceed GitHub's size limit; read them in the workflow log.";
  return [...head, ...body, ...counts, note, "", ...footer].join("\n");
}
