// options --exact: the real cost of the largest options, measured by building the same kernel
// with each one turned off (its stored .config, `# CONFIG_X is not set`, olddefconfig) in one
// persistent build tree, so that each is an incremental build. Static figure against measured.

import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { parseDotConfig } from "../core/kconfig/dot-config.js";
import { explainBuiltins } from "../core/kconfig/explain-builtins.js";
import type { Recipe } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import { readKconfigTree } from "../adapters/read-kconfig-tree.js";
import { computeRecipeHash, type SourceIdentity } from "../core/build-identity.js";
import { readToolchainVersion } from "../adapters/toolchain.js";
import { hashText, type RecipeIdentity } from "./build-and-store.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import type { EventSink } from "./events.js";
import { attributeOptions, type OptionAttribution } from "./modules-report.js";
import { openRevisionBuilder, type RevisionBuilder, treeOf } from "./revision-builder.js";

export interface ExactOption {
  symbol: string;
  /** bytes of the objects it brings in directly */
  static: number;
  /** content bytes that left when it was turned off; null when it could not be turned off or the build failed */
  measured: number | null;
  /** the build with it off */
  build: BuildRecord | null;
  /** other options that went with it (they depend on it), from the two .config files */
  alsoOff: string[];
  /** options that came on instead (another member of its choice, a default that depends on !it) */
  turnedOn: string[];
  /** why the two figures differ by more than 10 %, or why nothing was measured */
  note: string | null;
}

export interface ExactResult {
  attribution: OptionAttribution;
  options: ExactOption[];
  /** options larger than the last one measured that a user cannot turn off (no prompt, selected, or a choice's pick) */
  skipped: string[];
}

export interface ExactRequest {
  ref: string;
  /** how many of the largest options to build without */
  n: number;
  jobs?: number;
  /** a farm's queue (redis://…): the builds without each option go to its workers, all at once */
  queue?: string;
}

export async function measureOptionsExactly(req: ExactRequest, store: BuildStore, cache: string, emit: EventSink): Promise<ExactResult> {
  const { ref, n } = req;
  const note = (message: string) => emit({ kind: "note", message });
  const a = await attributeOptions(store, ref, cache, note);
  const explained = new Map(explainBuiltins(readKconfigTree(a.sourceDir, { arch: a.build.arch }).model, parseDotConfig(a.config)).map((e) => [e.symbol, e]));
  const picked: string[] = [];
  const skipped: string[] = [];
  for (const row of a.rows) {
    if (picked.length >= n) break;
    if (!row.name.startsWith("CONFIG_")) continue;
    const symbol = row.name.slice(7);
    const e = explained.get(symbol);
    // a choice's pick is not turned off, it is swapped for another member
    if (e && e.prompt && !e.reasons.some((r) => r.kind === "selected" || r.kind === "choice")) picked.push(symbol);
    else skipped.push(symbol);
  }
  if (a.m.content === null) {
    throw new UserError(
      `build ${a.build.id} (${a.build.name}) has no content figure (no link map was read), so what leaves with an option cannot be measured`,
      "use options without --exact (its bytes are static figures), or build with kbloat build, which writes the link map",
    );
  }
  const parent = await readParentRecipe(store, a.build);
  const tree = `exact-${hashText(a.build.identity).slice(0, 16)}`;
  const parentIdentity: RecipeIdentity = { recipe: parent.recipe, recipeHash: a.build.recipeHash, toolchain: a.build.toolchain };
  const plan = { r: parentIdentity, family: tree, tree, size: picked.length, retryFailed: false, jobs: req.jobs };
  const builder = await openRevisionBuilder(plan, req.queue, store, cache, emit);
  // start from the build's own tree, so that the first option costs an incremental build too
  const outDir = treeOf(plan, cache).outDir;
  if (!req.queue && !existsSync(outDir) && a.build.buildDir && existsSync(join(a.build.buildDir, "vmlinux"))) cpSync(a.build.buildDir, outDir, { recursive: true, preserveTimestamps: true });
  let done = 0;
  const one = async (symbol: string, i: number) => {
    if (builder.slots === 1) emit({ kind: "series", done: i, total: picked.length, current: `${a.build.name} without ${symbol}`, elapsedMs: 0, etaMs: null });
    const option = await measureWithout(store, a, parent, symbol, builder, i);
    if (builder.slots > 1) emit({ kind: "series", done: ++done, total: picked.length, current: `${picked.length - done} on the workers`, elapsedMs: 0, etaMs: null });
    return option;
  };
  try {
    const options: ExactOption[] = [];
    if (builder.slots > 1) options.push(...(await Promise.all(picked.map(one))));
    else for (const [i, symbol] of picked.entries()) options.push(await one(symbol, i));
    return { attribution: a, options, skipped };
  } finally {
    await builder.close();
  }
}

interface Parent {
  source: SourceIdentity;
  recipe: Recipe;
}

/**
 * What the build was made of, as stored: its source and its whole recipe, whose toolchain the
 * builds without each option use too. The toolchain must still be the one that built it, or the
 * figures would compare two compilers.
 */
async function readParentRecipe(store: BuildStore, build: BuildRecord): Promise<Parent> {
  const recipe = await store.loadRecipe(build.id);
  if (!build.sourceIdentity || !recipe) {
    throw new UserError(
      `build ${build.id} (${build.name}) was stored without its recipe (measured elsewhere, or stored by an older kbloat that did not keep it), so it cannot be built again without an option`,
      `build it again with kbloat build (e.g. kbloat build SOURCE --recipe ${build.recipe}) and run options --exact on that build`,
    );
  }
  const now = await readToolchainVersion(recipe.toolchain);
  if (now !== build.toolchain) {
    throw new UserError(
      `build ${build.id} (${build.name}) was made with "${build.toolchain}", but its recipe's toolchain here is "${now}": the figures would compare two compilers`,
      "run options --exact where that toolchain is installed, or build the kernel again here with kbloat build and run it on that build",
    );
  }
  return { source: build.sourceIdentity, recipe };
}

async function measureWithout(store: BuildStore, a: OptionAttribution, parent: Parent, symbol: string, builder: RevisionBuilder, position: number): Promise<ExactOption> {
  const staticBytes = a.rows.find((r) => r.name === `CONFIG_${symbol}`)?.size ?? 0;
  const recipe: Recipe = {
    name: `${a.build.recipe}-${symbol}`,
    base: { kind: "file", path: `.config of build ${a.build.id}`, text: a.config },
    transforms: [{ kind: "disable", symbol }],
    arch: parent.recipe.arch,
    toolchain: parent.recipe.toolchain,
  };
  const r: RecipeIdentity = { recipe, recipeHash: computeRecipeHash(recipe, hashText), toolchain: a.build.toolchain };
  const built = await builder.build({
    name: `${a.build.name}-${symbol}`,
    display: a.build.source,
    sourceIdentity: parent.source,
    sourceLocation: a.build.sourceLocation ?? a.sourceDir,
    revision: a.build.revision,
    prepare: async () => a.sourceDir,
    position,
    r,
  });
  if (a.m.content === null) throw new Error("measureWithout needs a build with content: exactOptions refuses one without");
  if (!built.record) return { symbol, static: staticBytes, measured: null, build: null, alsoOff: [], turnedOn: [], note: built.cause };
  const record = built.record;
  if (record.status !== "ok" || record.figures?.content == null) {
    const cause = record.logTail?.split("\n").filter(Boolean).at(-1)?.replace(/^kbloat: /, "") ?? "the build failed";
    return { symbol, static: staticBytes, measured: null, build: record, alsoOff: [], turnedOn: [], note: cause };
  }
  const measured = a.m.content - record.figures.content;
  const off = await store.loadMeasurement(record.id);
  const alsoOff = off?.config ? builtIn(a.config, off.config, symbol) : [];
  const turnedOn = off?.config ? builtIn(off.config, a.config, symbol) : [];
  return { symbol, static: staticBytes, measured, build: record, alsoOff, turnedOn, note: explainGap(staticBytes, measured, alsoOff, turnedOn) };
}

/** options at y in `before` that are not at y in `after`, besides `symbol` */
function builtIn(before: string, after: string, symbol: string): string[] {
  const a = parseDotConfig(before);
  const b = parseDotConfig(after);
  return [...a.entries()].filter(([k, v]) => k !== symbol && v === "y" && b.get(k) !== "y").map(([k]) => k).sort();
}

const list = (xs: string[]) => `${xs.slice(0, 5).join(", ")}${xs.length > 5 ? ", …" : ""}`;

function explainGap(staticBytes: number, measured: number, alsoOff: string[], turnedOn: string[]): string | null {
  if (Math.abs(measured - staticBytes) <= 0.1 * Math.max(Math.abs(staticBytes), 1)) return null;
  if (turnedOn.length) return `${turnedOn.length} options came on in its place (${list(turnedOn)}): their bytes came in`;
  if (alsoOff.length) return `${alsoOff.length} options went with it (${list(alsoOff)}): their objects left too`;
  if (measured > staticBytes) return "code in other objects is built only with it (#ifdef, IS_ENABLED): it left too";
  return "others keep some of its code in (static inline users, or objects that another option lists too)";
}
