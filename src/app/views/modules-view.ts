// The read API's views of the modularization guru: `modules`, `modules --why`, `options` and
// `options --exact` (DESIGN.md "Machine output"), for the CLI and the modules page.

import { groupBySelector, type ModularOption } from "../../core/modularization.js";
import type { ModulesPicture } from "../modules-target.js";
import type { ModulesResult, OptionAttribution } from "../modules-report.js";
import type { ExactResult } from "../options-exact.js";
import { netSaving } from "../../core/module-layout.js";
import type { ProofResult } from "../prove-modules.js";
import { document } from "./schema.js";

/** A reason as people read it: without the symbol's own "X bool prompt=… module=…:" head, and
 *  with `short`, without the file:line of each step. */
export function readableReason(reason: string, short = false): string {
  const text = reason.replace(/^\S+ (bool|tristate) prompt=\S+ module=\S+: /, "");
  return short ? text.replace(/ \([^()]*:\d+\)/g, "") : text;
}

/** Each verdict as a person reads it, in the order the summary lists them. */
export const VERDICT_TEXT: Record<ModularOption["verdict"], string> = {
  "module-now": "can be a module now",
  "bool-to-tristate": "needs bool→tristate",
  "hidden-prompt": "can be turned off once … is set",
  "forced-by-select": "forced by select",
  setting: "a setting: no objects of its own",
  core: "core",
};

/** one option's verdict with whom it names: its selectors, or the options that show its prompt */
export function verdictText(verdict: ModularOption["verdict"], selectedBy: string[], unlockedBy: string[]): string {
  if (verdict === "forced-by-select") return `forced by select (${selectedBy.join(", ")})`;
  if (verdict === "hidden-prompt") return `can be turned off once ${unlockedBy.join(", ")} ${unlockedBy.length > 1 ? "are" : "is"} set`;
  return VERDICT_TEXT[verdict];
}

const optionView = (o: ModularOption) => ({
  symbol: o.symbol,
  type: o.type,
  value: o.value,
  bytes: o.bytes,
  verdict: o.verdict,
  reason: o.reason,
  selected_by: o.selectedBy,
  unlocked_by: o.unlockedBy,
});

/** `top` keeps the N options with the most bytes; `more` says how many were left out. */
export function modulesView(r: ModulesResult, top?: number, picture: ModulesPicture = { beforeMod: null, target: null }) {
  const s = r.report.summary;
  const all = r.report.options;
  const shown = top === undefined ? all : all.slice(0, top);
  return document({
    build: { id: r.build.id, name: r.build.name },
    kernel_proper: s.kernelProper,
    approximate: r.approximate,
    summary: {
      could_leave: s.couldLeave,
      bool_to_tristate: s.boolToTristate,
      hidden_prompt: s.hiddenPrompt,
      forced_by_select: s.forcedBySelect,
      core: s.core,
      unconditional: s.unconditional,
      unattributed: s.unattributed,
      unexplained: s.unexplained,
    },
    counts: countVerdicts(all),
    left_by_yes2modconfig: picture.beforeMod ? { bytes: picture.beforeMod.left, build: picture.beforeMod.build.id } : null,
    forced_by_selector: groupBySelector(all).slice(0, 10),
    target: picture.target,
    options: shown.map(optionView),
    more: all.length - shown.length,
    kconfig_errors: r.kconfigErrors,
    skipped_entries: r.skippedEntries,
  });
}
export type ModulesView = ReturnType<typeof modulesView>;

function countVerdicts(options: ModularOption[]): Record<ModularOption["verdict"], number> {
  const counts = { "module-now": 0, "bool-to-tristate": 0, "hidden-prompt": 0, "forced-by-select": 0, setting: 0, core: 0 };
  for (const o of options) counts[o.verdict]++;
  return counts;
}

export function whyView(r: ModulesResult, o: ModularOption) {
  return document({ build: { id: r.build.id, name: r.build.name }, option: { ...optionView(o), chain: o.chain, objects: o.objects } });
}

/** `top` folds the rows past the N largest into one "[N more]" row, as `show` does. */
export function optionsView(a: OptionAttribution, top?: number) {
  const total = a.rows.reduce((s, r) => s + r.size, 0);
  const rows = a.rows.map((r) => ({ name: r.name, size: r.size, text: r.text, data: r.data, bss: r.bss, objects: r.objects }));
  const kept = top === undefined || rows.length <= top + 1 ? rows : rows.slice(0, top);
  const rest = rows.slice(kept.length);
  const folded = rest.length ? [{ name: `[${rest.length} more]`, ...sumColumns(rest), objects: rest.flatMap((r) => r.objects) }] : [];
  return document({ build: { id: a.build.id, name: a.build.name }, total, rows: [...kept, ...folded], unevaluated: a.unevaluated });
}
export type OptionsView = ReturnType<typeof optionsView>;

function sumColumns(rows: { size: number; text: number; data: number; bss: number }[]) {
  const s = { size: 0, text: 0, data: 0, bss: 0 };
  for (const r of rows) {
    s.size += r.size;
    s.text += r.text;
    s.data += r.data;
    s.bss += r.bss;
  }
  return s;
}

export function exactView(r: ExactResult) {
  const b = r.attribution.build;
  const options = r.options.map((o) => ({
    symbol: o.symbol,
    static: o.static,
    measured: o.measured,
    build: o.build?.id ?? null,
    also_off: o.alsoOff,
    turned_on: o.turnedOn,
    unlocked_by: o.unlockedBy,
    note: o.note,
  }));
  return document({ build: { id: b.id, name: b.name }, options, skipped: r.skipped });
}

export function proveView(r: ProofResult) {
  const b = r.attribution.build;
  const proofs = r.proofs.map((p) => {
    const net = netSaving(p);
    return {
      symbol: p.symbol,
      static: p.static,
      left: p.left,
      build: p.build?.id ?? null,
      modules: p.modules.map((m) => ({ path: m.path, file: m.file, text: m.text, data: m.data, bss: m.bss, loaded: m.loaded, init: m.init })),
      loaded: net.loaded,
      saving_if_loaded: net.ifLoaded,
      saving_if_not_loaded: net.ifNotLoaded,
      also_module: p.alsoModule,
      also_off: p.alsoOff,
      verdict: p.verdict,
      cause: p.cause,
      patch: p.patch,
      ifdef_users: p.ifdefUsers,
    };
  });
  return document({ build: { id: b.id, name: b.name }, proofs });
}
