// One port for "build this revision": the local builder (make in this machine's tree) and the
// farm's (enqueue a job, wait for a worker) both satisfy it, so track, check, blame and
// options --exact do not know which one runs. Either looks the Build up first: what is stored
// is not built again. The use cases take the opener as a parameter, so their fast tests hand
// in a builder that measures a planted history without make.

import { join } from "node:path";
import type { SourceIdentity } from "../core/build-identity.js";
import { buildAndStore, hashText, type PreparedTree, type RecipeIdentity, identifyBuild } from "./build-and-store.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import type { EventSink } from "./events.js";

export interface RevisionToBuild {
  /** REV@RECIPE */
  name: string;
  /** how the user named the source */
  display: string;
  revision: string;
  sourceIdentity: SourceIdentity;
  /** where this machine found it */
  sourceLocation: string;
  /** puts the revision into this machine's tree of that key and returns the tree */
  prepare: (treeKey: string) => Promise<PreparedTree>;
  /** its place in the series or range: a farm's workers take neighbours one after another */
  position: number;
  /** its recipe when it is not the plan's (options --exact: the parent's, without one option) */
  r?: RecipeIdentity;
}

/** A Build built now, found stored, or a stored failure not retried; or why no builder could build it. */
export type BuiltRevision = { record: BuildRecord; how: "built" | "stored" | "failed-before" } | { record: null; cause: string };

export interface RevisionBuilder {
  /** how many builds it runs at once: 1 here, as many as are handed to a farm */
  readonly slots: number;
  build(p: RevisionToBuild): Promise<BuiltRevision>;
  close(): Promise<void>;
}

export interface BuildPlan {
  r: RecipeIdentity;
  /** the source family the series tree is kept for (a repository, or the tarballs) */
  family: string;
  /** one tree for all these builds instead of the series's (options --exact keeps one per parent Build) */
  tree?: string;
  /** how many revisions the series or range holds, for spreading them over a farm's workers */
  size: number;
  /** build a Build stored as failed again */
  retryFailed: boolean;
  /** make -jN here (a farm's workers use their own) */
  jobs?: number;
}

/** The persistent source tree key and build tree of a series: per repository, recipe and toolchain. */
export function seriesLocation(family: string, r: RecipeIdentity, cache: string): { treeKey: string; outDir: string } {
  const treeKey = `${family}-${hashText(`${r.recipeHash}|${r.toolchain}`).slice(0, 8)}`;
  return { treeKey, outDir: join(cache, "builds", `series-${treeKey}`) };
}

export function gitFamily(repo: string): string {
  return `git-${hashText(repo).slice(0, 12)}`;
}

/** The tree a plan's builds go through on a machine with this cache. */
export function treeOf(plan: Pick<BuildPlan, "family" | "tree" | "r">, cache: string): { treeKey: string; outDir: string } {
  return plan.tree ? { treeKey: plan.tree, outDir: join(cache, "builds", plan.tree) } : seriesLocation(plan.family, plan.r, cache);
}

/** How a use case gets its builder: openRevisionBuilder, or one a test scripts. */
export type OpenRevisionBuilder = (plan: BuildPlan, queue: string | undefined, store: BuildStore, cache: string, emit: EventSink) => Promise<RevisionBuilder>;

/** Builds here, or on the farm behind `queue` (redis://…). */
export async function openRevisionBuilder(
  plan: BuildPlan,
  queue: string | undefined,
  store: BuildStore,
  cache: string,
  emit: EventSink,
): Promise<RevisionBuilder> {
  if (!queue) return createLocalBuilder(plan, store, cache, emit);
  const { openFarmBuilder } = await import("./farm-builder.js");
  return openFarmBuilder(plan, queue, store, emit);
}

/** The stored Build of this revision when it will do (an ok one, or a failure not to be retried). */
export async function findReusable(
  p: RevisionToBuild,
  plan: Pick<BuildPlan, "r" | "retryFailed">,
  store: BuildStore,
): Promise<{ existing: BuildRecord | undefined; reusable: BuiltRevision | null }> {
  const existing = await store.findBuildByIdentity(identifyBuild(p.sourceIdentity, p.r ?? plan.r));
  if (existing && (existing.status === "ok" || !plan.retryFailed))
    return { existing, reusable: { record: existing, how: existing.status === "ok" ? "stored" : "failed-before" } };
  return { existing, reusable: null };
}

function createLocalBuilder(plan: BuildPlan, store: BuildStore, cache: string, emit: EventSink): RevisionBuilder {
  const { treeKey, outDir } = treeOf(plan, cache);
  return {
    slots: 1,
    async build(p) {
      const { existing, reusable } = await findReusable(p, plan, store);
      if (reusable) return reusable;
      // another kbloat may store it while this one waits for the tree: a failure it stored now is as good as this one's
      const reuse = (b: BuildRecord) => b.status === "ok" || !plan.retryFailed || b.id !== existing?.id;
      const target = {
        name: p.name,
        source: p.display,
        sourceIdentity: p.sourceIdentity,
        sourceLocation: p.sourceLocation,
        revision: p.revision,
        srcDir: () => p.prepare(treeKey),
        outDir,
        reuse,
      };
      const result = await buildAndStore(target, p.r ?? plan.r, store, cache, emit, plan.jobs);
      if (!result.ok && !result.reused)
        emit({ kind: "note", message: `${p.name} failed at ${result.record.failedStep}: ${result.cause} (stored; --retry-failed builds it again)` });
      return { record: result.record, how: result.reused ? (result.ok ? "stored" : "failed-before") : "built" };
    },
    async close() {},
  };
}
