// Variants of a stored Build: the same source, toolchain and .config with a few transforms on
// top (an option off for options --exact, an option set to m for modules --prove), built in one
// persistent tree per parent and purpose that starts as a copy of the parent's own tree, so
// that each variant is an incremental build. Each is stored like any other Build, so a run that
// was stopped finds the variants it already built.

import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { computeRecipeHash, type SourceIdentity } from "../core/build-identity.js";
import type { Recipe, Transform } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import { readToolchainVersion } from "../adapters/toolchain.js";
import { hashText, identifyBuild, type RecipeIdentity } from "./build-and-store.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import type { EventSink } from "./events.js";
import { type BuiltRevision, openRevisionBuilder, type RevisionToBuild, treeOf } from "./revision-builder.js";

export interface VariantParent {
  build: BuildRecord;
  /** its source tree here */
  sourceDir: string;
  /** its .config as stored */
  config: string;
}

export interface VariantBuilder {
  /** how many variants build at once: 1 here, all of them on a farm */
  readonly slots: number;
  /** `suffix` names the variant after its parent's recipe and name (`-SIGNALFD`, `+EXT4_FS=m`) */
  build(suffix: string, transforms: Transform[], position: number): Promise<BuiltRevision>;
  close(): Promise<void>;
}

/**
 * `purpose` keeps one tree per kind of variant (`exact`, `prove`). `what` says, in the errors,
 * what the variants are for. Throws a UserError when the parent cannot be built again here.
 */
export async function openVariantBuilder(
  p: VariantParent,
  o: { purpose: string; what: string; size: number; jobs?: number; queue?: string },
  store: BuildStore,
  cache: string,
  emit: EventSink,
): Promise<VariantBuilder> {
  const parent = await readParentRecipe(store, p.build, o.what);
  const tree = `${o.purpose}-${hashText(p.build.identity).slice(0, 16)}`;
  const parentIdentity: RecipeIdentity = { recipe: parent.recipe, recipeHash: p.build.recipeHash, toolchain: p.build.toolchain };
  const plan = { r: parentIdentity, family: tree, tree, size: o.size, retryFailed: false, jobs: o.jobs };
  const builder = await openRevisionBuilder(plan, o.queue, store, cache, emit);
  // start from the build's own tree, so that the first variant costs an incremental build too
  const outDir = treeOf(plan, cache).outDir;
  const parentTree = p.build.buildDir;
  if (!o.queue && !existsSync(outDir) && parentTree && existsSync(join(parentTree, "vmlinux")))
    cpSync(parentTree, outDir, { recursive: true, preserveTimestamps: true });
  return {
    slots: builder.slots,
    close: () => builder.close(),
    build: (suffix, transforms, position) => builder.build(variantOf(p, parent, suffix, transforms, position)),
  };
}

/** The variant as stored, when it was built before (a proof from an earlier run), else undefined. */
export async function findStoredVariant(p: VariantParent, suffix: string, transforms: Transform[], store: BuildStore): Promise<BuildRecord | undefined> {
  const recipe = await store.loadRecipe(p.build.id);
  if (!p.build.sourceIdentity || !recipe) return undefined;
  const v = variantOf(p, { source: p.build.sourceIdentity, recipe }, suffix, transforms, 0);
  return store.findBuildByIdentity(identifyBuild(v.sourceIdentity, v.r as RecipeIdentity));
}

function variantOf(
  p: VariantParent,
  parent: { source: SourceIdentity; recipe: Recipe },
  suffix: string,
  transforms: Transform[],
  position: number,
): RevisionToBuild {
  const recipe: Recipe = {
    name: `${p.build.recipe}${suffix}`,
    base: { kind: "file", path: `.config of build ${p.build.id}`, text: p.config },
    transforms,
    arch: parent.recipe.arch,
    toolchain: parent.recipe.toolchain,
  };
  return {
    name: `${p.build.name}${suffix}`,
    display: p.build.source,
    sourceIdentity: parent.source,
    sourceLocation: p.build.sourceLocation ?? p.sourceDir,
    revision: p.build.revision,
    prepare: async () => ({ dir: p.sourceDir, configInputs: null }),
    position,
    r: { recipe, recipeHash: computeRecipeHash(recipe, hashText), toolchain: p.build.toolchain },
  };
}

/**
 * What the build was made of, as stored: its source and its whole recipe, whose toolchain the
 * variants use too. The toolchain must still be the one that built it, or the figures would
 * compare two compilers.
 */
async function readParentRecipe(store: BuildStore, build: BuildRecord, what: string): Promise<{ source: SourceIdentity; recipe: Recipe }> {
  const recipe = await store.loadRecipe(build.id);
  if (!build.sourceIdentity || !recipe) {
    throw new UserError(
      `build ${build.id} (${build.name}) was stored without its recipe (measured elsewhere, or stored by an older kbloat that did not keep it), ` +
        `so it cannot be built again ${what}`,
      `build it again with kbloat build (e.g. kbloat build SOURCE --recipe ${build.recipe}) and use that build`,
    );
  }
  const now = await readToolchainVersion(recipe.toolchain);
  if (now !== build.toolchain) {
    throw new UserError(
      `build ${build.id} (${build.name}) was made with "${build.toolchain}", but its recipe's toolchain here is "${now}": ` +
        "the figures would compare two compilers",
      "run it where that toolchain is installed, or build the kernel again here with kbloat build and use that build",
    );
  }
  return { source: build.sourceIdentity, recipe };
}
