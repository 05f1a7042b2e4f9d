// The blame use case: which commits of A..B grew or shrank the kernel proper by at least a
// threshold, by name. Builds the two ends, prunes commits that change nothing the build reads,
// then lets the attribution search pick the fewest revisions to build. Every build is stored
// and reused by later runs (and by track).

import { resolve } from "node:path";
import {
  type AttributionResult,
  type AttributionState,
  finishAttribution,
  isAttributionDone,
  type Outcome,
  recordBuild,
  startAttribution,
  takeBuilds,
} from "../core/attribution.js";
import { diffSymbolSizes, computeSymbolSizes } from "../core/bloat-o-meter.js";
import { type ChangedPath, isCommitRelevant } from "../core/build-inputs.js";
import { createSubsystemMatcher, parseMaintainers } from "../core/maintainers.js";
import { computeContentBySubsystem, diffContentBySubsystem } from "../core/shame.js";
import type { Recipe } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import { findRepository, readCommitChanges, readFileAtRevision, readMergeBase, readParents } from "../adapters/git-changes.js";
import { listRangeRevisions, type Revision } from "../adapters/git-revisions.js";
import { checkoutSeriesTree } from "../adapters/series-tree.js";
import { type RecipeIdentity, readRecipeIdentity } from "./build-and-store.js";
import type { BuildFigures, BuildRecord, BuildStore, StoredCulprit } from "./build-record.js";
import type { EventSink } from "./events.js";
import { findReusable, gitFamily, type OpenRevisionBuilder, openRevisionBuilder } from "./revision-builder.js";

export interface BlameRequest {
  range: string;
  repo?: string;
  threshold: number;
  recipe: Recipe;
  jobs?: number;
  /** attribute a merge's change to the commits of the branch it merged */
  intoMerges?: boolean;
  /** a farm's queue (redis://…): the revisions are built by its workers, several at once */
  queue?: string;
}

export interface BlamedCommit {
  commits: Revision[];
  delta: number;
  sizeDelta: { text: number; data: number; bss: number; total: number };
  imageDelta: number | null;
  symbols: { name: string; delta: number }[];
  subsystems: string[];
  /** the merge that brought this commit in (with --into-merges) */
  via?: Revision;
  /** what a merge adds beyond its branch's commits (conflict resolution, interaction with mainline) */
  mergeRest?: boolean;
}

export interface BlameResult {
  range: string;
  threshold: number;
  commits: number;
  pruned: number;
  builds: number;
  totalDelta: number;
  culprits: BlamedCommit[];
  /** commits that moved at least the threshold between symbols but changed content by less (counted in belowThreshold) */
  churn: Churn[];
  belowThreshold: number;
  skipped: Revision[];
  /** the builds of the range's two ends */
  ends: { base: BuildRecord; head: BuildRecord };
}

export interface Churn {
  commits: Revision[];
  delta: number;
  /** grown plus shrunk symbol bytes */
  gross: number;
}

const ALL_TYPES = "tTdDbBrRvVwW";

export async function blameRange(
  req: BlameRequest,
  store: BuildStore,
  cache: string,
  emit: EventSink,
  openBuilder: OpenRevisionBuilder = openRevisionBuilder,
): Promise<BlameResult> {
  const repo = req.repo ? resolve(req.repo) : await findRepository(process.cwd());
  const r = await readRecipeIdentity(req.recipe);
  const revisions = await listRangeRevisions(repo, req.range, { kind: "all" });
  const m = revisions.length - 1;
  const { result, records, positions, changes, relevant } = await searchRange(req, repo, r, revisions, store, cache, emit, openBuilder);
  const revisionAt = (j: number) => positions[j];
  const maintainers = await readFileAtRevision(repo, revisions[m].sha, "MAINTAINERS");
  const subsystemOf = maintainers ? createSubsystemMatcher(parseMaintainers(maintainers)) : () => null;
  const culprits: BlamedCommit[] = [];
  const stored: StoredCulprit[] = [];
  const descend: MergeCulprit[] = [];
  for (const c of result.culprits) {
    const lo = records.get(revisionAt(c.first - 1)) as BuildRecord;
    const hi = records.get(revisionAt(c.last)) as BuildRecord;
    const commits = positions.slice(c.first, c.last + 1).map((i) => revisions[i]);
    const touched = positions.slice(c.first, c.last + 1).flatMap((i) => changes[i - 1]);
    const culprit = { commits, delta: c.delta, ...(await describeChange(store, lo, hi)), subsystems: subsystemsOf(touched, subsystemOf) };
    culprits.push(culprit);
    // a merge that is descended into is stored as the commits of its branch, not as itself
    if (req.intoMerges && commits.length === 1 && (await readParents(repo, commits[0].sha)).length > 1) descend.push({ culprit, lo, hi });
    else stored.push(await toStoredCulprit(culprit, lo, hi, store, { ...r, range: req.range, threshold: req.threshold }));
  }
  await store.saveCulprits(stored);
  const own = {
    range: req.range,
    threshold: req.threshold,
    commits: m,
    pruned: m - relevant.length,
    builds: result.builds,
    totalDelta: result.totalDelta,
    culprits,
    churn: result.churn.map((c) => ({ commits: positions.slice(c.first, c.last + 1).map((i) => revisions[i]), delta: c.delta, gross: c.gross })),
    belowThreshold: result.belowThreshold,
    skipped: result.skipped.map((j) => revisions[revisionAt(j)]),
    ends: { base: records.get(0) as BuildRecord, head: records.get(m) as BuildRecord },
  };
  if (!descend.length) return own;
  return descendIntoMerges(own, descend, { ...req, repo }, { recipeHash: r.recipeHash, recipe: r.recipe }, store, cache, emit, openBuilder);
}

/** What the search found, and the builds it made, over the range's revisions. */
interface RangeSearch {
  result: AttributionResult;
  /** the build of each revision index that was measured */
  records: Map<number, BuildRecord>;
  /** revision index of each search position */
  positions: number[];
  changes: ChangedPath[][];
  relevant: number[];
}

/**
 * Builds the range's ends, prunes the commits that change nothing the build reads, and runs
 * the attribution search on the rest, with as many builds out at once as the builder takes.
 */
async function searchRange(
  req: BlameRequest,
  repo: string,
  r: RecipeIdentity,
  revisions: Revision[],
  store: BuildStore,
  cache: string,
  emit: EventSink,
  openBuilder: OpenRevisionBuilder,
): Promise<RangeSearch> {
  const m = revisions.length - 1;
  const note = (message: string) => emit({ kind: "note", message });
  const builder = await openBuilder({ r, family: gitFamily(repo), size: revisions.length, retryFailed: false, jobs: req.jobs }, req.queue, store, cache, emit);
  const records = new Map<number, BuildRecord>();
  const measure = async (i: number): Promise<BuildRecord> => {
    const rev = revisions[i];
    const point = {
      name: `${rev.name}@${req.recipe.name}`,
      display: repo,
      revision: rev.sha,
      sourceIdentity: { kind: "git", commit: rev.sha } as const,
      sourceLocation: repo,
      prepare: (treeKey: string) => checkoutSeriesTree(repo, treeKey, rev.sha, cache),
      position: i,
    };
    if (!(await findReusable(point, { r, retryFailed: false }, store)).reusable) note(`[blame] building ${rev.name} (${rev.subject})`);
    const built = await builder.build(point);
    if (!built.record)
      throw new UserError(
        `${point.name} could not be built: ${built.cause}`,
        "start workers that can reach the repository's commits, then run blame --queue again",
      );
    return built.record;
  };
  const probe = async (i: number): Promise<Outcome> => {
    const record = await measure(i);
    records.set(i, record);
    if (record.status !== "ok") return { ok: false };
    // a build that linked but has no content is not a build that failed: blame has nothing to count
    if (record.figures?.content == null) {
      throw new UserError(
        `${record.name} built, but has no content figure (its link map could not be read), and blame attributes content bytes`,
        "blame with gcc and GNU ld (kbloat's default toolchain), whose link map kbloat reads",
      );
    }
    return { ok: true, probe: { content: record.figures.content, symbols: computeSymbolSizes(await store.loadSymbolSizes(record.id), ALL_TYPES) } };
  };
  try {
    // the ends first: they give the input set that pruning needs
    const ends = builder.slots > 1 ? await Promise.all([probe(0), probe(m)]) : [await probe(0), await probe(m)];
    for (const [k, end] of ends.entries()) {
      if (!end.ok) {
        const rec = records.get(k === 0 ? 0 : m) as BuildRecord;
        throw new UserError(
          `the ${k === 0 ? "base" : "head"} of ${req.range} (${rec.name}) does not build, so nothing can be attributed`,
          `see why with: kbloat show ${rec.id}; pick a range whose ends build`,
        );
      }
    }
    const changes: ChangedPath[][] = [];
    for (const rev of revisions.slice(1)) changes.push(await readCommitChanges(repo, rev.sha));
    const relevant = selectRelevant(changes, await readEndInputs(store, records.get(0) as BuildRecord, records.get(m) as BuildRecord, note));
    // positions of the search: 0 is the base, j the tree after the j-th relevant commit
    const positions = [0, ...relevant.filter((c) => c < m), m];
    const state = startAttribution(positions.length - 1, req.threshold);
    recordBuild(state, 0, ends[0]);
    recordBuild(state, positions.length - 1, ends[1]);
    await runSearch(state, builder.slots, (j) => probe(positions[j]));
    return { result: finishAttribution(state), records, positions, changes, relevant };
  } finally {
    await builder.close();
  }
}

/** Hands the search's needed builds out (up to `slots` at once) and records each as it comes back. */
async function runSearch(state: AttributionState, slots: number, probe: (j: number) => Promise<Outcome>): Promise<void> {
  const out = new Map<number, Promise<[number, Outcome]>>();
  while (!isAttributionDone(state)) {
    for (const j of takeBuilds(state, slots - out.size))
      out.set(
        j,
        probe(j).then((o) => [j, o]),
      );
    const [j, outcome] = await Promise.race(out.values());
    out.delete(j);
    recordBuild(state, j, outcome);
  }
}

/** A merge culprit to descend into, with the builds on either side of it. */
interface MergeCulprit {
  culprit: BlamedCommit;
  lo: BuildRecord;
  hi: BuildRecord;
}

/**
 * --into-merges: each merge culprit gives way to the culprits of its branch (merge-base..second
 * parent, itself attributed the same way). What the merge adds beyond its branch's commits
 * (conflict resolution, interaction with what mainline gained meanwhile) stays with the merge
 * when it reaches the threshold, and is stored as the merge's own part, so shame counts it. The
 * parts still add up to the range's whole change.
 */
async function descendIntoMerges(
  res: BlameResult,
  merges: MergeCulprit[],
  req: BlameRequest & { repo: string },
  identified: { recipeHash: string; recipe: Recipe },
  store: BuildStore,
  cache: string,
  emit: EventSink,
  openBuilder: OpenRevisionBuilder,
): Promise<BlameResult> {
  const out: BlameResult = { ...res, culprits: [], churn: [...res.churn], skipped: [...res.skipped] };
  for (const c of res.culprits) {
    const descend = merges.find((x) => x.culprit === c);
    if (!descend) {
      out.culprits.push(c);
      continue;
    }
    const merge = c.commits[0];
    const [first, second] = await readParents(req.repo, merge.sha);
    const base = await readMergeBase(req.repo, first, second);
    emit({ kind: "note", message: `[blame] into merge ${merge.sha.slice(0, 12)} (${merge.subject}): ${base.slice(0, 12)}..${second.slice(0, 12)}` });
    const inner = await blameRange({ ...req, range: `${base}..${second}` }, store, cache, emit, openBuilder);
    const rest = c.delta - inner.totalDelta;
    out.culprits.push(...inner.culprits.map((x) => ({ ...x, via: x.via ?? merge })));
    out.churn.push(...inner.churn);
    if (Math.abs(rest) >= req.threshold) {
      out.culprits.push({ ...c, delta: rest, symbols: [], mergeRest: true });
      await store.saveCulprits([
        await toStoredMergeRest({ ...c, delta: rest }, descend, inner.ends, store, { ...identified, range: req.range, threshold: req.threshold }),
      ]);
    }
    out.belowThreshold += inner.belowThreshold + (Math.abs(rest) >= req.threshold ? 0 : rest);
    out.builds += inner.builds;
    out.commits += inner.commits;
    out.pruned += inner.pruned;
    out.skipped.push(...inner.skipped);
  }
  return out;
}

/**
 * The merge's own part as stored: its content delta is the merge's less its branch's, and so is
 * its split by subsystem (the merge's two sides against the branch's two ends), so the split adds
 * up to the part.
 */
async function toStoredMergeRest(
  rest: BlamedCommit,
  merge: MergeCulprit,
  branch: { base: BuildRecord; head: BuildRecord },
  store: BuildStore,
  o: { recipe: Recipe; recipeHash: string; range: string; threshold: number },
): Promise<StoredCulprit> {
  const stored = await toStoredCulprit(rest, merge.lo, merge.hi, store, o);
  const [lo, hi, base, head] = await Promise.all([merge.lo, merge.hi, branch.base, branch.head].map((b) => contentBySubsystemOf(store, b)));
  if (!lo || !hi || !base || !head) return { ...stored, bySubsystem: [], mergeRest: true };
  // (hi - lo) - (head - base), as one diff
  return { ...stored, bySubsystem: diffContentBySubsystem(addCounts(lo, head), addCounts(hi, base)), mergeRest: true };
}

async function contentBySubsystemOf(store: BuildStore, build: BuildRecord): Promise<Map<string, number> | null> {
  const m = await store.loadMeasurement(build.id);
  return m ? computeContentBySubsystem(m.objects, m.subsystems) : null;
}

function addCounts(a: Map<string, number>, b: Map<string, number>): Map<string, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0) + v);
  return out;
}

async function contentBySubsystemDelta(store: BuildStore, lo: BuildRecord, hi: BuildRecord): Promise<{ name: string; delta: number }[]> {
  const [a, b] = [await contentBySubsystemOf(store, lo), await contentBySubsystemOf(store, hi)];
  return a && b ? diffContentBySubsystem(a, b) : [];
}

/**
 * The files the two ends read. Their union is the input set: a commit that touches none of them
 * (and adds nothing the range later touches) cannot change vmlinux. Unknown for builds stored by
 * a kbloat that did not record them: then nothing is pruned.
 */
async function readEndInputs(store: BuildStore, base: BuildRecord, head: BuildRecord, note: (m: string) => void): Promise<Set<string> | null> {
  const [a, b] = [await store.loadBuildInputs(base.id), await store.loadBuildInputs(head.id)];
  if (!a || !b) {
    note(`[blame] the input set of ${(a ? head : base).name} was not recorded when it was stored: every commit is built (no pruning)`);
    return null;
  }
  return new Set([...a, ...b]);
}

async function toStoredCulprit(
  c: BlamedCommit,
  lo: BuildRecord,
  hi: BuildRecord,
  store: BuildStore,
  o: { recipe: Recipe; recipeHash: string; range: string; threshold: number },
): Promise<StoredCulprit> {
  const bySubsystem = await contentBySubsystemDelta(store, lo, hi);
  const first = c.commits[0];
  return {
    recipeHash: o.recipeHash,
    recipe: o.recipe.name,
    commit: first.sha,
    commits: c.commits.map((x) => x.sha),
    subject: first.subject,
    author: first.author,
    date: first.date,
    delta: c.delta,
    sizeDelta: c.sizeDelta,
    imageDelta: c.imageDelta,
    subsystems: c.subsystems,
    bySubsystem,
    baseBuild: lo.id,
    headBuild: hi.id,
    range: o.range,
    threshold: o.threshold,
  };
}

/**
 * Commit indices (1..m) that can change vmlinux. Without an input set nothing is pruned. A path
 * added earlier in the range is not in the base's input set, so later changes to it count.
 */
function selectRelevant(changes: ChangedPath[][], inputs: Set<string> | null): number[] {
  const out: number[] = [];
  const added = new Set<string>();
  changes.forEach((cs, k) => {
    const touchesNew = cs.some((c) => added.has(c.path));
    if (!inputs || touchesNew || isCommitRelevant(cs, inputs)) out.push(k + 1);
    for (const c of cs) if (c.status.startsWith("A")) added.add(c.path);
  });
  return out;
}

async function describeChange(store: BuildStore, lo: BuildRecord, hi: BuildRecord): Promise<Omit<BlamedCommit, "commits" | "delta" | "subsystems">> {
  const a = lo.figures as BuildFigures;
  const b = hi.figures as BuildFigures;
  const symbols = diffSymbolSizes(
    computeSymbolSizes(await store.loadSymbolSizes(lo.id), ALL_TYPES),
    computeSymbolSizes(await store.loadSymbolSizes(hi.id), ALL_TYPES),
  );
  return {
    sizeDelta: { text: b.text - a.text, data: b.data - a.data, bss: b.bss - a.bss, total: b.total - a.total },
    imageDelta: a.image !== null && b.image !== null ? b.image - a.image : null,
    symbols: symbols.deltas
      .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
      .slice(0, 5)
      .map((d) => ({ name: d.name, delta: d.delta })),
  };
}

function subsystemsOf(changes: ChangedPath[], subsystemOf: (path: string) => string | null): string[] {
  return [...new Set(changes.map((c) => subsystemOf(c.path)).filter((s): s is string => s !== null))].sort();
}
