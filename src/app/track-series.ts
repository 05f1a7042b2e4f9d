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
import { readRecipeIdentity } from "./build-and-store.js";
import type { BuildRecord, BuildStore } from "./build-record.js";
import type { EventSink } from "./events.js";
import { type BuiltRevision, gitFamily, type OpenRevisionBuilder, openRevisionBuilder, type RevisionToBuild } from "./revision-builder.js";
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

interface Planned extends RevisionToBuild {
  date: string | null;
  subject: string | null;
}

export async function trackSeries(
  req: TrackRequest,
  store: BuildStore,
  cache: string,
  emit: EventSink,
  openBuilder: OpenRevisionBuilder = openRevisionBuilder,
): Promise<SeriesPoint[]> {
  const r = await readRecipeIdentity(req.recipe);
  const note = (message: string) => emit({ kind: "note", message });
  const { family, points } =
    req.source.kind === "git" ? await planGit(req.source, req.recipe, cache) : await planTarballs(req.source.paths, req.recipe, cache, note);
  const plan = { r, family, size: points.length, retryFailed: req.retryFailed === true, jobs: req.jobs };
  const builder = await openBuilder(plan, req.queue, store, cache, emit);
  const started = Date.now();
  const durations: number[] = [];
  const built = new Map<Planned, BuiltRevision>();
  let done = 0;
  const report = (current: string) => {
    const average = durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null;
    const left = points.length - done;
    const etaMs = average === null ? null : (average * left) / Math.min(builder.slots, Math.max(1, left));
    emit({ kind: "series", done, total: points.length, current, elapsedMs: Date.now() - started, etaMs });
  };
  // one build at a time: a line before each; a farm's: a line as each one comes back
  const local = builder.slots === 1;
  try {
    await forEachAtOnce(points, builder.slots, async (p) => {
      if (local) report(p.name);
      const t0 = Date.now();
      const b = await builder.build(p);
      if (b.record && b.how === "built") durations.push(Date.now() - t0);
      built.set(p, b);
      done++;
      // the last one is reported once, below, when the series is done
      if (!local && done < points.length && !(b.record && b.how !== "built")) report(`${points.length - done} on the workers`);
    });
  } finally {
    await builder.close();
  }
  report("");
  const missing = points.filter((p) => !built.get(p)?.record);
  if (missing.length) {
    throw new UserError(
      `${missing.length} of the series' builds were not done by any worker (${missing.map((p) => p.name).join(", ")})`,
      "see the causes above; start workers that can reach the sources, then run track --queue again",
    );
  }
  return points.map((p) => {
    const b = built.get(p) as Extract<BuiltRevision, { record: BuildRecord }>;
    return { record: b.record, how: b.how, date: p.date, subject: p.subject };
  });
}

/** Runs `f` on each item, at most `slots` at once, in order of the items. */
async function forEachAtOnce<T>(items: T[], slots: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const run = async () => {
    while (next < items.length) await f(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(slots, items.length)) }, run));
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
  if (!range && more.length === 0)
    throw new UserError("track needs revisions: a range A..B or a list of revisions", `e.g. kbloat track ${source} v6.11..v6.12 --tags`);
  if (!range && picks.length) throw new UserError(`${picks[0]} selects from a range: give A..B`);
  const selection: RangeSelection = pick.tags
    ? { kind: "tags" }
    : pick.merges
      ? { kind: "merges" }
      : pick.every
        ? { kind: "every", n: pick.every }
        : { kind: "all" };
  return { kind: "git", repo: source, range, selection, revs: range ? [] : more };
}

async function planGit(s: Extract<TrackSource, { kind: "git" }>, recipe: Recipe, cache: string): Promise<{ family: string; points: Planned[] }> {
  const repo = resolve(s.repo);
  const revisions = s.range ? await listRangeRevisions(repo, s.range, s.selection) : await resolveRevisions(repo, s.revs);
  if (revisions.length === 0) throw new UserError("no revisions to track", "give a range A..B or a list of revisions");
  const family = gitFamily(repo);
  return {
    family,
    points: revisions.map((rev, position) => ({
      position,
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
  const files = paths.flatMap((p) =>
    existsSync(p) && statSync(p).isDirectory()
      ? readdirSync(p)
          .filter((f) => TARBALL.test(f))
          .map((f) => join(p, f))
      : [p],
  );
  if (files.length === 0) throw new UserError("no tarballs to track", "pass release tarballs (.tar.xz) or a folder holding them");
  const sources = [];
  for (const f of files) sources.push(await resolveKernelSource(f, undefined, cache, note));
  sources.sort((a, b) => compareKernelVersions(a.version, b.version));
  for (let i = 1; i < sources.length; i++) {
    if (sources[i].version === sources[i - 1].version) {
      throw new UserError(
        `two tarballs hold the same kernel version ${sources[i].version}: ${sources[i - 1].display} and ${sources[i].display}`,
        "pass each version once",
      );
    }
  }
  return {
    family: "tarballs",
    points: sources.map((src, position) => ({
      position,
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
