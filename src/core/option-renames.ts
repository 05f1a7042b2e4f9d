// Kconfig options renamed or split between two builds, found from where their objects went: an
// option the base has and the head has not, whose objects the head builds under options the base
// has not. Shown as one row ("CONFIG_OLD → CONFIG_NEW"), not as one option vanishing and another
// appearing. Only when the objects that moved are most of both sides' bytes: an option that dies
// and leaves one small file to a big new option is not a rename.

import type { DiffRow } from "./breakdown.js";
import type { ObjectSize } from "./measurement.js";

export interface OptionSide {
  objects: ObjectSize[];
  /** object path → its option row (CONFIG_X, [obj-y]) */
  options: Map<string, string>;
}

/** A rename or split: the base's options, the head's options, and the bytes of each side. */
export interface OptionRename {
  from: string[];
  to: string[];
}

const bytes = (o: ObjectSize) => o.text + o.data + o.bss;

function bytesByOption(side: OptionSide): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of side.objects) {
    const option = side.options.get(o.path);
    if (option) out.set(option, (out.get(option) ?? 0) + bytes(o));
  }
  return out;
}

/** The renames and splits between base and head; each option is in one at most. */
export function findOptionRenames(base: OptionSide, head: OptionSide): OptionRename[] {
  const oldBytes = bytesByOption(base);
  const newBytes = bytesByOption(head);
  const gone = (x: string) => !newBytes.has(x) && x.startsWith("CONFIG_");
  const came = (y: string) => !oldBytes.has(y) && y.startsWith("CONFIG_");
  const headObjects = new Map(head.objects.map((o) => [o.path, o]));
  // bytes that moved from X to Y, on each side: keyed "X\0Y"
  const moved = new Map<string, { old: number; new: number }>();
  for (const o of base.objects) {
    const x = base.options.get(o.path);
    const h = headObjects.get(o.path);
    const y = h && head.options.get(o.path);
    if (!x || !y || !h || !gone(x) || !came(y)) continue;
    const key = `${x}\0${y}`;
    const m = moved.get(key) ?? { old: 0, new: 0 };
    m.old += bytes(o);
    m.new += bytes(h);
    moved.set(key, m);
  }
  // each side's share that moved: a rename is most of what X had and most of what Y has
  const movedFrom = new Map<string, number>();
  const movedTo = new Map<string, number>();
  for (const [key, m] of moved) {
    const [x, y] = key.split("\0");
    movedFrom.set(x, (movedFrom.get(x) ?? 0) + m.old);
    movedTo.set(y, (movedTo.get(y) ?? 0) + m.new);
  }
  const mostly = (part: number | undefined, whole: number | undefined) => whole !== undefined && whole > 0 && (part ?? 0) * 2 > whole;
  const links = [...moved.keys()]
    .map((k) => k.split("\0") as [string, string])
    .filter(([x, y]) => mostly(movedFrom.get(x), oldBytes.get(x)) && mostly(movedTo.get(y), newBytes.get(y)));
  // options linked through shared objects make one rename (X → Y1, Y2 is a split; X1, X2 → Y a merge)
  const group = new Map<string, number>();
  const renames: OptionRename[] = [];
  for (const [x, y] of links) {
    const gx = group.get(`-${x}`);
    const gy = group.get(`+${y}`);
    if (gx === undefined && gy === undefined) {
      group.set(`-${x}`, renames.length).set(`+${y}`, renames.length);
      renames.push({ from: [x], to: [y] });
    } else if (gx !== undefined && gy === undefined) {
      renames[gx].to.push(y);
      group.set(`+${y}`, gx);
    } else if (gx === undefined && gy !== undefined) {
      renames[gy].from.push(x);
      group.set(`-${x}`, gy);
    } else if (gx !== gy && gx !== undefined && gy !== undefined) {
      const [keep, drop] = [Math.min(gx, gy), Math.max(gx, gy)];
      for (const a of renames[drop].from) (renames[keep].from.push(a), group.set(`-${a}`, keep));
      for (const b of renames[drop].to) (renames[keep].to.push(b), group.set(`+${b}`, keep));
      renames[drop] = { from: [], to: [] };
    }
  }
  return renames.filter((r) => r.from.length).map((r) => ({ from: [...r.from].sort(), to: [...r.to].sort() }));
}

/** The name of a rename's row: "CONFIG_OLD → CONFIG_NEW", a split "CONFIG_OLD → CONFIG_A, CONFIG_B". */
export function renameRowName(r: OptionRename): string {
  return `${r.from.join(", ")} → ${r.to.join(", ")}`;
}

/** Diff rows by option with each rename's options folded into one row (largest growth first again). */
export function foldOptionRenames(rows: DiffRow[], renames: OptionRename[]): DiffRow[] {
  const rowOf = new Map<string, DiffRow>();
  const folded: DiffRow[] = [];
  for (const r of renames) {
    const row: DiffRow = { name: renameRowName(r), old: 0, new: 0, delta: 0 };
    for (const name of [...r.from, ...r.to]) rowOf.set(name, row);
    folded.push(row);
  }
  const out: DiffRow[] = [];
  for (const d of rows) {
    const into = rowOf.get(d.name);
    if (!into) out.push(d);
    else ((into.old += d.old), (into.new += d.new), (into.delta += d.delta));
  }
  out.push(...folded.filter((r) => r.delta !== 0));
  return out.sort((a, b) => b.delta - a.delta || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
