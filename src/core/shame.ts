// The hall of shame: the commits blame named, ranked by the content bytes they added (and a
// thanks list of those that removed the most), per commit, per author or per subsystem.

import type { ObjectSize } from "./measurement.js";

export type ShameGrain = "commit" | "author" | "subsystem";
export const SHAME_GRAINS: ShameGrain[] = ["commit", "author", "subsystem"];

/** The objects of no MAINTAINERS subsystem, as one row. */
export const NO_SUBSYSTEM = "[no subsystem]";

export interface ShameCulprit {
  /** the first commit of the span: what the culprit is known by */
  commit: string;
  /** every commit of the culprit: more than one when failed builds hid the boundary */
  commits: string[];
  subject: string;
  author: string;
  date: string;
  /** content bytes */
  delta: number;
  /** the content delta split by the subsystem of the objects that hold the bytes */
  bySubsystem: { name: string; delta: number }[];
}

export interface ShameRow {
  /** a commit id, an author or a subsystem */
  name: string;
  /** content bytes added (shame) or removed (thanks, negative) */
  bytes: number;
  /** the commits behind the row */
  commits: string[];
  /** for --by commit */
  subject?: string;
  author?: string;
  date?: string;
}

export interface ShameResult {
  by: ShameGrain;
  /** every culprit ranked: growth, largest first */
  shame: ShameRow[];
  /** shrinkage, largest first (most negative bytes first) */
  thanks: ShameRow[];
  /** net content change of all culprits */
  net: number;
}

/** Content bytes per subsystem: object bytes grouped by the subsystem of their path. */
export function computeContentBySubsystem(objects: ObjectSize[], subsystems: Map<string, string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of objects) {
    const name = subsystems.get(o.path) ?? NO_SUBSYSTEM;
    out.set(name, (out.get(name) ?? 0) + o.text + o.data + o.bss);
  }
  return out;
}

/** Head minus base per subsystem, unchanged ones left out, largest growth first. */
export function diffContentBySubsystem(base: Map<string, number>, head: Map<string, number>): { name: string; delta: number }[] {
  const names = new Set([...base.keys(), ...head.keys()]);
  return [...names]
    .map((name) => ({ name, delta: (head.get(name) ?? 0) - (base.get(name) ?? 0) }))
    .filter((r) => r.delta !== 0)
    .sort((a, b) => b.delta - a.delta || compareText(a.name, b.name));
}

export function computeShame(culprits: ShameCulprit[], by: ShameGrain): ShameResult {
  const rows =
    by === "commit"
      ? commitRows(culprits)
      : by === "author"
        ? groupRows(culprits, (c) => [{ name: c.author, delta: c.delta }])
        : groupRows(culprits, (c) => c.bySubsystem);
  const shame = rows.filter((r) => r.bytes > 0).sort((a, b) => b.bytes - a.bytes || compareText(a.name, b.name));
  const thanks = rows.filter((r) => r.bytes < 0).sort((a, b) => a.bytes - b.bytes || compareText(a.name, b.name));
  return { by, shame, thanks, net: culprits.reduce((sum, c) => sum + c.delta, 0) };
}

function commitRows(culprits: ShameCulprit[]): ShameRow[] {
  return culprits.map((c) => ({ name: c.commit, bytes: c.delta, commits: c.commits, subject: c.subject, author: c.author, date: c.date }));
}

/**
 * Growth and shrinkage are kept apart: an author who added 8 KiB in one commit and removed 8 KiB
 * in another is on both lists, not netted out of sight.
 */
function groupRows(culprits: ShameCulprit[], parts: (c: ShameCulprit) => { name: string; delta: number }[]): ShameRow[] {
  const grown = new Map<string, ShameRow>();
  const shrunk = new Map<string, ShameRow>();
  for (const c of culprits) {
    for (const p of parts(c)) {
      const into = p.delta > 0 ? grown : shrunk;
      const row = into.get(p.name) ?? { name: p.name, bytes: 0, commits: [] };
      row.bytes += p.delta;
      row.commits.push(c.commit);
      into.set(p.name, row);
    }
  }
  return [...grown.values(), ...shrunk.values()];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
