// One build as a job for a farm: the Build described by data (its source's identity, the whole
// recipe, the toolchain it must be built with), which any worker can build with its own
// caches and store; and the worker's side of it.

import { existsSync } from "node:fs";
import { computeBuildIdentity, type SourceIdentity } from "../core/build-identity.js";
import type { SeriesPlace } from "../core/farm-order.js";
import type { Recipe } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import { hasCommit } from "../adapters/git-revisions.js";
import { resolveKernelSource } from "../adapters/kernel-source.js";
import { checkoutSeriesTree, syncSeriesTree } from "../adapters/series-tree.js";
import { buildAndStore, hashText, identifyBuild, type PreparedTree, readRecipeIdentity } from "./build-and-store.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import type { EventSink } from "./events.js";
import { gitFamily, treeOf } from "./revision-builder.js";

export interface BuildJob {
  /** REV@RECIPE */
  name: string;
  /** how the user named the source */
  display: string;
  revision: string;
  source: Extract<SourceIdentity, { kind: "git" } | { kind: "tarball" }>;
  /** where the coordinator found it: a worker on the same machine (or with the same paths) uses it too */
  location: string;
  recipe: Recipe;
  /** the toolchain's version strings on the coordinator: a worker with another one refuses the job */
  toolchain: string;
  /** build it again when it is stored as failed (track --retry-failed) */
  retryFailed?: boolean;
  /** one tree for a set of builds instead of the series's (options --exact: the builds without each option) */
  tree?: string;
  /** its place in the coordinator's series: a worker takes the nearest waiting one next */
  place?: SeriesPlace;
}

/** The queue's id of a job: a hash of the Build's identity, so that a Build is enqueued once however often it is asked for. */
export function jobIdOf(job: BuildJob): string {
  return hashText(computeBuildIdentity(job.source, job.recipe, job.toolchain, hashText)).slice(0, 32);
}

export interface WorkerSources {
  /** git repositories this worker may find commits in, besides the job's own location */
  repos: string[];
}

/**
 * Builds one job here and stores it, or finds it stored. A job this worker cannot do (another
 * toolchain, a commit its repositories lack) is a UserError that names the cause; a kernel that
 * does not build is stored as failed, which is a result, not an error.
 */
export async function runBuildJob(job: BuildJob, sources: WorkerSources, store: BuildStore, cache: string, emit: EventSink): Promise<BuildRecord> {
  const r = await readRecipeIdentity(job.recipe);
  if (r.toolchain !== job.toolchain) {
    throw new UserError(
      `${job.name} is to be built with "${job.toolchain}", this worker has "${r.toolchain}"`,
      "run workers with the coordinator's toolchain (the same compiler and binutils packages)",
    );
  }
  const stored = await store.findBuildByIdentity(identifyBuild(job.source, r));
  if (stored && (stored.status === "ok" || !job.retryFailed)) return stored;
  const note = (message: string) => emit({ kind: "note", message });
  let family: string;
  let location: string;
  let prepare: (treeKey: string) => Promise<PreparedTree>;
  if (job.source.kind === "git") {
    const commit = job.source.commit;
    const repo = await findRepository([...sources.repos, job.location], commit);
    if (!repo) {
      throw new UserError(
        `commit ${commit.slice(0, 12)} of ${job.name} is in none of this worker's repositories (${[...sources.repos, job.location].join(", ")})`,
        "fetch it into the worker's repository, or start the worker with --repo naming one that has it",
      );
    }
    family = gitFamily(repo);
    location = repo;
    prepare = (treeKey) => checkoutSeriesTree(repo, treeKey, commit, cache);
  } else {
    if (!existsSync(job.location))
      throw new UserError(`the tarball of ${job.name} is not at ${job.location} on this worker`, "put the release tarballs at the same path on every worker");
    const src = await resolveKernelSource(job.location, undefined, cache, note);
    if (src.identity.kind !== "tarball" || src.identity.sha256 !== job.source.sha256) {
      throw new UserError(
        `${job.location} on this worker is not the tarball of ${job.name} (another SHA-256)`,
        "put the same release tarballs at the same path on every worker",
      );
    }
    family = "tarballs";
    location = src.location;
    prepare = (treeKey) => syncSeriesTree(src.dir, treeKey, cache);
  }
  const { treeKey, outDir } = treeOf({ family, tree: job.tree, r }, cache);
  const target = {
    name: job.name,
    source: job.display,
    sourceIdentity: job.source,
    sourceLocation: location,
    revision: job.revision,
    srcDir: () => prepare(treeKey),
    outDir,
    reuse: () => true,
  };
  return (await buildAndStore(target, r, store, cache, emit)).record;
}

async function findRepository(candidates: string[], commit: string): Promise<string | null> {
  for (const repo of candidates) if (existsSync(repo) && (await hasCommit(repo, commit))) return repo;
  return null;
}
