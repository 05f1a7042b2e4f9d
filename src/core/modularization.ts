// The modularization report: for every option built in (=y), why it is built in, the bytes it
// puts into the kernel proper, and a verdict on what it would take to move them out.
//
// Bytes come from the Kbuild attribution: an object's bytes belong to the innermost enabled
// option of its chain (src/core/kbuild/option-rollup.ts). Verdicts, in this order:
//   forced-by-select  a =y option selects it: it follows its selector (named), whatever its type
//   module-now        a tristate left at y that could be m now
//   bool-to-tristate  a bool a user can change: its code could leave once it is a tristate
//   hidden-prompt     no prompt is visible now, but one shows once other options are set
//                     (named: `bool "…" if PROCESSOR_SELECT`, a `visible if EXPERT` menu), and then
//                     it can be turned off
//   setting           one of the three above, but with no objects of its own: a switch
//                     (EXPERT, SLUB_TINY), nothing a module could hold
//   core              cannot leave: no prompt any configuration shows (a default), a bool
//                     choice's pick (another member would take its place), modules off, or
//                     the option that turns modules on (a module cannot hold the loader);
//                     and the objects listed unconditionally (obj-y)

import type { BuiltinExplanation } from "./kconfig/explain-builtins.js";
import { UNCONDITIONAL } from "./kbuild/option-rollup.js";
import { UNATTRIBUTED, type RollupRow } from "./rollup.js";

export type Verdict = "module-now" | "bool-to-tristate" | "hidden-prompt" | "forced-by-select" | "setting" | "core";
export const VERDICTS: Verdict[] = ["module-now", "bool-to-tristate", "hidden-prompt", "forced-by-select", "setting", "core"];

export interface ModularOption {
  symbol: string;
  type: "bool" | "tristate";
  value: "y";
  /** content bytes of the objects it brings in directly */
  bytes: number;
  verdict: Verdict;
  /** the selectors for forced-by-select, the whole chain up to a root */
  selectedBy: string[];
  chain: string[];
  /** for hidden-prompt: the options to set (now n) for its prompt to show, in order */
  unlockedBy: string[];
  /** its own objects (the ones whose bytes it holds) */
  objects: string[];
  /** one line a person reads: why it is built in */
  reason: string;
}

export interface ModularizationSummary {
  /** content bytes of the kernel proper */
  kernelProper: number;
  /** bytes that could leave by config alone (module-now) */
  couldLeave: number;
  /** bytes behind bool→tristate conversions */
  boolToTristate: number;
  /** bytes that can be turned off once the options a hidden prompt waits for are set */
  hiddenPrompt: number;
  /** bytes that follow a selector */
  forcedBySelect: number;
  /** bytes of core: unconditional obj-y plus options that cannot leave */
  core: number;
  /** of core, the objects listed unconditionally */
  unconditional: number;
  /** object bytes the Kbuild reader could not place */
  unattributed: number;
  /** bytes of option rows with no =y bool/tristate explanation (the Kconfig reader did not know them) */
  unexplained: number;
}

export interface ModularizationReport {
  summary: ModularizationSummary;
  /** largest first */
  options: ModularOption[];
}

/**
 * `rows` are the option rows of the build's objects (names `CONFIG_X`, `[obj-y]`,
 * `[unattributed]`); `kernelProper` its content bytes; `describe` turns an explanation into a
 * line of text.
 */
export function computeModularization(
  explanations: BuiltinExplanation[],
  rows: (RollupRow & { objects?: string[] })[],
  kernelProper: number,
  describe: (e: BuiltinExplanation) => string,
  /** the symbol that turns modules on (`modules` in its Kconfig entry): a module cannot hold the module loader */
  modulesSymbol: string | null = null,
): ModularizationReport {
  const bytes = new Map(rows.map((r) => [r.name, r.size]));
  const objects = new Map(rows.map((r) => [r.name, r.objects ?? []]));
  const options = explanations.map((e) =>
    toOption(e, bytes.get(`CONFIG_${e.symbol}`) ?? 0, objects.get(`CONFIG_${e.symbol}`) ?? [], describe(e), e.symbol === modulesSymbol),
  );
  options.sort((a, b) => b.bytes - a.bytes || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  const sum = (v: Verdict) => options.filter((o) => o.verdict === v).reduce((s, o) => s + o.bytes, 0);
  const unconditional = bytes.get(UNCONDITIONAL) ?? 0;
  const explained = new Set(explanations.map((e) => `CONFIG_${e.symbol}`));
  const unexplained = rows.filter((r) => r.name.startsWith("CONFIG_") && !explained.has(r.name)).reduce((s, r) => s + r.size, 0);
  return {
    summary: {
      kernelProper,
      couldLeave: sum("module-now"),
      boolToTristate: sum("bool-to-tristate"),
      hiddenPrompt: sum("hidden-prompt"),
      forcedBySelect: sum("forced-by-select"),
      core: sum("core") + unconditional,
      unconditional,
      unattributed: bytes.get(UNATTRIBUTED) ?? 0,
      unexplained,
    },
    options,
  };
}

function toOption(e: BuiltinExplanation, bytes: number, objects: string[], reason: string, isModules: boolean): ModularOption {
  const selected = e.reasons.find((r) => r.kind === "selected");
  const choice = e.reasons.some((r) => r.kind === "choice");
  const hidden = e.reasons.find((r) => r.kind === "no-prompt");
  const unlockedBy = !selected && !choice && hidden?.kind === "no-prompt" ? hidden.unlockedBy : [];
  // what a user could change: its verdict holds only when it has bytes to move
  const changeable: Verdict | null = e.canBeModule
    ? "module-now"
    : e.type === "bool" && e.prompt && !choice && !isModules
      ? "bool-to-tristate"
      : unlockedBy.length
        ? "hidden-prompt"
        : null;
  const verdict: Verdict = selected ? "forced-by-select" : changeable === null ? "core" : bytes > 0 ? changeable : "setting";
  return {
    symbol: e.symbol,
    type: e.type,
    value: "y",
    bytes,
    verdict,
    selectedBy: selected?.kind === "selected" ? selected.by.map((s) => s.symbol) : [],
    chain: selected?.kind === "selected" ? selected.chain : [],
    unlockedBy: verdict === "hidden-prompt" ? unlockedBy : [],
    objects,
    reason,
  };
}

/** Throws unless the summary's parts add up to the objects' bytes (the sum of the option rows). */
export function checkModularizationSums(r: ModularizationReport, rows: RollupRow[]): void {
  const s = r.summary;
  const parts = s.couldLeave + s.boolToTristate + s.hiddenPrompt + s.forcedBySelect + s.core + sum(r, "setting") + s.unattributed + s.unexplained;
  const whole = rows.reduce((t, x) => t + x.size, 0);
  if (parts !== whole) throw new Error(`modularization parts add up to ${parts}, the objects to ${whole}`);
}

const sum = (r: ModularizationReport, v: Verdict) => r.options.filter((o) => o.verdict === v).reduce((t, o) => t + o.bytes, 0);

/**
 * The bytes each selector holds in: options forced in by a select, grouped by the options that
 * select them (all of them must go for the bytes to leave), largest first. Turning one such
 * selector off, or making it a module, frees its group.
 */
export function groupBySelector(options: readonly ModularOption[]): { selectors: string[]; bytes: number; options: string[] }[] {
  const groups = new Map<string, { selectors: string[]; bytes: number; options: string[] }>();
  for (const o of options) {
    if (o.verdict !== "forced-by-select" || o.bytes === 0) continue;
    const selectors = [...o.selectedBy].sort();
    const key = selectors.join(" ");
    const g = groups.get(key) ?? { selectors, bytes: 0, options: [] };
    g.bytes += o.bytes;
    g.options.push(o.symbol);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.bytes - a.bytes || (a.selectors.join() < b.selectors.join() ? -1 : 1));
}

export interface TargetPlan {
  target: number;
  /** bytes above the target (0 or less: reached already) */
  distance: number;
  /** proven savings, largest first, as far as they are needed to close the distance */
  picked: { symbol: string; saving: number }[];
  /** what is left of the distance after the picked ones (0 or less: closed) */
  remaining: number;
}

/** Which proven savings, largest first, take the kernel proper down to `target` bytes. */
export function planTarget(kernelProper: number, target: number, proven: readonly { symbol: string; saving: number }[]): TargetPlan {
  const distance = kernelProper - target;
  const picked: { symbol: string; saving: number }[] = [];
  let remaining = distance;
  for (const p of [...proven].filter((x) => x.saving > 0).sort((a, b) => b.saving - a.saving || (a.symbol < b.symbol ? -1 : 1))) {
    if (remaining <= 0) break;
    picked.push(p);
    remaining -= p.saving;
  }
  return { target, distance, picked, remaining };
}
