// The documents behind the web pages, by path: `serve` answers each request with one, and
// `publish` writes every one of them to a folder, so a served site and a published one are the
// same bytes. Read-only: nothing here builds, runs make or runs git.

import { DATABASE_SCHEMA } from "./kbloat-version.js";
import type { Grain } from "../core/breakdown.js";
import { GRAINS } from "../core/breakdown.js";
import { SHAME_GRAINS } from "../core/shame.js";
import { UserError } from "../core/user-error.js";
import type { BuildRecord, BuildStore, StoredMeasurement } from "./build-record.js";
import { readSeries, readStackedSeries } from "./read-series.js";
import { listView } from "./views/build-view.js";
import { bloatOMeterRulesOfBuild } from "./bloat-o-meter-rules.js";
import { withOneMaintainers } from "./subsystems.js";
import { diffView } from "./views/diff-view.js";
import { measurementDoc, symbolsDoc } from "./views/measurement-doc.js";
import { modulesView } from "./views/modules-view.js";
import { document } from "./views/schema.js";
import { seriesKey, seriesRecipes } from "./views/series-view.js";
import { culpritsView, shameOf } from "./views/shame-view.js";
import { STACK_GRAINS, type StackGrain } from "./views/stacked-series.js";

export interface SiteContext {
  store: BuildStore;
  /** kbloat's cache, where unpacked sources are found for --by option and the modules page */
  cache: string;
  /** true under `serve`, which makes any document on demand (diffs of any two builds); a published folder has only listSitePaths' */
  live?: boolean;
}

/** A path the site does not have: the message says what exists. */
export class NotInSite extends Error {}

/** What the site holds, in brief: the series, and how many builds and culprits (the first page reads it). */
export async function indexDoc(ctx: SiteContext) {
  const builds = await ctx.store.listBuilds();
  const culprits = await ctx.store.listCulprits();
  const recipes = seriesRecipes(builds).map((r) => ({
    ...r,
    key: seriesKey(r.recipe),
    modular: builds.some((b) => b.recipe === r.recipe && b.modular !== null),
  }));
  const ids = builds.map((b) => b.id);
  return document({
    builds: { count: ids.length, first: ids[0] ?? null, last: ids.at(-1) ?? null },
    recipes,
    culprits: culprits.length,
    live: ctx.live === true,
  });
}

async function recipeOf(ctx: SiteContext, key: string): Promise<string> {
  const recipes = seriesRecipes(await ctx.store.listBuilds());
  const r = recipes.find((x) => seriesKey(x.recipe) === key);
  if (!r) throw new NotInSite(`no series ${key}; the series are: ${recipes.map((x) => seriesKey(x.recipe)).join(", ") || "none (no builds stored)"}`);
  return r.recipe;
}

async function buildOf(ctx: SiteContext, id: string): Promise<BuildRecord> {
  const b = /^[0-9]+$/.test(id) ? await ctx.store.findBuild(id) : undefined;
  if (!b) {
    const ids = (await ctx.store.listBuilds()).map((x) => x.id);
    throw new NotInSite(`no build ${id}; the builds are ${ids.length ? `${ids[0]}..${ids.at(-1)}` : "none yet"}`);
  }
  return b;
}

/** The measurement with objects mapped to options when the build's Kbuild files are at hand. */
async function measuredWithOptions(ctx: SiteContext, b: BuildRecord): Promise<{ m: StoredMeasurement | null; optionNote: string | null }> {
  const m = (await ctx.store.loadMeasurement(b.id)) ?? null;
  if (!m) return { m, optionNote: null };
  try {
    const { readObjectOptions } = await import("./modules-report.js");
    m.options = await readObjectOptions(b, m, ctx.cache, { extract: false });
    return { m, optionNote: null };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return { m, optionNote: e.message };
  }
}

async function modulesDoc(ctx: SiteContext, b: BuildRecord) {
  try {
    const { modulesReport } = await import("./modules-report.js");
    return modulesView(await modulesReport(ctx.store, String(b.id), ctx.cache, () => {}, { extract: false }));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return document({ build: { id: b.id, name: b.name }, unavailable: e.message, hint: e.hint ?? null });
  }
}

async function culpritsDoc(ctx: SiteContext) {
  const culprits = await ctx.store.listCulprits();
  const view = culpritsView(culprits);
  const shame = Object.fromEntries(view.recipes.map((r) => [r, Object.fromEntries(SHAME_GRAINS.map((g) => [g, shameOf(culprits, r, g)]))]));
  return { ...view, shame };
}

/** a document's path as users are told it, the pattern that matches it, and how it is made */
type Route = [string, RegExp, (ctx: SiteContext, m: RegExpExecArray) => Promise<object>];

const ROUTES: Route[] = [
  ["api/index.json", /^api\/index\.json$/, (ctx) => indexDoc(ctx)],
  ["api/builds.json", /^api\/builds\.json$/, async (ctx) => listView(await ctx.store.listBuilds(), DATABASE_SCHEMA)],
  ["api/series/KEY.json", /^api\/series\/([^/]+)\.json$/, async (ctx, m) => readSeries(ctx.store, await recipeOf(ctx, m[1]))],
  [
    "api/stacked/KEY/GRAIN.json",
    /^api\/stacked\/([^/]+)\/([a-z]+)\.json$/,
    async (ctx, m) => {
      if (!STACK_GRAINS.includes(m[2] as StackGrain)) throw new NotInSite(`no stacked view by ${m[2]}; there are: ${STACK_GRAINS.join(", ")}`);
      return readStackedSeries(ctx.store, await recipeOf(ctx, m[1]), m[2] as StackGrain);
    },
  ],
  [
    "api/builds/ID.json",
    /^api\/builds\/([^/]+)\.json$/,
    async (ctx, m) => {
      const b = await buildOf(ctx, m[1]);
      const { m: measured, optionNote } = await measuredWithOptions(ctx, b);
      return measurementDoc(b, measured, optionNote, bloatOMeterRulesOfBuild(b));
    },
  ],
  [
    "api/symbols/ID.json",
    /^api\/symbols\/([^/]+)\.json$/,
    async (ctx, m) => {
      const b = await buildOf(ctx, m[1]);
      const measured = await ctx.store.loadMeasurement(b.id);
      if (!measured) throw new NotInSite(`build ${b.id} (${b.name}) failed: it has no symbols`);
      return symbolsDoc(b.id, measured);
    },
  ],
  ["api/modules/ID.json", /^api\/modules\/([^/]+)\.json$/, async (ctx, m) => modulesDoc(ctx, await buildOf(ctx, m[1]))],
  ["api/culprits.json", /^api\/culprits\.json$/, (ctx) => culpritsDoc(ctx)],
  [
    "api/diff/A/B/GRAIN.json",
    /^api\/diff\/([^/]+)\/([^/]+)\/([a-z]+)\.json$/,
    async (ctx, m) => {
      if (!GRAINS.includes(m[3] as Grain)) throw new NotInSite(`no grain ${m[3]}; the grains are: ${GRAINS.join(", ")}`);
      const by = m[3] as Grain;
      const side = async (id: string) => {
        const b = await buildOf(ctx, id);
        const { m: measured, optionNote } = await measuredWithOptions(ctx, b);
        if (!measured) throw new NotInSite(`build ${b.id} (${b.name}) failed: it has no measurement to compare`);
        if (by === "option" && optionNote) throw new NotInSite(optionNote);
        return { build: b, m: measured };
      };
      const [a, b] = [await side(m[1]), await side(m[2])];
      if (by !== "subsystem") return diffView(a, b, { by, depth: 1 });
      const one = withOneMaintainers(a, b);
      return diffView(one.base, one.head, { by, depth: 1 }, { maintainers: one.maintainers });
    },
  ],
];

/** The document at a site path (`api/…`), or NotInSite. */
export async function readSiteDocument(ctx: SiteContext, path: string): Promise<object> {
  for (const [, re, handler] of ROUTES) {
    const m = re.exec(path);
    if (m) return handler(ctx, m);
  }
  throw new NotInSite(`no document ${path}; the documents are ${ROUTES.map(([name]) => name).join(", ")}`);
}

/** Every document a published site holds (diffs are drawn in the page from two builds). */
export async function listSitePaths(ctx: SiteContext): Promise<string[]> {
  const index = await indexDoc(ctx);
  const paths = ["api/index.json", "api/builds.json", "api/culprits.json"];
  for (const r of index.recipes) {
    paths.push(`api/series/${r.key}.json`);
    for (const by of STACK_GRAINS) paths.push(`api/stacked/${r.key}/${by}.json`);
  }
  for (const b of listView(await ctx.store.listBuilds(), DATABASE_SCHEMA).builds) {
    paths.push(`api/builds/${b.id}.json`, `api/modules/${b.id}.json`);
    if (b.status === "ok") paths.push(`api/symbols/${b.id}.json`);
  }
  return paths;
}
