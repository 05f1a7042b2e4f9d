// Read-side use cases: list, show and diff stored builds.

import { type BloatOMeterMode, type BloatOMeterRules, renderBloatOMeter } from "../core/bloat-o-meter.js";
import type { Grain } from "../core/breakdown.js";
import { UserError } from "../core/user-error.js";
import { bloatOMeterRulesFrom, bloatOMeterRulesOfBuild } from "./bloat-o-meter-rules.js";
import { type BuildRecord, type BuildStore, type MeasurementWithoutSymbols, requireOk, type StoredMeasurement } from "./build-record.js";

export async function loadBuild(store: BuildStore, ref: string): Promise<BuildRecord> {
  const b = await store.findBuild(ref);
  if (!b) throw new UserError(`no build "${ref}" in the database`, "list the stored builds with: kbloat list");
  return b;
}

export function loadMeasured(store: BuildStore, ref: string): Promise<{ build: BuildRecord; m: StoredMeasurement }> {
  return loadMeasuredWith(store, ref, (id) => store.loadMeasurement(id));
}

/** The same without the symbol table, for the verbs that work per object (modules, options). */
export function loadMeasuredWithoutSymbols(store: BuildStore, ref: string): Promise<{ build: BuildRecord; m: MeasurementWithoutSymbols }> {
  return loadMeasuredWith(store, ref, (id) => store.loadMeasurementWithoutSymbols(id));
}

async function loadMeasuredWith<M>(store: BuildStore, ref: string, load: (buildId: number) => Promise<M | undefined>): Promise<{ build: BuildRecord; m: M }> {
  const build = await loadBuild(store, ref);
  requireOk(build);
  const m = await load(build.id);
  if (!m) throw new UserError(`build ${build.id} (${build.name}) has no stored measurement`);
  return { build, m };
}

export function checkGrain(build: BuildRecord, m: StoredMeasurement, by: Grain): void {
  if ((by === "object" || by === "dir" || by === "subsystem" || by === "option") && m.objects.length === 0) {
    throw new UserError(
      `build ${build.id} (${build.name}) has no per-object sizes: it was measured without a link map`,
      "use --by section or --by symbol, or measure with --build-dir pointing at a tree linked with kbloat build or CONFIG_VMLINUX_MAP=y",
    );
  }
  if (by === "subsystem" && m.subsystems.size === 0) {
    throw new UserError(`build ${build.id} (${build.name}) has no MAINTAINERS subsystems: its source tree was not available`, "measure with --source DIR");
  }
}

/**
 * A stored build, measured, ready for a breakdown at `by`: for --by option its objects are mapped
 * to options through the Kbuild files of its source tree (`cache` finds them).
 */
export async function loadBreakdownInput(store: BuildStore, ref: string, by: Grain, cache: string): Promise<{ build: BuildRecord; m: StoredMeasurement }> {
  const { build, m } = await loadMeasured(store, ref);
  checkGrain(build, m, by);
  if (by === "option") {
    const { readObjectOptions } = await import("./modules-report.js");
    m.options = await readObjectOptions(build, m, cache);
  }
  return { build, m };
}

/**
 * What scripts/bloat-o-meter prints for two stored builds, as the head's tree's own script does
 * (or the script `from` names: a tree, a script file, a release), and which script that was.
 */
export async function bloatOMeter(
  store: BuildStore,
  a: string,
  b: string,
  mode: BloatOMeterMode,
  from?: string,
): Promise<{ text: string; rules: BloatOMeterRules }> {
  const base = await loadBuild(store, a);
  const head = await loadBuild(store, b);
  requireOk(base);
  requireOk(head);
  const rules = from === undefined ? bloatOMeterRulesOfBuild(head) : bloatOMeterRulesFrom(from);
  return { text: renderBloatOMeter(await store.loadSymbolSizes(base.id), await store.loadSymbolSizes(head.id), mode, rules), rules };
}
