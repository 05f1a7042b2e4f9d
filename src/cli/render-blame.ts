// An attribution for people (a table of culprits) and for machines (DESIGN.md's blame JSON).

import type { BlameResult } from "../app/blame-range.js";
import type { blameView } from "../app/views/blame-view.js";
import { formatCount, formatDelta, formatSigned } from "../core/format-size.js";
import { type Format, renderJson, renderTable } from "./render-table.js";

const signed = (n: number | null) => (n === null ? "" : formatSigned(n));

export function renderBlame(r: BlameResult, v: ReturnType<typeof blameView>, format: Format): string {
  if (format === "json") return renderJson(v);
  const head = [
    `${r.range}: ${r.commits} commits, ${r.pruned} pruned (they change nothing the build reads), ${r.builds} builds, threshold ${r.threshold} content bytes`,
  ];
  const table = renderTable(
    {
      head: ["commit", "author", "content", "text", "data", "bss", "size dec", "image", "subject"],
      numeric: [false, false, true, true, true, true, true, true, false],
      rows: r.culprits.map((c) => [
        c.commits.length > 1 ? `${c.commits[0].sha.slice(0, 12)}..${c.commits.at(-1)?.sha.slice(0, 12)}` : c.commits[0].sha.slice(0, 12),
        c.commits[0].author,
        signed(c.delta),
        signed(c.sizeDelta.text),
        signed(c.sizeDelta.data),
        signed(c.sizeDelta.bss),
        signed(c.sizeDelta.total),
        signed(c.imageDelta),
        c.commits.length > 1
          ? `${c.commits.length} commits, some did not build`
          : c.mergeRest
            ? `${c.commits[0].subject} (the merge itself, beyond its branch's commits)`
            : `${c.commits[0].subject}${c.via ? ` (via merge ${c.via.sha.slice(0, 12)})` : ""}`,
      ]),
    },
    format,
  );
  if (format !== "text") return table;
  const details = r.culprits
    .filter((c) => c.symbols.length || c.subsystems.length)
    .map((c) => {
      const symbols = c.symbols.map((s) => `${s.name} ${signed(s.delta)}`).join(", ");
      return `  ${c.commits[0].sha.slice(0, 12)}: ${symbols}${c.subsystems.length ? `  [${c.subsystems.join("; ")}]` : ""}`;
    });
  const tail = [
    ...r.churn.map(
      (c) =>
        `churn, not named: ${c.commits[0].sha.slice(0, 12)} ${c.commits[0].subject}: ` +
        `moved ${formatCount(c.gross)} bytes between symbols, content ${signed(c.delta) || 0}`,
    ),
    `below the threshold: ${formatDelta(r.belowThreshold)} (${signed(r.belowThreshold) || 0} bytes${r.churn.length ? ", churn included" : ""})`,
    ...(r.skipped.length ? [`skipped, did not build: ${r.skipped.map((s) => s.sha.slice(0, 12)).join(" ")}`] : []),
    `whole range: ${formatDelta(r.totalDelta)} (${signed(r.totalDelta) || 0} bytes of content)`,
  ];
  const culprits = r.culprits.length ? table : "no commit reaches the threshold\n";
  const biggest = details.length ? `\nbiggest symbol changes:\n${details.join("\n")}\n` : "";
  return `${head.join("\n")}\n\n${culprits}${biggest}\n${tail.join("\n")}\n`;
}
