// One table, four renderings: a human table, CSV, Markdown, and (elsewhere) JSON.

import Table from "cli-table3";

import type { Format } from "./output-format.js";

export { FORMATS, type Format } from "./output-format.js";

export interface TableData {
  head: string[];
  /** columns aligned right (numbers) */
  numeric: boolean[];
  rows: (string | number)[][];
}

export function renderTable(t: TableData, format: Exclude<Format, "json">): string {
  if (format === "csv") return [t.head, ...t.rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
  if (format === "md") {
    const sep = t.numeric.map((n) => (n ? "---:" : "---"));
    return [t.head, sep, ...t.rows].map((r) => `| ${r.map((c) => String(c).replace(/\|/g, "\\|")).join(" | ")} |`).join("\n") + "\n";
  }
  const table = new Table({
    head: t.head,
    style: { head: [], border: [], compact: true },
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "  ",
    },
    colAligns: t.numeric.map((n) => (n ? "right" : "left")),
  });
  for (const r of t.rows) table.push(r.map(String));
  return (
    table
      .toString()
      .split("\n")
      .map((l) => l.trimEnd())
      .join("\n") + "\n"
  );
}

function csvCell(c: string | number): string {
  const s = String(c);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A read-API document as the CLI prints it. */
export function renderJson(doc: object): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
