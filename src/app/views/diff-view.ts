// The read API's view of a Diff: head minus base at one grain, with the headline figures
// (content, image, size's columns) beside the rows. Pure, for the CLI and the web pages alike.

import { type BreakdownInput, computeBreakdown, type DiffRow, diffBreakdowns, type Grain } from "../../core/breakdown.js";
import { findOptionRenames, foldOptionRenames } from "../../core/option-renames.js";
import { isRestRow } from "../../core/rollup.js";
import type { BuildRecord, StoredMeasurement } from "../build-record.js";
import { document } from "./schema.js";

export interface Measured {
  build: BuildRecord;
  m: StoredMeasurement & BreakdownInput;
}

export interface DiffRequest {
  by: Grain;
  depth: number;
  /** the N largest changes by size of change; the rest folded into one "[N more]" row */
  top?: number;
}

/** old/new/delta of one figure; a figure unknown on either side has no delta */
export interface FigurePair {
  old: number | null;
  new: number | null;
  delta: number | null;
}

/** The headline figures of a diff as rows, labelled as the CLI and the pages show them: content first, then size's. */
export function figureRows(f: Record<"content" | "image" | "text" | "data" | "bss" | "total", FigurePair>): [string, FigurePair][] {
  return [
    ["content", f.content],
    ["image", f.image],
    ["text", f.text],
    ["data", f.data],
    ["bss", f.bss],
    ["size dec", f.total],
  ];
}

const pair = (x: number | null, y: number | null): FigurePair => ({ old: x, new: y, delta: x === null || y === null ? null : y - x });

/** `maintainers`: for --by subsystem, the MAINTAINERS file both sides were mapped with (app/subsystems.ts) */
export function diffView(base: Measured, head: Measured, req: DiffRequest, o: { maintainers?: string } = {}) {
  let rows = diffBreakdowns(computeBreakdown(base.m, req), computeBreakdown(head.m, req));
  // options renamed or split between the two: one row each, not one vanishing and one appearing
  const renames =
    req.by === "option" && base.m.options && head.m.options
      ? findOptionRenames({ objects: base.m.objects, options: base.m.options }, { objects: head.m.objects, options: head.m.options })
      : [];
  rows = foldOptionRenames(rows, renames);
  const a = base.m;
  const b = head.m;
  return document({
    base: base.build.name,
    head: head.build.name,
    base_id: base.build.id,
    head_id: head.build.id,
    by: req.by,
    maintainers: req.by === "subsystem" ? (o.maintainers ?? null) : null,
    renamed_options: renames,
    totals: { old: a.totals.total, new: b.totals.total, delta: b.totals.total - a.totals.total },
    figures: {
      content: pair(a.content, b.content),
      image: pair(a.image, b.image),
      text: pair(a.totals.text, b.totals.text),
      data: pair(a.totals.data, b.totals.data),
      bss: pair(a.totals.bss, b.totals.bss),
      total: pair(a.totals.total, b.totals.total),
    },
    rows: limitDiffRows(rows, req.top),
  });
}
export type DiffView = ReturnType<typeof diffView>;

/**
 * The `top` largest changes (by size of change, [unattributed] and the linker's rows not counted
 * among them), largest growth first; the others folded into one "[N more]" row and those kept last, so that
 * the rows still add up to the change in size's total.
 */
export function limitDiffRows(rows: DiffRow[], top: number | undefined): DiffRow[] {
  const named = rows.filter((r) => !isRestRow(r.name));
  const unattributed = rows.filter((r) => isRestRow(r.name));
  if (top === undefined || named.length <= top + 1) return [...named, ...unattributed];
  const keep = new Set([...named].sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta)).slice(0, top));
  const rest = named.filter((r) => !keep.has(r));
  const folded: DiffRow = { name: `[${rest.length} more]`, old: 0, new: 0, delta: 0 };
  for (const r of rest) {
    folded.old += r.old;
    folded.new += r.new;
    folded.delta += r.delta;
  }
  return [...named.filter((r) => keep.has(r)), folded, ...unattributed];
}
