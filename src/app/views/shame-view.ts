// The read API's views of what blame found: the hall of shame (and thanks list), and every stored
// culprit with its figures, for `shame --format json` and the blame and shame page.

import { computeShame, type ShameGrain, type ShameRow } from "../../core/shame.js";
import type { StoredCulprit } from "../build-record.js";
import type { ShameReport } from "../shame.js";
import { document } from "./schema.js";

export function shameView(r: ShameReport, top?: number) {
  const rows = (xs: ShameRow[]) => (top === undefined ? xs : xs.slice(0, top));
  return document({ by: r.by, recipe: r.recipe, since: r.since, culprits: r.culprits, net: r.net, shame: rows(r.shame), thanks: rows(r.thanks) });
}
export type ShameView = ReturnType<typeof shameView>;

/** The same ranking over culprits already loaded, as the pages need it for each recipe and grain. */
export function shameOf(culprits: StoredCulprit[], recipe: string, by: ShameGrain): ShameView {
  const mine = culprits.filter((c) => c.recipe === recipe);
  return shameView({ ...computeShame(mine, by), recipe, since: null, culprits: mine.length });
}

export interface CulpritView {
  commit: string;
  commits: string[];
  recipe: string;
  subject: string;
  author: string;
  date: string;
  delta: number;
  size_delta: StoredCulprit["sizeDelta"];
  image_delta: number | null;
  subsystems: string[];
  by_subsystem: StoredCulprit["bySubsystem"];
  base_build: number | null;
  head_build: number | null;
  range: string;
  threshold: number;
}

export function culpritsView(culprits: StoredCulprit[]) {
  const rows = culprits.map((c): CulpritView => ({
    commit: c.commit,
    commits: c.commits,
    recipe: c.recipe,
    subject: c.subject,
    author: c.author,
    date: c.date,
    delta: c.delta,
    size_delta: c.sizeDelta,
    image_delta: c.imageDelta,
    subsystems: c.subsystems,
    by_subsystem: c.bySubsystem,
    base_build: c.baseBuild,
    head_build: c.headBuild,
    range: c.range,
    threshold: c.threshold,
  }));
  return document({ recipes: [...new Set(culprits.map((c) => c.recipe))].sort(), culprits: rows.sort((x, y) => y.delta - x.delta) });
}
export type CulpritsView = ReturnType<typeof culpritsView>;
