// The build use case: source + recipe -> configured, built, measured and stored Build.

import { join } from "node:path";
import type { Recipe } from "../core/recipe.js";
import { resolveKernelSource } from "../adapters/kernel-source.js";
import { buildAndStore, hashText, identifyRecipe } from "./build-and-store.js";
import { BuildFailed, type BuildRecord, type BuildStore } from "./build-record.js";
import type { EventSink } from "./events.js";

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

export async function buildKernel(req: BuildRequest, store: BuildStore, cache: string, emit: EventSink): Promise<BuildOutcome> {
  const src = await resolveKernelSource(req.source, req.rev, cache, (message) => emit({ kind: "note", message }));
  const r = await identifyRecipe(req.recipe);
  // a plain directory can change under the same name: each of its builds is a Build of its own
  const identity = `${src.key}|${src.revision}|${r.recipeHash}|${r.toolchain}${src.mutable ? `|${new Date().toISOString()}` : ""}`;
  const existing = await store.findBuildByIdentity(identity);
  if (existing && existing.status === "ok" && !req.force) return { record: existing, reused: true };
  const outDir = join(cache, "builds", hashText(`${src.key}|${src.mutable ? "" : src.revision}|${r.recipeHash}|${r.toolchain}`).slice(0, 16));
  // a build of the same identity stored by another kbloat while this one waited for the tree
  const reuse = (b: BuildRecord) => b.status === "ok" && !req.force && b.id !== existing?.id;
  const target = { identity, name: `${src.revName}@${req.recipe.name}`, source: src.display, revision: src.revision, srcDir: src.dir, outDir, reuse };
  const result = await buildAndStore(target, r, store, cache, emit, req.jobs);
  if (!result.ok) throw new BuildFailed(result.record, result.cause);
  return { record: result.record, reused: result.reused === true };
}
