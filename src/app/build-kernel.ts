// The build use case: source + recipe -> configured, built, measured and stored Build.

import { createHash } from "node:crypto";
import { join } from "node:path";
import { canonicalRecipe, type Recipe } from "../core/recipe.js";
import { runKernelBuild } from "../adapters/kernel-build.js";
import { resolveKernelSource } from "../adapters/kernel-source.js";
import { readMeasurement } from "../adapters/read-measurement.js";
import { commandExists } from "../adapters/run-command.js";
import { readToolchainVersion } from "../adapters/toolchain.js";
import { BuildFailed, type BuildRecord, type BuildStore, type StoredMeasurement } from "./build-record.js";
import type { EventSink } from "./events.js";
import { readSubsystems } from "./subsystems.js";

export interface BuildRequest {
  source: string;
  rev?: string;
  recipe: Recipe;
  /** build again even when this identity is stored */
  force?: boolean;
  jobs?: number;
}

export interface BuildOutcome {
  record: BuildRecord;
  reused: boolean;
}

export function hashText(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export async function buildKernel(req: BuildRequest, store: BuildStore, cache: string, emit: EventSink): Promise<BuildOutcome> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const src = await resolveKernelSource(req.source, req.rev, cache, (message) => emit({ kind: "note", message }));
  const toolchain = await readToolchainVersion(req.recipe.toolchain);
  const recipeHash = hashText(canonicalRecipe(req.recipe)).slice(0, 16);
  // a plain directory can change under the same name: each of its builds is a Build of its own
  const identity = `${src.key}|${src.revision}|${recipeHash}|${toolchain}${src.mutable ? `|${new Date().toISOString()}` : ""}`;
  const name = `${src.revName}@${req.recipe.name}`;
  const existing = await store.findBuildByIdentity(identity);
  if (existing && existing.status === "ok" && !req.force) return { record: existing, reused: true };
  const outDir = join(cache, "builds", hashText(`${src.key}|${src.mutable ? "" : src.revision}|${recipeHash}|${toolchain}`).slice(0, 16));
  const useCcache = await commandExists("ccache");
  // how many objects a full build of this recipe compiled before: the progress bar's 100%
  const expected = Math.max(0, ...(await store.listBuilds()).filter((b) => b.recipeHash === recipeHash && b.toolchain === toolchain).map((b) => b.compiled ?? 0)) || null;
  const info = { identity, name, source: src.display, revision: src.revision, recipe: req.recipe.name, recipeHash, arch: req.recipe.arch, toolchain, sourceDir: src.dir, buildDir: outDir };
  emit({ kind: "phase", phase: "configure", build: name, elapsedMs: elapsed() });
  const result = await runKernelBuild({
    srcDir: src.dir,
    outDir,
    recipe: req.recipe,
    cache,
    useCcache,
    jobs: req.jobs,
    onProgress: (p) => emit({ kind: "progress", phase: p.phase, build: name, compiled: p.compiled, expected, current: p.current, elapsedMs: elapsed() }),
  });
  if (!result.ok) {
    const record = await store.saveBuild({ ...info, status: "failed", failedStep: result.step, logTail: result.logTail, durationMs: elapsed(), compiled: result.compiled }, null);
    throw new BuildFailed(record, result.cause);
  }
  emit({ kind: "phase", phase: "measure", build: name, elapsedMs: elapsed() });
  const m = readMeasurement(result.vmlinux, result.linkMap, result.image, (message) => emit({ kind: "note", message }));
  const measurement: StoredMeasurement = { ...m, config: result.config, subsystems: readSubsystems(src.dir, m.objects) };
  emit({ kind: "phase", phase: "store", build: name, elapsedMs: elapsed() });
  const record = await store.saveBuild({ ...info, status: "ok", failedStep: null, logTail: null, durationMs: elapsed(), compiled: result.compiled }, measurement);
  return { record, reused: false };
}

