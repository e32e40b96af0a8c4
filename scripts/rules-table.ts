import { ALL_RULES } from "../stacks/rules/all-rules";

/** Renders the README's table of security rules from the rule pack itself. */
export function renderRulesTable(): string {
  const rows = ALL_RULES.map(
    (rule) =>
      `| \`${rule.id}\` | \`${rule.name}\` | ${rule.what} | ${rule.why} |`,
  );
  return [
    "| id | rule | what is wrong | why it matters |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

if (require.main === module) process.stdout.write(`${renderRulesTable()}\n`);
