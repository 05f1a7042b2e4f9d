// The read API's stacked view of a Series: each build's content bytes split by top-level
// directory or MAINTAINERS subsystem. The largest parts over the whole series get a band of
// their own, the rest share one "[other]" band, so each build's bands add up to its content.

import { computeRollup, directoryOf, UNATTRIBUTED } from "../../core/rollup.js";
import type { ObjectSize } from "../../core/measurement.js";
import { document } from "./schema.js";

export type StackGrain = "dir" | "subsystem";
export const STACK_GRAINS: StackGrain[] = ["dir", "subsystem"];

export const OTHER = "[other]";

export interface StackInput {
  id: number;
  objects: ObjectSize[];
  /** object path → subsystem (for --by subsystem) */
  subsystems: Map<string, string>;
}

export function stackedSeriesView(recipe: string, by: StackGrain, builds: StackInput[], bands = 8) {
  const zero = { text: 0, data: 0, bss: 0 };
  const keyOf = (b: StackInput) => (by === "dir" ? (p: string) => directoryOf(p, 1) : (p: string) => b.subsystems.get(p) ?? null);
  // the parent is the objects' own sum: what no key claims stays UNATTRIBUTED, nothing negative
  const perBuild = builds.map((b) => {
    const own = b.objects.reduce((s, o) => ({ text: s.text + o.text, data: s.data + o.data, bss: s.bss + o.bss }), zero);
    return new Map(computeRollup(b.objects, keyOf(b), own).map((r) => [r.name, r.size]));
  });
  const weight = new Map<string, number>();
  for (const rows of perBuild) for (const [name, size] of rows) if (name !== UNATTRIBUTED) weight.set(name, (weight.get(name) ?? 0) + size);
  const names = [...weight.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    .slice(0, bands)
    .map(([n]) => n);
  const kept = new Set(names);
  const unattributed = perBuild.some((rows) => rows.has(UNATTRIBUTED));
  const bandNames = [...names, OTHER, ...(unattributed ? [by === "dir" ? UNATTRIBUTED : "[no subsystem]"] : [])];
  const rows = builds.map((b, i) => {
    const sizes = perBuild[i];
    let other = 0;
    for (const [name, size] of sizes) if (!kept.has(name) && name !== UNATTRIBUTED) other += size;
    return { id: b.id, values: [...names.map((n) => sizes.get(n) ?? 0), other, ...(unattributed ? [sizes.get(UNATTRIBUTED) ?? 0] : [])] };
  });
  return document({ recipe, by, bands: bandNames, builds: rows });
}
export type StackedSeriesView = ReturnType<typeof stackedSeriesView>;
