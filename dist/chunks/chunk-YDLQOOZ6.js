import { createRequire as __roCreateRequire } from 'node:module';
const require = __roCreateRequire(import.meta.url);

// src/report/doc.ts
var escapeCell = (s) => s.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
function toMarkdown(doc) {
  const out = [`## ${doc.title}`, ""];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case "heading":
        out.push(`${"#".repeat((b.level ?? 2) + 1)} ${b.text}`, "");
        break;
      case "text":
        out.push(b.text, "");
        break;
      case "table":
        out.push(
          `| ${b.headers.map(escapeCell).join(" | ")} |`,
          `| ${b.headers.map(() => "---").join(" | ")} |`
        );
        for (const r of b.rows) out.push(`| ${r.map(escapeCell).join(" | ")} |`);
        out.push("");
        break;
      case "list":
        for (const i of b.items) out.push(`- ${i}`);
        out.push("");
        break;
      case "code":
        out.push("```", b.text, "```", "");
        break;
      case "result":
        out.push(`**${b.label}: ${b.value}** ${b.ok === null ? "" : b.ok ? "\u2705" : "\u274C"}`.trimEnd(), "");
        break;
    }
  }
  return out.join("\n");
}
function toTerminal(doc, opts = {}) {
  const width = opts.width ?? 120;
  const redact = opts.redact ?? ((s) => s);
  const out = [doc.title, "=".repeat(Math.min(width, doc.title.length))];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case "heading":
        out.push("", b.text, "-".repeat(Math.min(width, b.text.length)));
        break;
      case "text":
        out.push(b.text);
        break;
      case "table": {
        const cells = [b.headers, ...b.rows].map((r) => r.map((c) => redact(c).replace(/\r?\n/g, " ")));
        const widths = b.headers.map(
          (_, i) => Math.min(60, Math.max(...cells.map((r) => (r[i] ?? "").length)))
        );
        const line = (r) => r.map(
          (c, i) => i === r.length - 1 ? c : c.length > widths[i] ? c.slice(0, widths[i] - 1) + "\u2026" : c.padEnd(widths[i])
        ).join("  ").trimEnd();
        out.push(line(cells[0]), widths.map((w) => "-".repeat(w)).join("  "));
        for (const r of cells.slice(1)) out.push(line(r));
        break;
      }
      case "list":
        for (const i of b.items) out.push(`  - ${i}`);
        break;
      case "code":
        out.push(...b.text.split("\n").map((l) => `    ${l}`));
        break;
      case "result":
        out.push("", `${b.label}: ${b.value}`);
        break;
    }
  }
  return out.join("\n") + "\n";
}

export {
  toMarkdown,
  toTerminal
};
