// Attribution: which commits of a first-parent range changed the kernel proper by at least a
// threshold, found by building as few revisions as possible. A pure state machine: the caller
// asks `nextBuild` which revision to measure, builds it, and hands the outcome to `recordBuild`;
// a caller with several builders (a farm) asks `takeBuilds` for all the builds needed at once.
//
// Revisions are indices 0..m of the range: 0 is the base, i is the tree after commit i.
// A segment [lo, hi] whose ends are measured is split while its *gross* change (symbols that
// grew plus symbols that shrank) reaches the threshold, so a +N and a -N inside one segment
// are both found though they cancel out (unless they undo each other in the very same symbols:
// then the segment's ends are identical and no search over them can tell). Revisions that do not build are skipped, as
// `git bisect skip` does: the split moves to a neighbour, and a segment whose inner revisions
// all fail is reported as one culprit spanning those commits. A commit is named when its *content*
// change reaches the threshold: one whose gross change does but whose content change does not
// (a function renamed, bytes moved between symbols) is churn, reported apart with its gross figure.

export interface Probe {
  /** content bytes */
  content: number;
  /** bytes per symbol name (bloat-o-meter's view) */
  symbols: Map<string, number>;
}

export type Outcome = { ok: true; probe: Probe } | { ok: false };

export interface Culprit {
  /** first and last commit index of the culprit (equal unless failed builds hid the boundary) */
  first: number;
  last: number;
  /** change in content bytes */
  delta: number;
  /** grown plus shrunk symbol bytes */
  gross: number;
}

export interface AttributionResult {
  culprits: Culprit[];
  /** commits whose gross change reached the threshold but whose content change did not */
  churn: Culprit[];
  /** net content change of the commits below the threshold */
  belowThreshold: number;
  /** revisions that did not build */
  skipped: number[];
  /** revisions measured (the two ends included) */
  builds: number;
  totalDelta: number;
}

interface Segment {
  lo: number;
  hi: number;
  /** revisions inside (lo, hi) tried and failed */
  failed: Set<number>;
}

export interface AttributionState {
  readonly commits: number;
  readonly threshold: number;
  readonly probes: Map<number, Outcome>;
  /** segments waiting to be split or settled, most recent last */
  readonly todo: Segment[];
  /** revisions handed out by takeBuilds and not yet recorded */
  readonly pending: Set<number>;
  readonly culprits: Culprit[];
  readonly churn: Culprit[];
  belowThreshold: number;
}

export function startAttribution(commits: number, threshold: number): AttributionState {
  if (commits < 1) throw new Error("an attribution needs at least one commit");
  return {
    commits,
    threshold,
    probes: new Map(),
    todo: [{ lo: 0, hi: commits, failed: new Set() }],
    pending: new Set(),
    culprits: [],
    churn: [],
    belowThreshold: 0,
  };
}

export function grossChange(a: Probe, b: Probe): number {
  let gross = 0;
  for (const [name, size] of a.symbols) gross += Math.abs((b.symbols.get(name) ?? 0) - size);
  for (const [name, size] of b.symbols) if (!a.symbols.has(name)) gross += Math.abs(size);
  return Math.max(gross, Math.abs(b.content - a.content));
}

/** The revision to measure next, or null when the search is done (one build at a time). */
export function nextBuild(s: AttributionState): number | null {
  return neededBuilds(s)[0] ?? null;
}

/**
 * Up to `max` revisions whose builds the search needs now and that are not handed out yet, now
 * marked as handed out: for builders that run several at once (a farm). Only needed builds are
 * named, never guesses, so the search takes the same builds and finds the same culprits in
 * whatever order their outcomes are recorded.
 */
export function takeBuilds(s: AttributionState, max: number): number[] {
  const out = neededBuilds(s)
    .filter((r) => !s.pending.has(r))
    .slice(0, Math.max(0, max));
  for (const r of out) s.pending.add(r);
  return out;
}

/** Whether nothing is left to build or to wait for. */
export function isAttributionDone(s: AttributionState): boolean {
  return s.pending.size === 0 && neededBuilds(s).length === 0;
}

/** The ends while unmeasured, then the split point of each segment that must be split and has no build handed out inside it. */
function neededBuilds(s: AttributionState): number[] {
  settle(s);
  const ends = [0, s.commits].filter((r) => !s.probes.has(r));
  if (ends.length) return ends;
  const out: number[] = [];
  for (const seg of [...s.todo].reverse()) {
    if ([...s.pending].some((r) => r > seg.lo && r < seg.hi)) continue;
    const r = splitPoint(seg);
    if (r !== null) out.push(r);
  }
  return out;
}

export function recordBuild(s: AttributionState, revision: number, outcome: Outcome): void {
  s.probes.set(revision, outcome);
  s.pending.delete(revision);
  if (!outcome.ok && (revision === 0 || revision === s.commits)) {
    throw new Error(`the ${revision === 0 ? "base" : "head"} of the range does not build: nothing can be attributed`);
  }
  const at = s.todo.findIndex((seg) => revision > seg.lo && revision < seg.hi);
  if (at < 0) return;
  const seg = s.todo[at];
  const halves = outcome.ok
    ? [
        { lo: revision, hi: seg.hi, failed: new Set([...seg.failed].filter((r) => r > revision)) },
        { lo: seg.lo, hi: revision, failed: new Set([...seg.failed].filter((r) => r < revision)) },
      ]
    : [{ ...seg, failed: new Set([...seg.failed, revision]) }];
  s.todo.splice(at, 1, ...halves);
}

/** The middle of the segment, or the nearest revision to it not known to fail. */
function splitPoint(seg: Segment): number | null {
  const mid = Math.floor((seg.lo + seg.hi) / 2);
  for (let d = 0; d < seg.hi - seg.lo; d++) {
    for (const r of [mid + d, mid - d]) if (r > seg.lo && r < seg.hi && !seg.failed.has(r)) return r;
  }
  return null;
}

/** Settles the segments that need no more builds: small enough, single commits, or all-failed. */
function settle(s: AttributionState): void {
  for (let i = s.todo.length - 1; i >= 0; i--) {
    const seg = s.todo[i];
    const a = s.probes.get(seg.lo);
    const b = s.probes.get(seg.hi);
    if (!a?.ok || !b?.ok) continue;
    const delta = b.probe.content - a.probe.content;
    const gross = grossChange(a.probe, b.probe);
    const single = seg.hi - seg.lo === 1 || splitPoint(seg) === null;
    if (gross < s.threshold) s.belowThreshold += delta;
    else if (!single) continue;
    else if (Math.abs(delta) >= s.threshold) s.culprits.push({ first: seg.lo + 1, last: seg.hi, delta, gross });
    else {
      s.churn.push({ first: seg.lo + 1, last: seg.hi, delta, gross });
      s.belowThreshold += delta;
    }
    s.todo.splice(i, 1);
  }
}

export function finishAttribution(s: AttributionState): AttributionResult {
  if (!isAttributionDone(s)) throw new Error("the attribution is not finished: build what nextBuild or takeBuilds names first");
  const base = s.probes.get(0);
  const head = s.probes.get(s.commits);
  const totalDelta = base?.ok && head?.ok ? head.probe.content - base.probe.content : 0;
  return {
    culprits: [...s.culprits].sort((x, y) => x.first - y.first),
    churn: [...s.churn].sort((x, y) => x.first - y.first),
    belowThreshold: s.belowThreshold,
    skipped: [...s.probes]
      .filter(([, o]) => !o.ok)
      .map(([r]) => r)
      .sort((x, y) => x - y),
    builds: s.probes.size,
    totalDelta,
  };
}
