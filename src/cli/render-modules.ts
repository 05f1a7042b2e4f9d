// The modularization report and bytes per option, for people and for machines.

import type { ModulesResult, OptionAttribution } from "../app/modules-report.js";
import type { ModularOption, Verdict } from "../core/modularization.js";
import { formatBytes, formatCount, formatPercent } from "../core/format-size.js";
import { type Format, renderJson, renderTable } from "./render-table.js";
import { modulesView, optionsView, readableReason, verdictText, whyView } from "../app/views/modules-view.js";
import type { ModulesPicture } from "../app/modules-target.js";
import { groupBySelector } from "../core/modularization.js";

/** CSV cells are plain integers; people get thousands separators */
const countFor = (format: Format) => (format === "csv" ? (n: number) => n : formatCount);

export function renderModules(r: ModulesResult, picture: ModulesPicture, top: number | undefined, format: Format): string {
  const s = r.report.summary;
  if (format === "json") return renderJson(modulesView(r, top, picture));
  const count = countFor(format);
  const shown = top === undefined ? r.report.options : r.report.options.slice(0, top);
  // CSV says it in a column of its own, every row: a CSV reader sees no headline
  const csv = format === "csv";
  const table = renderTable(
    {
      head: ["option", "type", "bytes", "verdict", "why it is built in", ...(csv ? ["approximate"] : [])],
      numeric: [false, false, true, false, false, false],
      rows: shown.map((o) => [o.symbol, o.type, count(o.bytes), verdictOf(o), shortReason(o), ...(csv ? [String(r.approximate)] : [])]),
    },
    format,
  );
  const approx = r.approximate ? "approximate: the build has no link map, so its bytes are the sum of vmlinux.a's members (content unknown)" : null;
  if (format === "md" && approx) return `*${approx}*\n\n${table}`;
  if (format !== "text") return table;
  const verdicts = (v: Verdict) => r.report.options.filter((o) => o.verdict === v).length;
  const line = (label: string, bytes: number, extra = "") =>
    `  ${label.padEnd(44)} ${formatCount(bytes).padStart(11)}  ${formatPercent(bytes, s.kernelProper).padStart(6)}${extra}`;
  const before = picture.beforeMod ? [line(`left by yes2modconfig (from build ${picture.beforeMod.build.id})`, picture.beforeMod.left)] : [];
  const head = [
    `build ${r.build.id}: ${r.build.name}: kernel proper ` +
      (approx ? `about ${formatBytes(s.kernelProper)} (${approx})` : `${formatBytes(s.kernelProper)} (${formatCount(s.kernelProper)} content bytes)`) +
      `, ${r.report.options.length} options =y`,
    ...before,
    line("could leave by config alone (tristate =y)", s.couldLeave, `  ${verdicts("module-now")} options`),
    line("behind bool→tristate conversions", s.boolToTristate, `  ${verdicts("bool-to-tristate")} options`),
    line("behind a hidden prompt", s.hiddenPrompt, `  ${verdicts("hidden-prompt")} options`),
    line("forced in by a select", s.forcedBySelect, `  ${verdicts("forced-by-select")} options`),
    ...groupBySelector(r.report.options)
      .slice(0, 3)
      .map((g) => line(`  held by ${g.selectors.join(" + ")}`.slice(0, 44), g.bytes, `  ${g.options.length} options`)),
    line("core: cannot leave", s.core, `  ${verdicts("core")} options, ${formatCount(s.unconditional)} bytes unconditional obj-y`),
    ...(s.unattributed || s.unexplained ? [line("objects kbloat could not place", s.unattributed + s.unexplained)] : []),
  ];
  const warn = r.kconfigErrors.length
    ? [`kconfig: ${r.kconfigErrors.length} lines not understood (${r.skippedEntries} entries skipped), first: ${r.kconfigErrors[0]}`]
    : [];
  const more = top !== undefined && r.report.options.length > top ? `[${r.report.options.length - top} more options: --top N, or --format json for all]\n` : "";
  return `${[...head, ...warn, ...targetLines(picture.target)].join("\n")}\n\n${table}${more}`;
}

function verdictOf(o: ModularOption): string {
  return verdictText(o.verdict, o.selectedBy, o.unlockedBy);
}

/** the reason without the file:line detail of the JSON */
function shortReason(o: ModularOption): string {
  return readableReason(o.reason, true);
}

export function renderOptions(a: OptionAttribution, top: number | undefined, format: Format): string {
  const total = a.rows.reduce((s, r) => s + r.size, 0);
  if (format === "json") return renderJson(optionsView(a, top));
  const shown = top === undefined ? a.rows : a.rows.slice(0, top);
  const table = renderTable(
    {
      head: ["option", "text", "data", "bss", "total", "% content", "objects"],
      numeric: [false, true, true, true, true, true, false],
      rows: shown.map((r) => [
        r.name,
        r.text,
        r.data,
        r.bss,
        r.size,
        formatPercent(r.size, total),
        r.objects.length > 3 ? `${r.objects.slice(0, 3).join(" ")} +${r.objects.length - 3}` : r.objects.join(" "),
      ]),
    },
    format,
  );
  if (format !== "text") return table;
  const undecided = a.unevaluated ? ` (${a.unevaluated} Makefile conditions kbloat could not decide)` : "";
  const objects = `${formatCount(a.m.objects.length)} objects`;
  const head = `build ${a.build.id}: ${a.build.name}: ${formatCount(total)} bytes in ${objects}, by the option that brings each in${undecided}`;
  const more = top !== undefined && a.rows.length > top ? `[${a.rows.length - top} more rows: --top N]\n` : "";
  return `${head}\n\n${table}${more}`;
}

/** modules --why X: one option, with the reason in full (file:line included). */
export function renderWhy(r: ModulesResult, o: ModularOption, format: Format): string {
  if (format === "json") return renderJson(whyView(r, o));
  const lines = [
    `CONFIG_${o.symbol}=y in build ${r.build.id} (${r.build.name}): ${o.type}, ${formatCount(o.bytes)} bytes of its own objects`,
    `  verdict  ${verdictOf(o)}`,
    `  why      ${readableReason(o.reason)}`,
  ];
  if (o.chain.length > 1) lines.push(`  chain    ${o.chain.join(" <- ")}`);
  if (o.verdict === "hidden-prompt") lines.push(`  try      --enable ${o.unlockedBy.join(" --enable ")} --disable ${o.symbol}`);
  lines.push(`  objects  ${o.objects.length ? o.objects.join(" ") : "none of its own"}`);
  return `${lines.join("\n")}\n`;
}

function targetLines(t: ModulesPicture["target"]): string[] {
  if (!t) return [];
  const where = t.distance <= 0 ? `reached: ${formatCount(-t.distance)} bytes below it` : `${formatCount(t.distance)} bytes to go`;
  const lines = [`target ${formatBytes(t.target)} (${formatCount(t.target)} bytes): ${where}`];
  if (t.distance <= 0) return lines;
  for (const p of t.picked) lines.push(`  CONFIG_${p.symbol}=m`.padEnd(46) + `${formatCount(p.saving).padStart(11)}  proven`);
  lines.push(
    t.remaining <= 0
      ? `  closed by ${t.picked.length} proven modularization${t.picked.length > 1 ? "s" : ""}, ${formatCount(-t.remaining)} bytes to spare`
      : `  still ${formatCount(t.remaining)} bytes to go${unprovenNote(t.unproven)}`,
  );
  return lines;
}

function unprovenNote(unproven: string[]): string {
  if (!unproven.length) return "";
  const named = `${unproven.slice(0, 6).join(" ")}${unproven.length > 6 ? " …" : ""}`;
  return `; ${unproven.length} candidates not proven yet (modules BUILD --prove N builds them): ${named}`;
}
