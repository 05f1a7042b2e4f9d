// The CI gate's report: Markdown fit for a pull request or a mailing-list reply, plain text for a
// terminal, JSON for bots.

import type { CheckResult } from "../app/check-patch.js";
import type { checkView } from "../app/views/blame-view.js";
import type { BuildFigures } from "../app/build-record.js";
import { formatCount, formatSignedCount } from "../core/format-size.js";
import { type Format, renderJson, renderTable } from "./render-table.js";

const signed = (n: number | null) => (n === null ? "-" : formatSignedCount(n));
const VERDICT = { pass: "PASS", "over-budget": "FAIL", justified: "PASS (justified)", "head-failed": "FAIL" } as const;

export function renderCheck(r: CheckResult, v: ReturnType<typeof checkView>, format: Format, top = 10): string {
  if (format === "json") return renderJson(v);
  const md = format === "md";
  const code = (s: string) => (md ? `\`${s}\`` : s);
  const headline =
    r.verdict === "head-failed"
      ? `kbloat check: ${VERDICT[r.verdict]}: the head does not build (failed at ${r.head.record.failedStep})`
      : r.metric === "content"
        ? `kbloat check: ${VERDICT[r.verdict]}: ${signed(r.delta)} content bytes, budget ${signed(r.budget)}`
        : `kbloat check: ${VERDICT[r.verdict]}: ${signed(r.delta)} bytes of size's dec (content unknown on both: no link map), budget ${signed(r.budget)}`;
  const lines = [md ? `### ${headline}` : headline, ""];
  lines.push(`base ${code(r.base.revision.sha.slice(0, 12))} ${r.base.revision.subject}`.trimEnd());
  lines.push(`head ${code(r.head.revision.sha.slice(0, 12))} ${r.head.revision.subject}`.trimEnd());
  lines.push(`recipe ${r.base.record.recipe}, ${r.base.record.arch}, ${r.base.record.toolchain}`, "");
  if (r.verdict === "justified") lines.push(`over budget, and the head says why: Size-Justification: ${r.justification}`, "");
  if (r.verdict === "over-budget")
    lines.push(
      `over budget by ${formatCount((r.delta ?? 0) - r.budget)} bytes: shrink the change, or say why in a \`Size-Justification:\` trailer of the head commit`,
      "",
    );
  if (r.verdict === "head-failed") {
    const tail = (r.head.record.logTail ?? "").split("\n").slice(-15).join("\n");
    lines.push(md ? "```" : "", tail, md ? "```" : "", `the failure is stored: kbloat show ${r.head.record.id}`);
    return `${lines.join("\n")}\n`;
  }
  lines.push(
    renderTable(
      { head: ["", "base", "head", "delta"], numeric: [false, true, true, true], rows: figureRows(r.baseFigures, r.headFigures as BuildFigures) },
      md ? "md" : "text",
    ),
  );
  const objects = r.objects.filter((o) => o.delta !== 0).slice(0, top);
  if (objects.length) {
    lines.push(md ? "**largest object changes**\n" : "largest object changes:");
    lines.push(renderTable({ head: ["object", "delta"], numeric: [false, true], rows: objects.map((o) => [o.name, signed(o.delta)]) }, md ? "md" : "text"));
  }
  if (r.bloatOMeter)
    lines.push(md ? `<details><summary>bloat-o-meter</summary>\n\n\`\`\`\n${r.bloatOMeter}\`\`\`\n</details>` : `bloat-o-meter:\n${r.bloatOMeter}`);
  return `${lines.join("\n").trimEnd()}\n`;
}

function figureRows(a: BuildFigures, b: BuildFigures): (string | number)[][] {
  const row = (name: string, x: number | null, y: number | null) => [
    name,
    x === null ? "-" : formatCount(x),
    y === null ? "-" : formatCount(y),
    x === null || y === null ? "-" : signed(y - x),
  ];
  return [
    row("content", a.content, b.content),
    row("text", a.text, b.text),
    row("data", a.data, b.data),
    row("bss", a.bss, b.bss),
    row("size dec", a.total, b.total),
    row("image", a.image, b.image),
  ];
}
