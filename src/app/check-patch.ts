// The check use case, the CI gate for a patch series: build base and head (through the series
// tree, so the head is an incremental build), compare content bytes against a budget. A head
// commit with a `Size-Justification:` trailer passes over budget, with its justification shown.

import { resolve } from "node:path";
import { execa } from "execa";
import type { Recipe } from "../core/recipe.js";
import { UserError } from "../core/user-error.js";
import { findRepository } from "../adapters/git-changes.js";
import type { Revision } from "../adapters/git-revisions.js";
import type { BuildFigures, BuildRecord, BuildStore } from "./build-record.js";
import type { EventSink } from "./events.js";
import { bloatOMeter, loadBreakdownInput } from "./queries.js";
import { diffView } from "./views/diff-view.js";
import { type OpenRevisionBuilder, openRevisionBuilder } from "./revision-builder.js";
import { trackSeries } from "./track-series.js";

export interface CheckRequest {
  base: string;
  head: string;
  /** content bytes the head may add */
  budget: number;
  repo?: string;
  recipe: Recipe;
  jobs?: number;
  /** a farm's queue (redis://…): base and head are built by its workers */
  queue?: string;
}

export type CheckVerdict = "pass" | "over-budget" | "justified" | "head-failed";

export interface CheckEnd {
  revision: Revision;
  record: BuildRecord;
}

export interface CheckResult {
  base: CheckEnd;
  head: CheckEnd;
  budget: number;
  verdict: CheckVerdict;
  /** the head commit's Size-Justification trailer, if any */
  justification: string | null;
  /** the change in `metric`, and the figures beside it (null when the head failed) */
  delta: number | null;
  /** what the budget is held against: content bytes, or size's dec when neither build has content (no link map) */
  metric: "content" | "size";
  baseFigures: BuildFigures;
  headFigures: BuildFigures | null;
  /** largest object changes in content bytes */
  objects: { name: string; delta: number }[];
  /** what scripts/bloat-o-meter prints for the two vmlinux files */
  bloatOMeter: string | null;
}

export const JUSTIFICATION_TRAILER = "Size-Justification";

export async function checkPatch(
  req: CheckRequest,
  store: BuildStore,
  cache: string,
  emit: EventSink,
  openBuilder: OpenRevisionBuilder = openRevisionBuilder,
): Promise<CheckResult> {
  const repo = req.repo ? resolve(req.repo) : await findRepository(process.cwd());
  const points = await trackSeries(
    { source: { kind: "git", repo, selection: { kind: "all" }, revs: [req.base, req.head] }, recipe: req.recipe, jobs: req.jobs, queue: req.queue },
    store,
    cache,
    emit,
    openBuilder,
  );
  const [base, head] = points.map((p, i) => ({
    record: p.record,
    revision: { sha: p.record.revision, name: i === 0 ? req.base : req.head, date: p.date ?? "", subject: p.subject ?? "", author: "" },
  }));
  if (base.record.status !== "ok" || !base.record.figures) {
    throw new UserError(
      `the base ${req.base} (${base.record.name}) does not build, so there is nothing to compare against`,
      `see why with: kbloat show ${base.record.id}; pick a base that builds`,
    );
  }
  const justification = await readTrailer(repo, head.record.revision, JUSTIFICATION_TRAILER);
  const common = { base, head, budget: req.budget, justification, baseFigures: base.record.figures };
  if (head.record.status !== "ok" || !head.record.figures) {
    return { ...common, verdict: "head-failed", delta: null, metric: "content", headFigures: null, objects: [], bloatOMeter: null };
  }
  const a = String(base.record.id);
  const b = String(head.record.id);
  const diff = diffView(await loadBreakdownInput(store, a, "object", cache), await loadBreakdownInput(store, b, "object", cache), { by: "object", depth: 1 });
  // one figure on both sides: content where both have it, size's dec where neither does, never one of each
  const [hc, bc] = [head.record.figures.content, base.record.figures.content];
  if ((hc === null) !== (bc === null)) {
    const missing = hc === null ? head : base;
    throw new UserError(
      `${missing.record.name} has no content figure (no link map was read), so its content cannot be compared with the other's`,
      `build both with gcc and GNU ld, whose link map kbloat reads, or compare size's figures: kbloat diff ${base.record.id} ${head.record.id} --by section`,
    );
  }
  const metric = hc !== null && bc !== null ? "content" : "size";
  const delta = hc !== null && bc !== null ? hc - bc : head.record.figures.total - base.record.figures.total;
  const verdict: CheckVerdict = delta <= req.budget ? "pass" : justification ? "justified" : "over-budget";
  const objects = diff.rows.filter((r) => !r.name.startsWith("[")).map((r) => ({ name: r.name, delta: r.delta }));
  return { ...common, verdict, delta, metric, headFigures: head.record.figures, objects, bloatOMeter: (await bloatOMeter(store, a, b, "all")).text };
}

/** A trailer's value in a commit message (joined when it is given more than once), or null. */
async function readTrailer(repo: string, sha: string, key: string): Promise<string | null> {
  const r = await execa("git", ["-C", repo, "log", "-1", `--format=%(trailers:key=${key},valueonly,unfold)`, sha], { reject: false });
  if (r.exitCode !== 0) throw new UserError(`cannot read the message of ${sha} in ${repo}: ${String(r.stderr).trim()}`);
  const value = String(r.stdout)
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .join(" ");
  return value || null;
}
