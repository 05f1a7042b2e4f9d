// One Build: run the kernel's build in a given source and build tree, measure, store.
// Shared by `build` (one revision) and `track` (a series through one persistent tree).

import { computeBuildIdentity, computeRecipeHash, type SourceIdentity } from "../core/build-identity.js";
import { buildsModules, type Recipe } from "../core/recipe.js";
import { acquireBuildLock } from "../adapters/build-lock.js";
import { runKernelBuild } from "../adapters/kernel-build.js";
import { readBuildInputs } from "../adapters/read-build-inputs.js";
import { readBuiltModules } from "../adapters/read-built-modules.js";
import { readMeasurement } from "../adapters/read-measurement.js";
import { commandExists } from "../adapters/run-command.js";
import { readToolchainVersion } from "../adapters/toolchain.js";
import { createHash } from "node:crypto";
import type { Measurement } from "../core/measurement.js";
import type { BuildRecord, BuildToSave, BuildStore, ModularFigures, StoredMeasurement } from "./build-record.js";
import type { EventSink } from "./events.js";
import { readSubsystems } from "./subsystems.js";

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** What a recipe and toolchain contribute to a Build's identity. */
export interface RecipeIdentity {
  recipe: Recipe;
  recipeHash: string;
  toolchain: string;
}

/** The recipe's hash and the toolchain's version strings (it runs the compiler and linker to ask). */
export async function readRecipeIdentity(recipe: Recipe): Promise<RecipeIdentity> {
  return { recipe, recipeHash: computeRecipeHash(recipe, hashText), toolchain: await readToolchainVersion(recipe.toolchain) };
}

/** The identity of a Build of this source with this recipe: what every verb looks a Build up by. */
export function identifyBuild(source: SourceIdentity, r: RecipeIdentity): string {
  return computeBuildIdentity(source, r.recipe, r.toolchain, hashText);
}

export interface BuildTarget {
  name: string;
  /** how the user named the source */
  source: string;
  /** what is built: with the recipe, the Build's identity */
  sourceIdentity: SourceIdentity;
  /** where this machine found it */
  sourceLocation: string;
  revision: string;
  /** the kernel tree, or a step that makes it (run while the build tree is locked) */
  srcDir: string | (() => Promise<PreparedTree>);
  outDir: string;
  /**
   * Whether a build of this identity that another kbloat stored while this one waited for the
   * build tree's lock will do (then it is returned, not built again).
   */
  reuse?: (stored: BuildRecord) => boolean;
}

/** A kernel tree made ready for a build, and the digest of its config inputs when they are known. */
export interface PreparedTree {
  dir: string;
  configInputs: string | null;
}

export type BuildResult = { ok: true; record: BuildRecord; reused?: boolean } | { ok: false; record: BuildRecord; cause: string; reused?: boolean };

export async function buildAndStore(t: BuildTarget, r: RecipeIdentity, store: BuildStore, cache: string, emit: EventSink, jobs?: number): Promise<BuildResult> {
  const lock = await acquireBuildLock(t.outDir, (message) => emit({ kind: "note", message }));
  try {
    const stored = t.reuse && (await store.findBuildByIdentity(identifyBuild(t.sourceIdentity, r)));
    if (stored && t.reuse?.(stored)) {
      emit({ kind: "note", message: `${t.name} was stored by another kbloat while this one waited: not built again` });
      return stored.status === "ok"
        ? { ok: true, record: stored, reused: true }
        : { ok: false, record: stored, cause: stored.logTail?.split("\n").at(-1) ?? "failed", reused: true };
    }
    const tree = typeof t.srcDir === "string" ? { dir: t.srcDir, configInputs: null } : await t.srcDir();
    return await buildLocked({ ...t, srcDir: tree.dir }, tree.configInputs, r, store, cache, emit, jobs, lock.setMakeGroup);
  } finally {
    lock.release();
  }
}

async function buildLocked(
  t: BuildTarget & { srcDir: string },
  configInputs: string | null,
  r: RecipeIdentity,
  store: BuildStore,
  cache: string,
  emit: EventSink,
  jobs: number | undefined,
  onMakeGroup: (pid: number | null) => void,
): Promise<BuildResult> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  // how many objects a full build of this recipe compiled before: the progress bar's 100%
  const expected =
    Math.max(0, ...(await store.listBuilds()).filter((b) => b.recipeHash === r.recipeHash && b.toolchain === r.toolchain).map((b) => b.compiled ?? 0)) || null;
  const info: Omit<BuildToSave, "status" | "failedStep" | "logTail" | "durationMs" | "compiled"> = {
    identity: identifyBuild(t.sourceIdentity, r),
    name: t.name,
    source: t.source,
    revision: t.revision,
    sourceIdentity: t.sourceIdentity,
    sourceLocation: t.sourceLocation,
    recipeData: r.recipe,
    recipe: r.recipe.name,
    recipeHash: r.recipeHash,
    arch: r.recipe.arch,
    toolchain: r.toolchain,
    sourceDir: t.srcDir,
    buildDir: t.outDir,
  };
  emit({ kind: "phase", phase: "configure", build: t.name, elapsedMs: elapsed() });
  const result = await runKernelBuild({
    srcDir: t.srcDir,
    outDir: t.outDir,
    recipe: r.recipe,
    cache,
    useCcache: await commandExists("ccache"),
    jobs,
    configKey: configInputs && hashText(`${r.recipeHash}|${r.toolchain}|${configInputs}`),
    onMakeGroup,
    onProgress: (p) => emit({ kind: "progress", phase: p.phase, build: t.name, compiled: p.compiled, expected, current: p.current, elapsedMs: elapsed() }),
  });
  if (!result.ok) {
    const record = await store.saveBuild(
      { ...info, status: "failed", failedStep: result.step, logTail: result.logTail, durationMs: elapsed(), compiled: result.compiled },
      null,
    );
    return { ok: false, record, cause: result.cause };
  }
  emit({ kind: "phase", phase: "measure", build: t.name, elapsedMs: elapsed() });
  const m = readMeasurement(result.vmlinux, result.linkMap, result.image, (message) => emit({ kind: "note", message }));
  // a patched recipe built from its own copy of the tree: what it read is there
  const srcDir = result.srcDir;
  const inputs = [...readBuildInputs(t.outDir, srcDir)].sort();
  const modular = r.recipe.transforms.some((x) => x.kind === "yes2modconfig") ? await readModularFigures(srcDir, r.recipe.arch, result.config, m, emit) : null;
  const modules = buildsModules(r.recipe) ? readBuiltModules(t.outDir, result.config) : [];
  const measurement: StoredMeasurement = { ...m, config: result.config, subsystems: readSubsystems(srcDir, m.objects), inputs, modular, modules };
  emit({ kind: "phase", phase: "store", build: t.name, elapsedMs: elapsed() });
  const record = await store.saveBuild(
    { ...info, sourceDir: srcDir, status: "ok", failedStep: null, logTail: null, durationMs: elapsed(), compiled: result.compiled },
    measurement,
  );
  return { ok: true, record };
}

/** For +mod recipes: what could still leave and the core, from the tree's Kconfig and Makefiles. */
async function readModularFigures(srcDir: string, arch: string, config: string, m: Measurement, emit: EventSink): Promise<ModularFigures | null> {
  if (m.objects.length === 0) return null;
  const { readModularization, modularFigures } = await import("./modules-report.js");
  try {
    const { report, kconfig } = await readModularization({ sourceDir: srcDir, arch, config, objects: m.objects, content: m.content });
    if (kconfig.errors.length) emit({ kind: "note", message: `Kconfig: ${kconfig.errors.length} lines not understood; the modularization figures may be off` });
    return modularFigures(report);
  } catch (e) {
    // the build itself is good: store it without the figures rather than lose it
    emit({ kind: "note", message: `the modularization figures could not be computed (${(e as Error).message}); the build is stored without them` });
    return null;
  }
}
