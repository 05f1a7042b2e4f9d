// The modules and options use cases: read the build's Kconfig and Kbuild files, explain every
// =y option and attribute every object's bytes to the option that brings it in.

import { describeBuiltin } from "../core/kconfig/describe-builtin.js";
import { parseDotConfig } from "../core/kconfig/dot-config.js";
import { explainBuiltins } from "../core/kconfig/explain-builtins.js";
import { formatKconfigMessage } from "../core/kconfig/model.js";
import { parseMakeConfigValues } from "../core/kbuild/make-config-values.js";
import type { KbuildTree } from "../core/kbuild/kbuild-types.js";
import { computeOptionRollup, createOptionMatcher, type OptionRow } from "../core/kbuild/option-rollup.js";
import { computeModularization, type ModularizationReport, type ModularOption } from "../core/modularization.js";
import { srcArch } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import { readKbuildTree } from "../adapters/read-kbuild-tree.js";
import { type KconfigFactsRead, readKconfigFacts } from "../adapters/read-kconfig-facts.js";
import type { ObjectSize } from "../core/measurement.js";
import type { BuildRecord, BuildStore, MeasurementWithoutSymbols, ModularFigures } from "./build-record.js";
import { findBuildSources } from "./build-sources.js";
import { loadMeasuredWithoutSymbols } from "./queries.js";

export interface OptionAttribution {
  build: BuildRecord;
  m: MeasurementWithoutSymbols;
  sourceDir: string;
  config: string;
  /** bytes per option over the build's objects, largest first */
  rows: OptionRow[];
  /** what the Kbuild reader found */
  tree: KbuildTree;
  /** Makefile blocks the Kbuild reader could not decide */
  unevaluated: number;
}

/** Bytes per option of one build: its objects through the Kbuild reader of its source tree. */
export async function attributeOptions(
  store: BuildStore,
  ref: string,
  cache: string,
  note: (m: string) => void,
  o: SourceAccess = {},
): Promise<OptionAttribution> {
  const { build, m } = await loadMeasuredWithoutSymbols(store, ref);
  return attributeMeasured(build, m, cache, note, o);
}

/** `extract: false`: never run git to get a source tree back (the web pages) */
export interface SourceAccess {
  extract?: boolean;
}

/** The same, for a build whose measurement is loaded already. */
export async function attributeMeasured(
  build: BuildRecord,
  m: MeasurementWithoutSymbols,
  cache: string,
  note: (m: string) => void,
  o: SourceAccess = {},
): Promise<OptionAttribution> {
  if (!m.config) throw new UserError(`build ${build.id} (${build.name}) has no stored .config`, "build it with kbloat build, which stores the .config it used");
  if (m.objects.length === 0) {
    throw new UserError(
      `build ${build.id} (${build.name}) has no per-object sizes: it was measured without a link map`,
      "build it with kbloat build, which writes the link map",
    );
  }
  if (!build.arch) {
    // a build measured by a kbloat that did not record it: arch//Kconfig is no tree to read
    throw new UserError(
      `build ${build.id} (${build.name}) has no ARCH recorded, so its Kconfig and Kbuild files cannot be read`,
      "measure it again: kbloat measure VMLINUX --build-dir DIR (add --arch if it cannot be told)",
    );
  }
  const sourceDir = await findBuildSources(build, cache, note, o);
  const tree = await readOptionTree(sourceDir, build.arch, m.config);
  return { build, m, sourceDir, config: m.config, rows: computeOptionRollup(m.objects, tree), tree, unevaluated: tree.unevaluated.length };
}

/** Each object's option row (CONFIG_X, [obj-y]), for a breakdown --by option. */
export async function readObjectOptions(build: BuildRecord, m: MeasurementWithoutSymbols, cache: string, o: SourceAccess = {}): Promise<Map<string, string>> {
  const rowOf = createOptionMatcher((await attributeMeasured(build, m, cache, () => {}, o)).tree);
  return new Map(
    m.objects.flatMap((x) => {
      const row = rowOf(x.path);
      return row ? [[x.path, row] as [string, string]] : [];
    }),
  );
}

function readOptionTree(sourceDir: string, arch: string, config: string): Promise<KbuildTree> {
  return readKbuildTree(sourceDir, { srcarch: srcArch(arch), arch, config: parseMakeConfigValues(config) });
}

interface Modularizable {
  sourceDir: string;
  arch: string;
  config: string;
  objects: ObjectSize[];
  content: number | null;
  rows?: OptionRow[];
}

interface Modularization {
  report: ModularizationReport;
  kconfig: KconfigFactsRead;
  values: Map<string, string>;
}

/** The modularization report of a kernel tree, its .config and its objects: reads its Kconfig (and Kbuild, without `rows`) tree. */
export async function readModularization(x: Modularizable): Promise<Modularization> {
  const rows = x.rows ?? computeOptionRollup(x.objects, await readOptionTree(x.sourceDir, x.arch, x.config));
  const kconfig = await readKconfigFacts(x.sourceDir, { arch: x.arch });
  const values = parseDotConfig(x.config);
  const explanations = explainBuiltins(kconfig.facts, values);
  const content = x.content ?? x.objects.reduce((s, o) => s + o.text + o.data + o.bss, 0);
  return { report: computeModularization(explanations, rows, content, describeBuiltin, kconfig.facts.modules), kconfig, values };
}

/** What a +mod series plots beside the kernel proper: what could still leave, and the core. */
export function modularFigures(r: ModularizationReport): ModularFigures {
  return { couldLeave: r.summary.couldLeave + r.summary.boolToTristate, core: r.summary.core };
}

export interface ModulesResult {
  build: BuildRecord;
  /** the bytes per option it was computed from */
  attribution: OptionAttribution;
  report: ModularizationReport;
  /** Kconfig lines the reader did not understand (file:line: message), and entries it skipped */
  kconfigErrors: string[];
  skippedEntries: number;
  /** the build's .config as conf reads it, and every symbol the tree's Kconfig defines */
  values: Map<string, string>;
  defined: Set<string>;
  /** true when the build has no link map: its bytes are the sum of vmlinux.a's members, before the linker drops what it discards */
  approximate: boolean;
}

/** One option of the report (`modules --why X`): an error that says what X is when it is not =y. */
export function findBuiltinOption(r: ModulesResult, symbol: string): ModularOption {
  const name = symbol.replace(/^CONFIG_/, "");
  const option = r.report.options.find((o) => o.symbol === name);
  if (option) return option;
  if (!r.defined.has(name))
    throw new UserError(
      `no Kconfig symbol ${name} in the tree of build ${r.build.id} (${r.build.name})`,
      `check the name with: grep -rn 'config ${name}' --include='Kconfig*' .`,
    );
  const value = r.values.get(name);
  const is = value === "m" ? "a module (=m)" : value === undefined || value === "n" ? "not set" : `=${value}, not a bool or tristate`;
  throw new UserError(`${name} is not built in to build ${r.build.id} (${r.build.name}): it is ${is}`, "kbloat modules BUILD lists every option that is =y");
}

export async function modulesReport(store: BuildStore, ref: string, cache: string, note: (m: string) => void, o: SourceAccess = {}): Promise<ModulesResult> {
  const a = await attributeOptions(store, ref, cache, note, o);
  const { report, kconfig, values } = await readModularizationOf(a);
  return {
    build: a.build,
    attribution: a,
    report,
    kconfigErrors: kconfig.errors.map(formatKconfigMessage),
    skippedEntries: kconfig.skippedEntries,
    values,
    defined: new Set(kconfig.facts.symbols.keys()),
    approximate: a.m.content === null,
  };
}

/** The same for a stored build whose bytes per option are read already. */
export function readModularizationOf(a: OptionAttribution): Promise<Modularization> {
  return readModularization({ sourceDir: a.sourceDir, arch: a.build.arch, config: a.config, objects: a.m.objects, content: a.m.content, rows: a.rows });
}
