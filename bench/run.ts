// kbloat's speed goals, each measured side by side in one run on real kernels (x86_64 tinyconfig
// and def+mod of Linux 6.1 and 6.12), the two sides of a ratio alternating so that machine noise
// hits both alike; prints each goal's figure and whether it is met:
//   1. `diff --format bloat-o-meter` against `node -e 0` (tinyconfig) and against the kernel's
//      scripts/bloat-o-meter (def+mod), identical output
//   2. `measure` of a vmlinux against `nm --size-sort` + `size -A` (tinyconfig), and alone (def+mod)
//   3. a neighbouring revision's whole cycle against a clean build (bench/neighbour.ts)
//   4. `modules` and `options` of a stored build, from the cache of what the readers read
//   5. peak memory of measure, diff and modules on def+mod, with 2 and with 22 stored builds
// Usage: npm run bench (after scripts/setup.sh; builds the four kernels when they are not
// cached: ~3 minutes each for tinyconfig, ~20 for def+mod). BENCH_RUNS (default 7) runs a side.

import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { cacheDir } from "../src/adapters/paths.js";
import { tarball } from "../test/kernel/kernel-env.js";
import { measureNeighbour } from "./neighbour.js";
import { type Cmd, KBLOAT, peakRss, sideBySide } from "./side-by-side.js";

// the interpreter itself, not a version manager's shim in front of it (which costs ~100 ms a start)
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const dir = mkdtempSync(join(tmpdir(), "kbloat-bench-"));
const db = join(dir, "bench.db");
const node = process.execPath;

interface Stored {
  id: number;
  name: string;
  build_dir: string;
  source_dir: string;
}

function kbloat(args: string[], database = db): string {
  const r = spawnSync(node, [KBLOAT, "--db", database, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`kbloat ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function build(version: "6.1" | "6.12", recipe: string): Stored {
  process.stderr.write(`bench: ${version}@${recipe} (built unless cached)\n`);
  const out = JSON.parse(kbloat(["--format", "json", "build", tarball(version), "--recipe", recipe]));
  return JSON.parse(kbloat(["--format", "json", "show", String(out.build.id)])).build;
}

const vmlinux = (x: Stored) => join(x.build_dir, "vmlinux");
const kb = (database: string, ...args: string[]): Cmd => [node, [KBLOAT, "--db", database, ...args]];
const bloatOMeterOf = (a: Stored, b: Stored): Cmd => [PYTHON, [join(b.source_dir, "scripts", "bloat-o-meter"), vmlinux(a), vmlinux(b)]];
const nmAndSize = (x: Stored): Cmd => ["sh", ["-c", `nm --size-sort "$1" >/dev/null && size -A "$1" >/dev/null`, "sh", vmlinux(x)]];

function identical(r: { outs: string[] }, what: string): void {
  if (r.outs[0] !== r.outs[1]) throw new Error(`kbloat's ${what} differs from the kernel's`);
}

const [tiny61, tiny612] = [build("6.1", "tiny"), build("6.12", "tiny")];
const [def61, def612] = [build("6.1", "def+mod"), build("6.12", "def+mod")];

// 1. diff
const diffTiny = sideBySide([["node", ["-e", "0"]], kb(db, "diff", String(tiny61.id), String(tiny612.id), "--format", "bloat-o-meter")], RUNS);
const bomTiny = sideBySide([bloatOMeterOf(tiny61, tiny612), kb(db, "diff", String(tiny61.id), String(tiny612.id), "--format", "bloat-o-meter")], RUNS);
identical(bomTiny, "bloat-o-meter output (tinyconfig)");
const bomDef = sideBySide([bloatOMeterOf(def61, def612), kb(db, "diff", String(def61.id), String(def612.id), "--format", "bloat-o-meter")], RUNS);
identical(bomDef, "bloat-o-meter output (def+mod)");

// 2. measure, each run into a new database (the first store of a kernel, not a replacement)
const measureDb = (tag: string) => {
  const f = join(dir, `measure-${tag}.db`);
  return [
    "sh",
    ["-c", `rm -f "$1"* && exec "$2" "$3" --db "$1" measure "$4" --name bench`, "sh", f, node, KBLOAT, vmlinux(tag === "tiny" ? tiny612 : def612)],
  ] as Cmd;
};
const measureTiny = sideBySide([nmAndSize(tiny612), measureDb("tiny")], RUNS);
const measureDef = sideBySide([nmAndSize(def612), measureDb("def")], Math.min(RUNS, 5));

// 3. the neighbour (its own two builds, in a git repository of the 6.12 sources)
const neighbour = process.env.BENCH_NEIGHBOUR === "0" ? null : await measureNeighbour(tiny612.source_dir, dir);

// 4. the guru on a stored build, reading the trees ("cold": the readers' cache emptied first) or from the cache
const parsed = join(cacheDir(), "parsed");
const cold = (verb: string): Cmd => [
  "sh",
  ["-c", `rm -rf "$1" && exec "$2" "$3" --db "$4" --format json ${verb} "$5"`, "sh", parsed, node, KBLOAT, db, String(tiny612.id)],
];
const guru = sideBySide(
  [cold("modules"), kb(db, "--format", "json", "modules", String(tiny612.id)), cold("options"), kb(db, "--format", "json", "options", String(tiny612.id))],
  RUNS,
);

// 5. memory, with the two def+mod builds stored and with 20 more builds beside them; modules
// from the readers' cache both times (a first run reads the trees, and that is not what grows)
kbloat(["--format", "json", "modules", String(def612.id)]);
const rss = () => ({
  measure: peakRss(["--db", join(dir, "rss-measure.db"), "measure", vmlinux(def612), "--name", `rss-${Date.now()}`]),
  diff: peakRss(["--db", db, "diff", String(def61.id), String(def612.id), "--format", "bloat-o-meter"]),
  modules: peakRss(["--db", db, "--format", "json", "modules", String(def612.id)]),
});
const rssFew = rss();
const crowded = join(dir, "crowded.db");
for (const f of ["", "-wal", "-shm"]) if (existsSync(db + f)) copyFileSync(db + f, crowded + f);
for (let i = 0; i < 20; i++) kbloat(["measure", vmlinux(i % 2 ? tiny61 : tiny612), "--name", `extra-${i}`], crowded);
const rssMany = {
  diff: peakRss(["--db", crowded, "diff", String(def61.id), String(def612.id), "--format", "bloat-o-meter"]),
  modules: peakRss(["--db", crowded, "--format", "json", "modules", String(def612.id)]),
};

// database bytes per stored tinyconfig build
const sizeDb = join(dir, "size.db");
for (const x of [tiny61, tiny612]) kbloat(["measure", vmlinux(x), "--name", x.name], sizeDb);
const raw = new Database(sizeDb);
raw.pragma("wal_checkpoint(TRUNCATE)");
raw.exec("VACUUM");
raw.close();
const perBuild = statSync(sizeDb).size / 2;

const symbolsOf = (x: Stored) => Number(execFileSync("sh", ["-c", `nm "$1" | wc -l`, "sh", vmlinux(x)], { encoding: "utf8" }).trim());
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mib = (x: number) => `${(x / 1048576).toFixed(0)} MiB`;
const ratio = (x: number, digits = 2) => `${x.toFixed(digits)}x`;
interface Row {
  what: string;
  figure: string;
  ratio?: string;
  goal: string;
  /** undefined: a figure reported, no goal to meet */
  met?: boolean;
}
const [diffRatio, defFaster, measureRatio] = [
  diffTiny.medians[1] / diffTiny.medians[0],
  bomDef.medians[0] / bomDef.medians[1],
  measureTiny.medians[1] / measureTiny.medians[0],
];
const growth = [rssMany.diff / rssFew.diff, rssMany.modules / rssFew.modules];
const rows: Row[] = [
  {
    what: "1. diff --format bloat-o-meter, tinyconfig, against `node -e 0`",
    figure: `${ms(diffTiny.medians[1])} / ${ms(diffTiny.medians[0])}`,
    ratio: ratio(diffRatio),
    goal: "≤ 1.25x",
    met: diffRatio <= 1.25,
  },
  {
    what: "1. the same, against scripts/bloat-o-meter (identical output)",
    figure: `${ms(bomTiny.medians[1])} / ${ms(bomTiny.medians[0])}`,
    ratio: `${ratio(bomTiny.medians[0] / bomTiny.medians[1], 1)} faster`,
    goal: "",
  },
  {
    what: `1. def+mod (${symbolsOf(def612).toLocaleString("en-US")} symbols), against scripts/bloat-o-meter (identical output)`,
    figure: `${ms(bomDef.medians[1])} / ${ms(bomDef.medians[0])}`,
    ratio: `${ratio(defFaster, 1)} faster`,
    goal: "≥ 10x faster",
    met: defFaster >= 10,
  },
  {
    what: "2. measure a tinyconfig vmlinux, against nm --size-sort + size -A",
    figure: `${ms(measureTiny.medians[1])} / ${ms(measureTiny.medians[0])}`,
    ratio: ratio(measureRatio, 1),
    goal: "< 3x",
    met: measureRatio < 3,
  },
  {
    what: `2. measure a def+mod vmlinux (nm + size -A: ${ms(measureDef.medians[0])})`,
    figure: ms(measureDef.medians[1]),
    goal: "< 1 s",
    met: measureDef.medians[1] < 1000,
  },
];
if (neighbour) {
  const r = neighbour.neighbourMs / neighbour.cleanMs;
  const figure = `${(neighbour.neighbourMs / 1000).toFixed(1)} s / ${(neighbour.cleanMs / 1000).toFixed(0)} s`;
  rows.push({
    what: "3. neighbouring revision (one .c changed), whole cycle, against a clean build",
    figure,
    ratio: r.toFixed(3),
    goal: "≤ 0.05",
    met: r <= 0.05,
  });
}
rows.push(
  {
    what: `4. modules of a stored 6.12 tinyconfig build, from the cache (trees read: ${ms(guru.medians[0])})`,
    figure: ms(guru.medians[1]),
    goal: "< 0.5 s",
    met: guru.medians[1] < 500,
  },
  { what: `4. options, the same (trees read: ${ms(guru.medians[2])})`, figure: ms(guru.medians[3]), goal: "< 0.5 s", met: guru.medians[3] < 500 },
  {
    what: "5. peak RSS on def+mod: measure / diff / modules",
    figure: `${mib(rssFew.measure)} / ${mib(rssFew.diff)} / ${mib(rssFew.modules)}`,
    goal: "reported",
  },
  {
    what: "5. peak RSS of diff / modules with 22 builds stored instead of 2",
    figure: `${mib(rssMany.diff)} / ${mib(rssMany.modules)}`,
    ratio: `${ratio(growth[0])} / ${ratio(growth[1])}`,
    goal: "no growth (< 1.05x)",
    met: growth.every((g) => g < 1.05),
  },
);
console.log(`kbloat bench: ${RUNS} alternating runs a side, medians; ${tiny61.name}, ${tiny612.name}, ${def61.name}, ${def612.name}\n`);
console.log("| goal | kbloat / other side | ratio | goal | |");
console.log("|---|---:|---:|---|---|");
for (const r of rows) console.log(`| ${r.what} | ${r.figure} | ${r.ratio ?? ""} | ${r.goal} | ${r.met === undefined ? "" : r.met ? "met" : "not met"} |`);
console.log(`\ndatabase bytes per stored tinyconfig build: ${Math.round(perBuild).toLocaleString("en-US")}`);
rmSync(dir, { recursive: true, force: true });
