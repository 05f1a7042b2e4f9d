// The modularization report: for every option built in (=y), why it is built in, the bytes it
// puts into the kernel proper, and a verdict on what it would take to move them out.
//
// Bytes come from the Kbuild attribution: an object's bytes belong to the innermost enabled
// option of its chain (src/core/kbuild/option-rollup.ts). Verdicts, in this order:
//   forced-by-select  a =y option selects it: it follows its selector (named), whatever its type
//   module-now        a tristate left at y that could be m now
//   bool-to-tristate  a bool a user can change: its code could leave once it is a tristate
//   core              cannot leave: no visible prompt (a default), a bool choice's pick (another
//                     member would take its place), or
//                     modules off; and the objects listed unconditionally (obj-y)

import type { BuiltinExplanation } from "./kconfig/explain-builtins.js";
import { UNCONDITIONAL } from "./kbuild/option-rollup.js";
import { UNATTRIBUTED, type RollupRow } from "./rollup.js";

export type Verdict = "module-now" | "bool-to-tristate" | "forced-by-select" | "core";
export const VERDICTS: Verdict[] = ["module-now", "bool-to-tristate", "forced-by-select", "core"];

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
  rows: RollupRow[],
  kernelProper: number,
  describe: (e: BuiltinExplanation) => string,
): ModularizationReport {
  const bytes = new Map(rows.map((r) => [r.name, r.size]));
  const options = explanations.map((e) => toOption(e, bytes.get(`CONFIG_${e.symbol}`) ?? 0, describe(e)));
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
      forcedBySelect: sum("forced-by-select"),
      core: sum("core") + unconditional,
      unconditional,
      unattributed: bytes.get(UNATTRIBUTED) ?? 0,
      unexplained,
    },
    options,
  };
}

function toOption(e: BuiltinExplanation, bytes: number, reason: string): ModularOption {
  const selected = e.reasons.find((r) => r.kind === "selected");
  const choice = e.reasons.some((r) => r.kind === "choice");
  const verdict: Verdict = selected ? "forced-by-select" : e.canBeModule ? "module-now" : e.type === "bool" && e.prompt && !choice ? "bool-to-tristate" : "core";
  return {
    symbol: e.symbol,
    type: e.type,
    value: "y",
    bytes,
    verdict,
    selectedBy: selected?.kind === "selected" ? selected.by.map((s) => s.symbol) : [],
    chain: selected?.kind === "selected" ? selected.chain : [],
    reason,
  };
}

/** Throws unless the summary's parts add up to the objects' bytes (the sum of the option rows). */
export function checkModularizationSums(r: ModularizationReport, rows: RollupRow[]): void {
  const s = r.summary;
  const parts = s.couldLeave + s.boolToTristate + s.forcedBySelect + s.core + s.unattributed + s.unexplained;
  const whole = rows.reduce((t, x) => t + x.size, 0);
  if (parts !== whole) throw new Error(`modularization parts add up to ${parts}, the objects to ${whole}`);
}
