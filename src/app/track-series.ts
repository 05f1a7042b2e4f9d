// The track use case: a Series of Builds of one recipe over an ordered list of revisions (git)
// or release tarballs, through one persistent source tree and build tree, so that each
// neighbour costs an incremental build. Resumable: what is stored is not built again.

import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Recipe } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import { listRangeRevisions, type RangeSelection, resolveRevisions } from "../adapters/git-revisions.js";
import { isGitRepository, resolveKernelSource } from "../adapters/kernel-source.js";
import { checkoutSeriesTree, syncSeriesTree } from "../adapters/series-tree.js";
import type { SourceIdentity } from "../core/build-identity.js";
import type { BuildJob } from "./build-job.js";
import { buildAndStore, hashText, identifyBuild, type RecipeIdentity, readRecipeIdentity } from "./build-and-store.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import type { BuildPhaseName, EventSink } from "./events.js";
import { compareKernelVersions } from "../core/kernel-version.js";

export type TrackSource = { kind: "git"; repo: string; range?: string; selection: RangeSelection; revs: string[] } | { kind: "tarballs"; paths: string[] };

export interface TrackRequest {
  source: TrackSource;
  recipe: Recipe;
  retryFailed?: boolean;
  jobs?: number;
  /** a farm's queue (redis://…): the builds are enqueued for workers instead of built here */
  queue?: string;
}

export interface SeriesPoint {
  record: BuildRecord;
  /** built now, found stored, or a stored failure not retried */
  how: "built" | "stored" | "failed-before";
  date: string | null;
  subject: string | null;
}

interface Planned {
  sourceIdentity: SourceIdentity;
  sourceLocation: string;
  revision: string;
  name: string;
  display: string;
  date: string | null;
  subject: string | null;
  /** puts this revision into the series tree and returns the tree */
  prepare: (treeKey: string) => Promise<string>;
}

export async function trackSeries(req: TrackRequest, store: BuildStore, cache: string, emit: EventSink): Promise<SeriesPoint[]> {
  const r = await readRecipeIdentity(req.recipe);
  const note = (message: string) => emit({ kind: "note", message });
  const { family, points } = req.source.kind === "git" ? await planGit(req.source, req.recipe, cache) : await planTarballs(req.source.paths, req.recipe, cache, note);
  if (req.queue) return trackOnFarm(req.queue, points, r, req.retryFailed === true, store, emit);
  const { treeKey, outDir } = seriesLocation(family, r, cache);
  const started = Date.now();
  const durations: number[] = [];
  const out: SeriesPoint[] = [];
  for (const [i, p] of points.entries()) {
    const left = points.length - i;
    const average = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null;
    emit({ kind: "series", done: i, total: points.length, current: p.name, elapsedMs: Date.now() - started, etaMs: average === null ? null : average * left });
    const existing = await store.findBuildByIdentity(identifyBuild(p.sourceIdentity, r));
    if (existing && (existing.status === "ok" || !req.retryFailed)) {
      out.push({ record: existing, how: existing.status === "ok" ? "stored" : "failed-before", date: p.date, subject: p.subject });
      continue;
    }
    const t0 = Date.now();
    const srcDir = () => p.prepare(treeKey);
    // another kbloat may store it while this one waits for the tree: a failure it stored now is as good as this one's
    const reuse = (b: BuildRecord) => b.status === "ok" || !req.retryFailed || b.id !== existing?.id;
    const target = { name: p.name, source: p.display, sourceIdentity: p.sourceIdentity, sourceLocation: p.sourceLocation, revision: p.revision, srcDir, outDir, reuse };
    const result = await buildAndStore(target, r, store, cache, emit, req.jobs);
    if (!result.reused) durations.push(Date.now() - t0);
    if (!result.ok && !result.reused) note(`${p.name} failed at ${result.record.failedStep}: ${result.cause} (stored; --retry-failed builds it again)`);
    out.push({ record: result.record, how: result.reused ? (result.ok ? "stored" : "failed-before") : "built", date: p.date, subject: p.subject });
  }
  emit({ kind: "series", done: points.length, total: points.length, current: "", elapsedMs: Date.now() - started, etaMs: 0 });
  return out;
}

/**
 * track --queue: what is not stored goes to the farm's workers as jobs; the series is read back
 * from the store as their Builds arrive, each worker's progress shown as it comes.
 */
async function trackOnFarm(queueUrl: string, points: Planned[], r: RecipeIdentity, retryFailed: boolean, store: BuildStore, emit: EventSink): Promise<SeriesPoint[]> {
  const { openCoordinator } = await import("../adapters/build-queue.js");
  const { jobIdOf } = await import("./build-job.js");
  const started = Date.now();
  const known = new Map<Planned, BuildRecord>();
  const jobs: { id: string; data: BuildJob; point: Planned; again: boolean }[] = [];
  for (const p of points) {
    const existing = await store.findBuildByIdentity(identifyBuild(p.sourceIdentity, r));
    if (existing && (existing.status === "ok" || !retryFailed)) known.set(p, existing);
    else if (p.sourceIdentity.kind === "git" || p.sourceIdentity.kind === "tarball") {
      // a Build stored as failed and asked for again: its job is run again, and the worker rebuilds it
      const again = existing !== undefined;
      const data: BuildJob = { name: p.name, display: p.display, revision: p.revision, source: p.sourceIdentity, location: p.sourceLocation, recipe: r.recipe, toolchain: r.toolchain, retryFailed: again };
      jobs.push({ id: jobIdOf(data), data, point: p, again });
    }
  }
  const built = new Set<Planned>();
  const phases = new Map<string, string>();
  const startedAt = new Map<string, number>();
  let done = points.length - jobs.length;
  // all stored: nothing for the workers, and the queue is not needed
  const coordinator = jobs.length ? await openCoordinator(queueUrl) : null;
  try {
    emit({ kind: "series", done, total: points.length, current: `${jobs.length} queued for the workers`, elapsedMs: 0, etaMs: null });
    await coordinator?.run(
      jobs,
      (id, p) => {
        const job = jobs.find((j) => j.id === id);
        if (!job) return;
        // a line when a job enters a phase on a worker, the count of compiled objects in between
        const build = `${job.data.name} on ${p.worker}`;
        const elapsedMs = Date.now() - (startedAt.get(id) ?? startedAt.set(id, Date.now()).get(id) ?? 0);
        const phase = p.phase as BuildPhaseName;
        if (phases.get(id) !== `${p.worker} ${p.phase}`) emit({ kind: "phase", phase, build, elapsedMs });
        else if (p.compiled !== null) emit({ kind: "progress", phase, build, compiled: p.compiled, expected: null, current: p.current ?? "", elapsedMs });
        phases.set(id, `${p.worker} ${p.phase}`);
      },
      async (o) => {
        const job = jobs.find((j) => j.id === o.id);
        if (!job) return;
        done++;
        if (!o.result.ok) {
          emit({ kind: "note", message: `${job.data.name}: no worker could build it: ${o.result.cause}` });
          return;
        }
        const record = await store.findBuild(String(o.result.buildId));
        if (record) {
          known.set(job.point, record);
          built.add(job.point);
        }
        emit({ kind: "series", done, total: points.length, current: `${points.length - done} on the workers`, elapsedMs: Date.now() - started, etaMs: null });
      },
    );
  } finally {
    await coordinator?.close();
  }
  const out: SeriesPoint[] = [];
  for (const p of points) {
    const record = known.get(p);
    if (!record) continue;
    const how = built.has(p) ? "built" : record.status === "ok" ? "stored" : "failed-before";
    out.push({ record, how, date: p.date, subject: p.subject });
  }
  const missing = points.filter((p) => !known.has(p));
  if (missing.length) {
    throw new UserError(`${missing.length} of the series' builds were not done by any worker (${missing.map((p) => p.name).join(", ")})`, "see the causes above; start workers that can reach the sources, then run track --queue again");
  }
  return out;
}

/** The persistent source tree key and build tree of a series: per repository, recipe and toolchain. */
export function seriesLocation(family: string, r: RecipeIdentity, cache: string): { treeKey: string; outDir: string } {
  const treeKey = `${family}-${hashText(`${r.recipeHash}|${r.toolchain}`).slice(0, 8)}`;
  return { treeKey, outDir: join(cache, "builds", `series-${treeKey}`) };
}

export function gitFamily(repo: string): string {
  return `git-${hashText(repo).slice(0, 12)}`;
}

/**
 * What `track SOURCE MORE...` names: a git repository with a range A..B or revisions, or
 * release tarballs (and folders of them). The --tags/--merges/--every choice needs a range.
 */
export async function classifyTrackSource(source: string, more: string[], pick: { tags?: boolean; merges?: boolean; every?: number }): Promise<TrackSource> {
  const picks = [pick.tags && "--tags", pick.merges && "--merges", pick.every && "--every"].filter(Boolean) as string[];
  if (picks.length > 1) throw new UserError(`${picks.join(" and ")} cannot be combined: pick one way to choose revisions`);
  if (!(await isGitRepository(resolve(source)))) {
    if (picks.length) throw new UserError(`${picks[0]} is for git ranges; ${source} is not a git repository`);
    return { kind: "tarballs", paths: [source, ...more] };
  }
  const range = more.length === 1 && more[0].includes("..") ? more[0] : undefined;
  if (!range && more.length === 0) throw new UserError("track needs revisions: a range A..B or a list of revisions", `e.g. kbloat track ${source} v6.11..v6.12 --tags`);
  if (!range && picks.length) throw new UserError(`${picks[0]} selects from a range: give A..B`);
  const selection: RangeSelection = pick.tags ? { kind: "tags" } : pick.merges ? { kind: "merges" } : pick.every ? { kind: "every", n: pick.every } : { kind: "all" };
  return { kind: "git", repo: source, range, selection, revs: range ? [] : more };
}

async function planGit(s: Extract<TrackSource, { kind: "git" }>, recipe: Recipe, cache: string): Promise<{ family: string; points: Planned[] }> {
  const repo = resolve(s.repo);
  const revisions = s.range ? await listRangeRevisions(repo, s.range, s.selection) : await resolveRevisions(repo, s.revs);
  if (revisions.length === 0) throw new UserError("no revisions to track", "give a range A..B or a list of revisions");
  const family = gitFamily(repo);
  return {
    family,
    points: revisions.map((rev) => ({
      sourceIdentity: { kind: "git", commit: rev.sha },
      sourceLocation: repo,
      revision: rev.sha,
      name: `${rev.name}@${recipe.name}`,
      display: s.repo,
      date: rev.date,
      subject: rev.subject,
      prepare: (treeKey) => checkoutSeriesTree(repo, treeKey, rev.sha, cache),
    })),
  };
}

const TARBALL = /\.(tar\.xz|txz|tar\.gz|tgz|tar\.bz2|tar)$/;

async function planTarballs(paths: string[], recipe: Recipe, cache: string, note: (m: string) => void): Promise<{ family: string; points: Planned[] }> {
  const files = paths.flatMap((p) => (existsSync(p) && statSync(p).isDirectory() ? readdirSync(p).filter((f) => TARBALL.test(f)).map((f) => join(p, f)) : [p]));
  if (files.length === 0) throw new UserError("no tarballs to track", "pass release tarballs (.tar.xz) or a folder holding them");
  const sources = [];
  for (const f of files) sources.push(await resolveKernelSource(f, undefined, cache, note));
  sources.sort((a, b) => compareKernelVersions(a.version, b.version));
  for (let i = 1; i < sources.length; i++) {
    if (sources[i].version === sources[i - 1].version) {
      throw new UserError(`two tarballs hold the same kernel version ${sources[i].version}: ${sources[i - 1].display} and ${sources[i].display}`, "pass each version once");
    }
  }
  return {
    family: "tarballs",
    points: sources.map((src) => ({
      sourceIdentity: src.identity,
      sourceLocation: src.location,
      revision: src.revision,
      name: `${src.revName}@${recipe.name}`,
      display: src.display,
      date: null,
      subject: null,
      prepare: (treeKey) => syncSeriesTree(src.dir, treeKey, cache),
    })),
  };
}
