// The read API's view of one blame run (DESIGN.md's blame JSON) and of one check run.

import type { BlameResult } from "../blame-range.js";
import type { CheckResult } from "../check-patch.js";
import { document } from "./schema.js";

export function blameView(r: BlameResult) {
  const culprits = r.culprits.map((c) => ({
    commit: c.commits[0].sha,
    commits: c.commits.map((x) => x.sha),
    subject: c.commits[0].subject,
    author: c.commits[0].author,
    date: c.commits[0].date,
    delta: c.delta,
    size_delta: c.sizeDelta,
    image_delta: c.imageDelta,
    symbols: c.symbols,
    subsystems: c.subsystems,
    merge: c.via?.sha ?? null,
    merge_rest: c.mergeRest === true,
  }));
  return document({
    range: r.range,
    threshold: r.threshold,
    commits: r.commits,
    pruned: r.pruned,
    builds: r.builds,
    total_delta: r.totalDelta,
    culprits,
    churn: r.churn.map((c) => ({
      commit: c.commits[0].sha,
      commits: c.commits.map((x) => x.sha),
      subject: c.commits[0].subject,
      delta: c.delta,
      gross: c.gross,
    })),
    below_threshold: r.belowThreshold,
    skipped: r.skipped.map((s) => s.sha),
  });
}

export function checkView(r: CheckResult) {
  const end = (e: CheckResult["base"]) => ({ revision: e.revision.sha, name: e.revision.name, build: e.record.id, status: e.record.status });
  const h = r.headFigures;
  const a = r.baseFigures;
  return document({
    base: end(r.base),
    head: end(r.head),
    budget: r.budget,
    verdict: r.verdict,
    delta: r.delta,
    metric: r.metric,
    size_delta: h ? { text: h.text - a.text, data: h.data - a.data, bss: h.bss - a.bss, total: h.total - a.total } : null,
    image_delta: h && h.image !== null && a.image !== null ? h.image - a.image : null,
    justification: r.justification,
    objects: r.objects,
  });
}
