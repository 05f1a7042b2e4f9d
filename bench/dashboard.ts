// The dashboard on a history of N builds (bench/make-history-db.ts; generated once, cached under
// ${XDG_CACHE_HOME:-~/.cache}/kbloat/bench/): time to a drawn timeline in Chromium against
// `kbloat serve` and against a `publish`ed folder behind a plain static server, the JavaScript
// the pages ship, publish's time and size, serve's memory, and a few API documents by fetch.
// Every figure comes from this run; each goal is printed as met or not met.
// Usage: node --import tsx bench/dashboard.ts [--builds N] [--runs R] [--seed-db FILE]
// (needs `npm run build` first: it measures dist/ as it is)

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";
import { defaultDbPath } from "../src/adapters/paths.js";
import type { Browser } from "playwright-core";
import { launchChromium, medianMarks, scriptsLoaded, slowestResources, type TimelineTimes, timeTimeline } from "./dashboard-browser.js";
import { Cleanup, measureFolder, ROOT, readMemory, runPublish, startServe, startStaticServer } from "./dashboard-processes.js";
import { defaultHistoryPath, describeHistory, makeHistoryDb } from "./make-history-db.js";

const GOAL_LOAD_MS = 1000;
const GOAL_JS_BYTES = 600_000;

type Row = [what: string, figure: string, goal: string, verdict: string];

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`);
const bytes = (x: number) => (x >= 1 << 20 ? `${(x / (1 << 20)).toFixed(1)} MiB` : `${(x / 1024).toFixed(1)} KiB`) + ` (${x.toLocaleString("en")} B)`;
const mib = (x: number) => `${(x / (1 << 20)).toFixed(0)} MiB`;
const verdict = (ok: boolean) => (ok ? "met" : "not met");

function renderTable(rows: Row[]): string {
  const width = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(width[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

async function ensureDatabase(builds: number, seedDb: string): Promise<string> {
  const db = defaultHistoryPath(builds);
  if (existsSync(db)) {
    process.stderr.write(`bench: reusing ${db} (${(statSync(db).size / (1 << 20)).toFixed(1)} MiB); delete it to generate it again\n`);
    return db;
  }
  const r = await makeHistoryDb({
    builds,
    seed: 1,
    seedDb,
    out: db,
    progress: (d, t) => {
      if (d % 100 === 0 || d === t) process.stderr.write(`[history] ${d}/${t}\n`);
    },
  });
  process.stderr.write(`${describeHistory(r)}\n`);
  return db;
}

function shippedJs(): { files: number; raw: number; gzip: number } {
  const dir = join(ROOT, "dist", "web-pages", "assets");
  const js = readdirSync(dir).filter((f) => f.endsWith(".js"));
  const raw = js.map((f) => readFileSync(join(dir, f)));
  return { files: js.length, raw: raw.reduce((s, b) => s + b.length, 0), gzip: raw.reduce((s, b) => s + gzipSync(b).length, 0) };
}

interface Fetched {
  ms: number;
  bytes: number;
}

async function fetchTimed(base: string, path: string, timeoutMs = 600_000): Promise<Fetched> {
  const started = performance.now();
  const r = await fetch(new URL(path, base), { signal: AbortSignal.timeout(timeoutMs) });
  const body = await r.arrayBuffer();
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}: ${Buffer.from(body).toString("utf8").slice(0, 300)}`);
  return { ms: performance.now() - started, bytes: body.byteLength };
}

async function fetchMedian(base: string, path: string, runs: number): Promise<Fetched> {
  const all: Fetched[] = [];
  for (let i = 0; i < runs; i++) all.push(await fetchTimed(base, path));
  return { ms: median(all.map((x) => x.ms)), bytes: all[0].bytes };
}

function loadRows(where: string, t: TimelineTimes, goal: boolean): Row[] {
  const row = (kind: string, xs: number[]): Row => [
    `timeline drawn, ${where}, ${kind} (median of ${xs.length})`,
    `${ms(median(xs))} (min ${ms(Math.min(...xs))}, max ${ms(Math.max(...xs))})`,
    goal ? "< 1 s" : "",
    goal ? verdict(median(xs) < GOAL_LOAD_MS) : "",
  ];
  return [
    row(
      "first load",
      t.first.map((x) => x.ms),
    ),
    row(
      "warm",
      t.warm.map((x) => x.ms),
    ),
  ];
}

function describeLoad(label: string, t: TimelineTimes): string {
  const slowest = slowestResources(t.first[t.first.length - 1]);
  const at = (x: number | null) => (x === null ? "never" : ms(x));
  const marks = [
    ["first", medianMarks(t.first)],
    ["warm", medianMarks(t.warm)],
  ] as const;
  return [
    `${label}: ${t.first[0].points} points exposed in data-points`,
    ...marks.map(
      ([kind, m]) =>
        `  ${kind} load, page clock (medians): JavaScript in ${at(m.script)}, DOMContentLoaded ${at(m.domContentLoaded)}, view drawn (kbloat:drawn) ${at(m.drawn)}, data-points ${at(m.points)}; long tasks ${ms(m.longTasks)}`,
    ),
    `  slowest requests of the last first load: ${slowest.map((r) => `${r.name} ${ms(r.ms)} ${(r.bytes / 1024).toFixed(0)} KiB`).join(", ")}`,
  ].join("\n");
}

interface IndexDoc {
  builds: { id: number; status: string; recipe: string }[];
  recipes: { key: string; recipe: string; builds: number }[];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { builds: { type: "string", default: "1000" }, runs: { type: "string", default: "5" }, "seed-db": { type: "string" } },
  });
  const builds = Number(values.builds);
  const runs = Number(values.runs);
  if (!Number.isInteger(builds) || builds < 2 || !Number.isInteger(runs) || runs < 1)
    throw new Error("--builds wants a whole number of 2 or more, --runs one of 1 or more");
  if (!existsSync(join(ROOT, "dist", "web-pages", "index.html")) || !existsSync(join(ROOT, "dist", "cli", "main.js")))
    throw new Error("dist/ is not built: run npm run build");
  const db = await ensureDatabase(builds, values["seed-db"] ?? defaultDbPath());
  const cleanup = new Cleanup();
  const interrupted = (signal: string) => void cleanup.runAll().then(() => process.exit(signal === "SIGINT" ? 130 : 143));
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);
  try {
    const rows = await measureAll(db, builds, runs, cleanup);
    const pages = statSync(join(ROOT, "dist", "web-pages", "index.html")).mtime.toISOString();
    const load = loadavg()
      .map((x) => x.toFixed(1))
      .join(" ");
    const header = `kbloat dashboard bench: ${builds} builds (${db}), ${runs} runs per load; dist/web-pages of ${pages}; ${cpus().length} CPUs, load average at the end ${load}`;
    process.stdout.write(`\n${header}\n\n${renderTable(rows.table)}\n\n${rows.notes.join("\n")}\n`);
  } finally {
    await cleanup.runAll();
  }
}

interface Report {
  table: Row[];
  notes: string[];
}

async function measureAll(db: string, builds: number, runs: number, cleanup: Cleanup): Promise<Report> {
  const r: Report = { table: [], notes: [] };
  r.table.push(["database", `${bytes(statSync(db).size)}`, "", ""]);
  const js = shippedJs();
  r.table.push([`JavaScript of all pages (${js.files} file${js.files === 1 ? "" : "s"} in dist/web-pages/assets)`, bytes(js.raw), "", ""]);
  r.table.push(["  the same, gzip'd (level 6)", bytes(js.gzip), "", ""]);
  const browser = await launchChromium(cleanup);
  const { stackedUrl, docTimes, buildDocs } = await measureServe(db, runs, browser, cleanup, r);
  const dir = await measurePublish(db, builds, docTimes, buildDocs, cleanup, r);
  step("timeline against the published folder");
  const site = await startStaticServer(dir, cleanup);
  const statics = await timeTimeline(browser, site.url, runs);
  r.table.push(...loadRows("static", statics, true));
  r.notes.push(describeLoad("static", statics));
  const staticStacked = await timeTimeline(browser, site.url + stackedUrl, runs, 300_000);
  r.table.push(...loadRows("static, stacked by dir", staticStacked, false));
  r.notes.push(describeLoad("static, stacked by dir", staticStacked));
  return r;
}

const step = (s: string) => process.stderr.write(`bench: ${s}\n`);

/** The timeline against `kbloat serve`, a few documents by fetch, every build document once, and serve's memory. */
async function measureServe(db: string, runs: number, browser: Browser, cleanup: Cleanup, r: Report) {
  step("starting kbloat serve");
  const serve = await startServe(db, cleanup);
  await new Promise((done) => setTimeout(done, 500));
  const memStart = readMemory(serve.pid);
  // api/index.json has the series and counts; the builds are listed in api/builds.json
  const recipes = ((await (await fetch(new URL("api/index.json", serve.url))).json()) as Pick<IndexDoc, "recipes">).recipes;
  const list = ((await (await fetch(new URL("api/builds.json", serve.url))).json()) as Pick<IndexDoc, "builds">).builds;
  const index: IndexDoc = { recipes, builds: list };
  const tiny = index.recipes.find((x) => x.recipe === "tiny") ?? index.recipes[0];

  step(`timeline against serve (${serve.url})`);
  const served = await timeTimeline(browser, serve.url, runs);
  const memTimeline = readMemory(serve.pid);
  r.table.push(...loadRows("serve", served, true));
  // each page loads the core and its own chart's chunk: the goal holds for the page that loads most
  const firstOk = index.builds.find((b) => b.status === "ok" && b.recipe === tiny.recipe) ?? index.builds[0];
  const pages = [
    { name: "timeline", ...(await scriptsLoaded(browser, serve.url, "#timeline[data-points]")) },
    { name: "build (treemap)", ...(await scriptsLoaded(browser, `${serve.url}#/build/${firstOk.id}/dir`, "#treemap svg")) },
  ];
  for (const [i, p] of pages.entries()) {
    r.table.splice(3 + i, 0, [`  JavaScript the ${p.name} page loads (${p.files} files)`, bytes(p.bytes), "< 600 kB", verdict(p.bytes < GOAL_JS_BYTES)]);
  }
  r.notes.push(describeLoad("serve", served));

  step("stacked timeline (by directory) against serve");
  const stackedUrl = `#/series/${tiny.key}?stack=dir`;
  const servedStacked = await timeTimeline(browser, serve.url + stackedUrl, 1, 900_000);
  r.table.push(...loadRows("serve, stacked by dir", servedStacked, false));
  r.notes.push(describeLoad("serve, stacked by dir", servedStacked));

  step("API documents by fetch");
  const docTimes = await timeDocuments(serve.url, index, tiny, runs, r);

  step(`every build document once (${index.builds.length})`);
  const buildDocs: number[] = [];
  for (const b of index.builds) buildDocs.push((await fetchTimed(serve.url, `api/builds/${b.id}.json`)).ms);
  const memAll = readMemory(serve.pid);
  const spread = `median ${ms(median(buildDocs))}, p95 ${ms(quantile(buildDocs, 0.95))}, max ${ms(Math.max(...buildDocs))}`;
  r.table.push([`every api/builds/ID.json once (${buildDocs.length})`, `${ms(buildDocs.reduce((s, x) => s + x, 0))} in all; ${spread}`, "", ""]);
  r.table.push(["serve RSS after start", mib(memStart.rss), "", ""]);
  r.table.push(["serve RSS after loading the timeline", `${mib(memTimeline.rss)} (peak ${mib(memTimeline.hwm)})`, "", ""]);
  r.table.push(["serve RSS after every build document", `${mib(memAll.rss)} (peak ${mib(memAll.hwm)}, which includes the stacked documents)`, "", ""]);
  await serve.stop();
  return { stackedUrl, docTimes, buildDocs };
}

/** A few documents of each kind, by plain fetch: medians (of 2 for the stacked ones, which are slow). */
async function timeDocuments(base: string, index: IndexDoc, recipe: IndexDoc["recipes"][number], runs: number, r: Report): Promise<Map<string, Fetched>> {
  const ok = index.builds.filter((b) => b.status === "ok" && b.recipe === recipe.recipe);
  const sample = [ok[0], ok[Math.floor(ok.length / 2)], ok[ok.length - 1]].map((b) => b.id);
  const docs = [
    "api/index.json",
    ...index.recipes.map((x) => `api/series/${x.key}.json`),
    `api/stacked/${recipe.key}/dir.json`,
    `api/stacked/${recipe.key}/subsystem.json`,
    ...sample.map((id) => `api/builds/${id}.json`),
    `api/symbols/${sample[1]}.json`,
    `api/modules/${sample[1]}.json`,
    "api/culprits.json",
  ];
  const times = new Map<string, Fetched>();
  for (const path of docs) {
    const n = path.startsWith("api/stacked/") ? 2 : runs;
    const f = await fetchMedian(base, path, n);
    times.set(path, f);
    r.table.push([`  ${path} (median of ${n})`, `${ms(f.ms)}, ${bytes(f.bytes)}`, "", ""]);
  }
  return times;
}

/** `kbloat publish` into a new temporary folder (removed at the end): its time, size and memory. */
async function measurePublish(db: string, builds: number, docTimes: Map<string, Fetched>, buildDocs: number[], cleanup: Cleanup, r: Report): Promise<string> {
  step("publish");
  const dir = mkdtempSync(join(tmpdir(), "kbloat-bench-site-"));
  cleanup.add("published folder", () => rmSync(dir, { recursive: true, force: true }));
  const published = await runPublish(db, dir, cleanup);
  const folder = measureFolder(dir);
  r.table.push([
    `publish of ${builds} builds`,
    `${ms(published.ms)}, ${folder.files.toLocaleString("en")} files, ${bytes(folder.bytes)}; peak RSS ${mib(published.peakRss)}`,
    "",
    "",
  ]);
  r.notes.push(...publishBreakdown(dir, docTimes, buildDocs), publishProgress(published.progress));
  return dir;
}

/**
 * publish writes index, culprits, then per recipe its series and stacked documents, then per
 * build its builds, modules and symbols documents: its progress lines show how long each part took.
 */
function publishProgress(progress: { ms: number; done: number; total: number }[]): string {
  if (progress.length === 0) return "publish printed no progress";
  const first = progress.find((p) => p.done > 8) ?? progress[0];
  const last = progress[progress.length - 1];
  const perDoc = (last.ms - first.ms) / Math.max(1, last.done - first.done);
  const marks = progress.map((p) => `${p.done} at ${ms(p.ms)}`);
  const shown = marks.length > 8 ? [...marks.slice(0, 4), "…", ...marks.slice(-3)] : marks;
  return [
    `publish's own progress (documents written by then): ${shown.join(", ")}`,
    `  the first ${first.done} documents (index, culprits, the series and all stacked documents, the first builds' documents) took ${ms(first.ms)}; the other ${last.done - first.done} (per-build documents) ${ms(last.ms - first.ms)}, ${ms(perDoc)} each`,
  ].join("\n");
}

/** What each kind of document weighs in the published folder, and what one took when serve answered it. */
function publishBreakdown(dir: string, docTimes: Map<string, Fetched>, buildDocs: number[]): string[] {
  const lines = ["published documents by kind (files, bytes; serve's median time for one such document, measured above):"];
  const timeOf = (kind: string) => [...docTimes.entries()].filter(([p]) => p.startsWith(`api/${kind}/`)).map(([, f]) => f.ms);
  for (const kind of ["builds", "symbols", "modules", "stacked", "series"]) {
    const sub = join(dir, "api", kind);
    if (!existsSync(sub)) continue;
    const f = measureFolder(sub);
    const per = kind === "builds" ? median(buildDocs) : median(timeOf(kind));
    lines.push(`  api/${kind}/: ${f.files} files, ${bytes(f.bytes)}; ~${ms(per)} each by serve`);
  }
  return lines;
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? (e.stack ?? e.message) : e}\n`);
  process.exit(2);
});
