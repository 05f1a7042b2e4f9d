// modules --prove N: the N largest options `modules` says could be modules (tristates left at y,
// and bools that guard objects of their own), each built as one (its stored .config, CONFIG_X=m,
// olddefconfig, `make vmlinux modules`) as a variant of the build (build-variant.ts), so that
// what the verdict promises is measured: the content bytes that left vmlinux, the .ko files that
// now hold them, and what those cost once loaded. A bool is first made a tristate by a patch to
// its Kconfig entry that kbloat writes (core/kconfig/tristate-patch.ts) and shows.

import { parseDotConfig } from "../core/kconfig/dot-config.js";
import type { KconfigFacts } from "../core/kconfig/kconfig-facts.js";
import { writeTristatePatch } from "../core/kconfig/tristate-patch.js";
import { findIfdefUsers, readSourceFile } from "../adapters/read-source-files.js";
import { readKconfigFacts } from "../adapters/read-kconfig-facts.js";
import type { ModularOption } from "../core/modularization.js";
import type { BuiltModule } from "../core/module-layout.js";
import type { Transform } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import { findStoredVariant, openVariantBuilder } from "./build-variant.js";
import type { BuiltRevision } from "./revision-builder.js";
import type { EventSink } from "./events.js";
import { attributeOptions, type OptionAttribution, readModularizationOf } from "./modules-report.js";

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
  /** proven: it built as a module and bytes left (with-patch: once the patch made it a tristate); not-possible: the reason is in `cause` */
  verdict: "proven" | "proven-with-patch" | "not-possible";
  cause: string | null;
  /** for a bool: the patch that makes it a tristate */
  patch: string | null;
  /** files outside its own objects that test it with #ifdef or defined(): built in, they see it off once it is m */
  ifdefUsers: string[];
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
  const { report, kconfig } = await readModularizationOf(a);
  const modulesSymbol = kconfig.facts.modules ?? "MODULES";
  const modulesOn = a.config.includes(`CONFIG_${modulesSymbol}=y`);
  const candidates = report.options.filter((o) => o.verdict === "module-now" || (o.verdict === "bool-to-tristate" && modulesOn)).slice(0, req.n);
  if (candidates.length === 0) {
    throw new UserError(
      modulesOn
        ? `build ${a.build.id} (${a.build.name}) has no option that could be a module (no tristate left at y, no bool with objects of its own)`
        : `build ${a.build.id} (${a.build.name}) has no option that could be a module: modules are off (CONFIG_${modulesSymbol} is not set)`,
      modulesOn ? `kbloat modules ${a.build.id} says why each option is built in` : `build it with --enable ${modulesSymbol} and prove that build`,
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
      const change = planChange(a, c, kconfig.facts);
      const built = await builder.build(proofSuffix(c.symbol), change.transforms, i);
      proofs.push(await proofOf(a, c, change, built, store));
    }
    return { attribution: a, proofs };
  } finally {
    await builder.close();
  }
}

const proofSuffix = (symbol: string) => `+${symbol}=m`;

/** "1 file outside its objects tests", "3 files outside its objects test" */
export const filesThatTest = (n: number) => (n === 1 ? "1 file outside its objects tests" : `${n} files outside its objects test`);

/** What building it as a module takes: for a bool, the patch that makes it a tristate first. */
interface PlannedChange {
  transforms: Transform[];
  patch: string | null;
  ifdefUsers: string[];
}

function planChange(a: OptionAttribution, c: ModularOption, model: KconfigFacts, o: { ifdefUsers: boolean } = { ifdefUsers: true }): PlannedChange {
  const module: Transform = { kind: "module", symbol: c.symbol };
  if (c.verdict !== "bool-to-tristate") return { transforms: [module], patch: null, ifdefUsers: [] };
  const definitions = model.symbols.get(c.symbol)?.definitions.map((d) => d.at) ?? [];
  const files = new Map(definitions.map((d) => [d.file, readSourceFile(a.sourceDir, d.file)]));
  const patch = writeTristatePatch(definitions, files);
  const own = new Set(c.objects.map((x) => x.replace(/\.o$/, ".c")));
  const ifdefUsers = o.ifdefUsers ? findIfdefUsers(a.sourceDir, c.symbol).filter((f) => !own.has(f)) : [];
  return {
    transforms: patch ? [{ kind: "patch", path: `${c.symbol}-to-tristate.patch`, text: patch.text }, module] : [module],
    patch: patch?.text ?? null,
    ifdefUsers,
  };
}

/**
 * The proof an earlier --prove stored for this option of the build, or null when there is none.
 * `model` is the build's Kconfig model (read once by a caller that asks for many options).
 */
export async function findStoredProof(a: OptionAttribution, c: ModularOption, store: BuildStore, model?: KconfigFacts): Promise<ModuleProof | null> {
  const m = model ?? (await readKconfigFacts(a.sourceDir, { arch: a.build.arch })).facts;
  const change = planChange(a, c, m, { ifdefUsers: false });
  const record = await findStoredVariant({ build: a.build, sourceDir: a.sourceDir, config: a.config }, proofSuffix(c.symbol), change.transforms, store);
  if (!record) return null;
  return proofOf(a, c, change.patch ? planChange(a, c, m) : change, { record, how: "stored" }, store);
}

async function proofOf(a: OptionAttribution, c: ModularOption, change: PlannedChange, built: BuiltRevision, store: BuildStore): Promise<ModuleProof> {
  const base = { symbol: c.symbol, static: c.bytes, modules: [], alsoModule: [], alsoOff: [], patch: change.patch, ifdefUsers: change.ifdefUsers };
  if (!built.record) return { ...base, build: null, left: null, verdict: "not-possible", cause: built.cause };
  const record = built.record;
  if (record.status !== "ok" || record.figures?.content == null || a.m.content === null) {
    const local = [`${record.buildDir}.src/`, `${a.sourceDir}/`];
    const cause = local.reduce((t, dir) => t.split(dir).join(""), explainFailure(record.logTail ?? ""));
    const users = change.ifdefUsers;
    const some = `${users.slice(0, 3).join(" ")}${users.length > 3 ? " …" : ""}`;
    const ifdef = users.length
      ? `; ${filesThatTest(users.length)} CONFIG_${c.symbol} with #ifdef or defined() (${some}), which sees it off once it is m: IS_ENABLED would see it`
      : "";
    return { ...base, build: record, left: null, verdict: "not-possible", cause: `${cause}${ifdef}` };
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
    verdict: proven ? (change.patch ? "proven-with-patch" : "proven") : "not-possible",
    cause: proven ? null : modules.length === 0 ? "it built, but no module holds the objects that left" : "it built as a module, but no bytes left vmlinux",
  };
}

/** options at y in `before` that are m, or off, in `after`, besides `symbol` */
function changedOptions(before: string, after: string, symbol: string): { module: string[]; off: string[] } {
  const a = parseDotConfig(before);
  const b = parseDotConfig(after);
  const was = [...a.entries()].filter(([k, v]) => k !== symbol && v === "y");
  return {
    module: was
      .filter(([k]) => b.get(k) === "m")
      .map(([k]) => k)
      .sort(),
    off: was
      .filter(([k]) => b.get(k) === undefined || b.get(k) === "n")
      .map(([k]) => k)
      .sort(),
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
    const parts = [...undefinedSymbols].map(
      ([ko, syms]) => `${ko} uses ${[...syms].slice(0, 5).join(", ")}${syms.size > 5 ? ` and ${syms.size - 5} more` : ""}`,
    );
    return `modpost: symbols a module uses are not exported by the kernel proper (${parts.join("; ")}): they would need EXPORT_SYMBOL`;
  }
  const lines = log.split("\n");
  const builtinCallers = lines.filter((l) => /undefined reference to `/.test(l));
  if (builtinCallers.length > 0) {
    const syms = [...new Set(builtinCallers.map((l) => /undefined reference to `([^']+)'/.exec(l)?.[1] ?? ""))].filter(Boolean);
    return `the link of vmlinux failed: built-in code calls ${syms.slice(0, 5).join(", ")}${syms.length > 5 ? " and more" : ""}, which would be in the module`;
  }
  const last = lines
    .filter(Boolean)
    .at(-1)
    ?.replace(/^kbloat: /, "");
  return last ?? "the build failed";
}
