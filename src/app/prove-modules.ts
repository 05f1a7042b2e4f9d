// modules --prove N: the N largest options `modules` says could be a module now, each built as
// one (its stored .config, CONFIG_X=m, olddefconfig, `make vmlinux modules`) as a variant of the
// build (build-variant.ts), so that what the verdict promises is measured: the content bytes
// that left vmlinux, the .ko files that now hold them, and what those cost once loaded.

import { parseDotConfig } from "../core/kconfig/dot-config.js";
import type { ModularOption } from "../core/modularization.js";
import type { BuiltModule } from "../core/module-layout.js";
import type { Transform } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import { findStoredVariant, openVariantBuilder } from "./build-variant.js";
import type { BuiltRevision } from "./revision-builder.js";
import type { EventSink } from "./events.js";
import { attributeOptions, computeModulesFor, type OptionAttribution } from "./modules-report.js";

export interface ModuleProof {
  symbol: string;
  /** bytes of its own objects, as `modules` reports them */
  static: number;
  /** the build with it at m, or null when none could be made */
  build: BuildRecord | null;
  /** content bytes that left vmlinux (measured), null when the build failed */
  left: number | null;
  /** the modules that hold the objects that left */
  modules: BuiltModule[];
  /** options that went from y to m with it (they depend on it), and from y to off */
  alsoModule: string[];
  alsoOff: string[];
  /** proven: it built as a module and bytes left; not-possible: the reason is in `cause` */
  verdict: "proven" | "not-possible";
  cause: string | null;
}

export interface ProofResult {
  attribution: OptionAttribution;
  proofs: ModuleProof[];
}

export interface ProveRequest {
  ref: string;
  n: number;
  jobs?: number;
}

export async function proveModules(req: ProveRequest, store: BuildStore, cache: string, emit: EventSink): Promise<ProofResult> {
  const note = (message: string) => emit({ kind: "note", message });
  const a = await attributeOptions(store, req.ref, cache, note);
  if (a.m.content === null) {
    throw new UserError(
      `build ${a.build.id} (${a.build.name}) has no content figure (no link map was read), so what leaves with a module cannot be measured`,
      "build it with kbloat build, which writes the link map, and prove that build",
    );
  }
  const { report } = await computeModulesFor({ sourceDir: a.sourceDir, arch: a.build.arch, config: a.config, objects: a.m.objects, content: a.m.content, rows: a.rows });
  const candidates = report.options.filter((o) => o.verdict === "module-now").slice(0, req.n);
  if (candidates.length === 0) {
    throw new UserError(
      `build ${a.build.id} (${a.build.name}) has no option that could be a module now (no tristate with objects of its own left at y${a.config.includes("CONFIG_MODULES=y") ? "" : ", and modules are off"})`,
      `kbloat modules ${a.build.id} says why each option is built in`,
    );
  }
  const builder = await openVariantBuilder(
    { build: a.build, sourceDir: a.sourceDir, config: a.config },
    { purpose: "prove", what: "with an option as a module", size: candidates.length, jobs: req.jobs },
    store,
    cache,
    emit,
  );
  const proofs: ModuleProof[] = [];
  try {
    for (const [i, c] of candidates.entries()) {
      emit({ kind: "series", done: i, total: candidates.length, current: `${a.build.name} with ${c.symbol}=m`, elapsedMs: 0, etaMs: null });
      const built = await builder.build(proofSuffix(c.symbol), proofTransforms(c.symbol), i);
      proofs.push(await proofOf(a, c, built, store));
    }
    return { attribution: a, proofs };
  } finally {
    await builder.close();
  }
}

const proofSuffix = (symbol: string) => `+${symbol}=m`;
const proofTransforms = (symbol: string): Transform[] => [{ kind: "module", symbol }];

/** The proof an earlier --prove stored for this option of the build, or null when there is none. */
export async function findStoredProof(a: OptionAttribution, c: ModularOption, store: BuildStore): Promise<ModuleProof | null> {
  const record = await findStoredVariant({ build: a.build, sourceDir: a.sourceDir, config: a.config }, proofSuffix(c.symbol), proofTransforms(c.symbol), store);
  return record ? proofOf(a, c, { record, how: "stored" }, store) : null;
}

async function proofOf(a: OptionAttribution, c: ModularOption, built: BuiltRevision, store: BuildStore): Promise<ModuleProof> {
  const base = { symbol: c.symbol, static: c.bytes, modules: [], alsoModule: [], alsoOff: [] };
  if (!built.record) return { ...base, build: null, left: null, verdict: "not-possible", cause: built.cause };
  const record = built.record;
  if (record.status !== "ok" || record.figures?.content == null || a.m.content === null) {
    return { ...base, build: record, left: null, verdict: "not-possible", cause: explainFailure(record.logTail ?? "") };
  }
  const m = await store.loadMeasurement(record.id);
  const before = new Set(a.m.objects.map((o) => o.path));
  const after = new Set(m?.objects.map((o) => o.path));
  const gone = new Set([...before].filter((p) => !after.has(p)));
  const modules = (await store.loadModules(record.id)).filter((x) => x.objects.some((o) => gone.has(o)));
  const left = a.m.content - record.figures.content;
  const changed = m?.config ? changedOptions(a.config, m.config, c.symbol) : { module: [], off: [] };
  const proven = left > 0 && modules.length > 0;
  return {
    ...base,
    build: record,
    left,
    modules,
    alsoModule: changed.module,
    alsoOff: changed.off,
    verdict: proven ? "proven" : "not-possible",
    cause: proven ? null : modules.length === 0 ? "it built, but no module holds the objects that left" : "it built as a module, but no bytes left vmlinux",
  };
}

/** options at y in `before` that are m, or off, in `after`, besides `symbol` */
function changedOptions(before: string, after: string, symbol: string): { module: string[]; off: string[] } {
  const a = parseDotConfig(before);
  const b = parseDotConfig(after);
  const was = [...a.entries()].filter(([k, v]) => k !== symbol && v === "y");
  return {
    module: was.filter(([k]) => b.get(k) === "m").map(([k]) => k).sort(),
    off: was.filter(([k]) => b.get(k) === undefined || b.get(k) === "n").map(([k]) => k).sort(),
  };
}

/**
 * Why a variant did not build, from its log: the symbols modpost found undefined (the module
 * needs them exported, or built-in code calls into it), or the first error.
 */
export function explainFailure(log: string): string {
  const undefinedSymbols = new Map<string, Set<string>>();
  for (const m of log.matchAll(/modpost: "([^"]+)" \[([^\]]+)\] undefined!/g)) {
    const users = undefinedSymbols.get(m[2]) ?? new Set();
    users.add(m[1]);
    undefinedSymbols.set(m[2], users);
  }
  if (undefinedSymbols.size > 0) {
    const parts = [...undefinedSymbols].map(([ko, syms]) => `${ko} uses ${[...syms].slice(0, 5).join(", ")}${syms.size > 5 ? ` and ${syms.size - 5} more` : ""}`);
    return `modpost: symbols a module uses are not exported by the kernel proper (${parts.join("; ")}): they would need EXPORT_SYMBOL`;
  }
  const lines = log.split("\n");
  const builtinCallers = lines.filter((l) => /undefined reference to `/.test(l));
  if (builtinCallers.length > 0) {
    const syms = [...new Set(builtinCallers.map((l) => /undefined reference to `([^']+)'/.exec(l)?.[1] ?? ""))].filter(Boolean);
    return `the link of vmlinux failed: built-in code calls ${syms.slice(0, 5).join(", ")}${syms.length > 5 ? " and more" : ""}, which would be in the module`;
  }
  const last = lines.filter(Boolean).at(-1)?.replace(/^kbloat: /, "");
  return last ?? "the build failed";
}
