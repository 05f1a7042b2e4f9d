// The read API's view of a Series: one recipe's builds in revision order, with the figures a
// timeline plots (content, image, size's columns, and for +mod recipes what could still leave
// and the core). `track --format json`, `plot` and the timeline page all draw this document.

import { compareKernelVersions } from "../../core/kernel-version.js";
import type { BuildRecord, StoredCulprit } from "../build-record.js";
import { document } from "./schema.js";

export interface SeriesInput {
  record: BuildRecord;
  /** commit date and subject, when the series came from git */
  date?: string | null;
  subject?: string | null;
  /** track's: built now, found stored, or a failure not retried */
  how?: "built" | "stored" | "failed-before" | null;
}

export interface SeriesPointView {
  id: number;
  name: string;
  revision: string;
  date: string | null;
  subject: string | null;
  status: BuildRecord["status"];
  failed_step: BuildRecord["failedStep"];
  /** why a failed build failed: the last non-empty line of its log */
  cause: string | null;
  text: number | null;
  data: number | null;
  bss: number | null;
  total: number | null;
  image: number | null;
  content: number | null;
  /** content change from the previous build that has content */
  delta: number | null;
  could_leave: number | null;
  core: number | null;
  how: SeriesInput["how"];
}

/** A culprit whose head build is a point of the series: the timeline marks it there. */
export interface SeriesCulprit {
  build: number;
  commit: string;
  subject: string;
  author: string;
  delta: number;
}

export function seriesView(recipe: string, points: SeriesInput[], culprits: StoredCulprit[] = []) {
  let previous: number | null = null;
  const builds = points.map((p): SeriesPointView => {
    const f = p.record.figures;
    const content = f?.content ?? null;
    const delta = content !== null && previous !== null ? content - previous : null;
    if (content !== null) previous = content;
    return {
      id: p.record.id,
      name: p.record.name,
      revision: p.record.revision,
      date: p.date ?? null,
      subject: p.subject ?? null,
      status: p.record.status,
      failed_step: p.record.failedStep,
      cause: p.record.status === "failed" ? lastLine(p.record.logTail) : null,
      text: f?.text ?? null,
      data: f?.data ?? null,
      bss: f?.bss ?? null,
      total: f?.total ?? null,
      image: f?.image ?? null,
      content,
      delta,
      could_leave: p.record.modular?.couldLeave ?? null,
      core: p.record.modular?.core ?? null,
      how: p.how ?? null,
    };
  });
  const ids = new Set(builds.map((b) => b.id));
  const marks = culprits
    .filter((c) => c.recipe === recipe && c.headBuild !== null && ids.has(c.headBuild))
    .map((c): SeriesCulprit => ({ build: c.headBuild as number, commit: c.commit, subject: c.subject, author: c.author, delta: c.delta }));
  return document({ recipe, builds, culprits: marks });
}
export type SeriesView = ReturnType<typeof seriesView>;

function lastLine(log: string | null): string | null {
  const lines = (log ?? "")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.at(-1) ?? null;
}

/** The recipes that have stored builds, the one with most builds first. */
export function seriesRecipes(builds: BuildRecord[]): { recipe: string; builds: number; ok: number }[] {
  const by = new Map<string, { recipe: string; builds: number; ok: number }>();
  for (const b of builds) {
    const r = by.get(b.recipe) ?? { recipe: b.recipe, builds: 0, ok: 0 };
    r.builds++;
    if (b.status === "ok") r.ok++;
    by.set(b.recipe, r);
  }
  return [...by.values()].sort((x, y) => y.builds - x.builds || (x.recipe < y.recipe ? -1 : 1));
}

const isVersion = (r: string) => /^\d+\.\d+/.test(r);

/**
 * One recipe's stored builds as a series. Revisions that are kernel versions (tarballs) go in
 * version order, a 7.3-rc before 7.3; git revisions carry no order of their own in the store, so
 * they keep the order they were stored in. Of builds of one revision the newest stands.
 */
export function orderStoredSeries(builds: BuildRecord[], recipe: string): BuildRecord[] {
  const latest = new Map<string, BuildRecord>();
  for (const b of builds) if (b.recipe === recipe && (latest.get(b.revision)?.id ?? 0) < b.id) latest.set(b.revision, b);
  const picked = [...latest.values()].sort((x, y) => x.id - y.id);
  if (picked.every((b) => isVersion(b.revision))) picked.sort((x, y) => compareKernelVersions(x.revision, y.revision) || x.id - y.id);
  return picked;
}

/** A recipe's name as a file and URL name: readable, and unique through a hash of the whole name. */
export function seriesKey(recipe: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < recipe.length; i++) h = Math.imul(h ^ recipe.charCodeAt(i), 0x01000193) >>> 0;
  const slug = recipe.replace(/[^A-Za-z0-9+=._-]/g, "_").slice(0, 40);
  return `${slug}-${h.toString(16).padStart(8, "0")}`;
}
