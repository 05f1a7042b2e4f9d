// The build use case: source + recipe -> configured, built, measured and stored Build.

import { join } from "node:path";
import type { Recipe } from "../core/recipe.js";
import { resolveKernelSource } from "../adapters/kernel-source.js";
import { formatSourceKey } from "../core/build-identity.js";
import { buildAndStore, hashText, identifyBuild, readRecipeIdentity } from "./build-and-store.js";
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
  const r = await readRecipeIdentity(req.recipe);
  const existing = await store.findBuildByIdentity(identifyBuild(src.identity, r));
  if (existing && existing.status === "ok" && !req.force) return { record: existing, reused: true };
  // one build tree per source, recipe and toolchain; a directory's builds all share one
  const treeOf = src.identity.kind === "directory" ? `dir:${src.identity.path}` : formatSourceKey(src.identity);
  const outDir = join(cache, "builds", hashText(`${treeOf}|${r.recipeHash}|${r.toolchain}`).slice(0, 16));
  // a build of the same identity stored by another kbloat while this one waited for the tree
  const reuse = (b: BuildRecord) => b.status === "ok" && !req.force && b.id !== existing?.id;
  const target = {
    name: `${src.revName}@${req.recipe.name}`,
    source: src.display,
    sourceIdentity: src.identity,
    sourceLocation: src.location,
    revision: src.revision,
    srcDir: src.dir,
    outDir,
    reuse,
  };
  const result = await buildAndStore(target, r, store, cache, emit, req.jobs);
  if (!result.ok) throw new BuildFailed(result.record, result.cause);
  return { record: result.record, reused: result.reused === true };
}
