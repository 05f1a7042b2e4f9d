// Side-by-side timings on the same two real vmlinux files (x86_64 tinyconfig, Linux 6.1 and
// 6.12), run alternately in one process so that machine noise hits both sides alike:
//   1. `kbloat diff --format bloat-o-meter` against the kernel's scripts/bloat-o-meter
//   2. `kbloat measure` of one vmlinux (ELF + link map + store) against `nm` + `size` of it
//   3. `kbloat modules` and `kbloat options` of a stored build, reading the trees and from the cache
//   4. database bytes per stored tinyconfig build
// Usage: npm run bench   (after scripts/setup.sh; builds both kernels if they are not cached)

import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { cacheDir } from "../src/adapters/paths.js";
import { tarball } from "../test/kernel/kernel-env.js";

const ROOT = resolve(import.meta.dirname, "..");
// the interpreter itself, not a version manager's shim in front of it (which costs ~100 ms a start)
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const dir = mkdtempSync(join(tmpdir(), "kbloat-bench-"));
const db = join(dir, "bench.db");

function kbloat(args: string[], database = db): string {
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", database, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`kbloat ${args.join(" ")}: ${r.stderr}`);
  return r.stdout;
}

function time(cmd: string, args: string[]): { ms: number; out: string } {
  const t = process.hrtime.bigint();
  const out = execFileSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  return { ms: Number(process.hrtime.bigint() - t) / 1e6, out };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs each command RUNS times, alternating, and returns the median milliseconds of each. */
function sideBySide(cmds: [string, string[]][]): { medians: number[]; outs: string[] } {
  const times: number[][] = cmds.map(() => []);
  const outs: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    cmds.forEach(([c, a], j) => {
      const r = time(c, a);
      times[j].push(r.ms);
      outs[j] = r.out;
    });
  }
  return { medians: times.map(median), outs };
}

const builds = (["6.1", "6.12"] as const).map((v) => {
  const out = JSON.parse(kbloat(["--format", "json", "build", tarball(v)]));
  return JSON.parse(kbloat(["--format", "json", "show", String(out.build.id)])).build;
});
const [a, b] = builds;
const vmlinux = (x: { build_dir: string }) => join(x.build_dir, "vmlinux");
const node = process.execPath;
const bin = join(ROOT, "bin", "kbloat.js");

const bom = sideBySide([
  [PYTHON, [join(b.source_dir, "scripts", "bloat-o-meter"), vmlinux(a), vmlinux(b)]],
  [node, [bin, "--db", db, "diff", String(a.id), String(b.id), "--format", "bloat-o-meter"]],
]);
if (bom.outs[0] !== bom.outs[1]) throw new Error("kbloat's bloat-o-meter output differs from the kernel's");

const measureDb = join(dir, "measure.db");
const measure = sideBySide([
  ["sh", ["-c", `nm --size-sort "$1" >/dev/null && size -A "$1" >/dev/null`, "sh", vmlinux(b)]],
  [node, [bin, "--db", measureDb, "measure", vmlinux(b), "--name", "bench"]],
]);

// the modularization guru on a stored build: Kconfig + Kbuild read (or taken from the cache of
// what was read, tree-read-cache.ts), explained, attributed; "cold" empties that cache first
const parsed = join(cacheDir(), "parsed");
const cold = (verb: string): [string, string[]] => ["sh", ["-c", `rm -rf "$1" && exec "$2" "$3" --db "$4" --format json ${verb} "$5"`, "sh", parsed, node, bin, db, String(b.id)]];
const guru = sideBySide([
  cold("modules"),
  [node, [bin, "--db", db, "--format", "json", "modules", String(b.id)]],
  cold("options"),
  [node, [bin, "--db", db, "--format", "json", "options", String(b.id)]],
]);

const sizeDb = join(dir, "size.db");
for (const x of builds) kbloat(["measure", vmlinux(x), "--name", x.name], sizeDb);
const raw = new Database(sizeDb);
raw.pragma("wal_checkpoint(TRUNCATE)");
raw.exec("VACUUM");
raw.close();
const perBuild = statSync(sizeDb).size / builds.length;

const ms = (x: number) => `${x.toFixed(0)} ms`;
const speed = (theirs: number, ours: number) => (ours <= theirs ? `kbloat ${(theirs / ours).toFixed(1)}x faster` : `kbloat ${(ours / theirs).toFixed(1)}x slower`);
const start = sideBySide([["node", ["-e", "0"]], [PYTHON, ["-c", "0"]]]);
console.log(`kbloat bench: ${RUNS} alternating runs each, medians, on ${a.name} and ${b.name} (x86_64 tinyconfig)\n`);
console.log("| what | kernel's tools | kbloat | ratio |");
console.log("|---|---:|---:|---:|");
console.log(`| diff, bloat-o-meter output (identical) | ${ms(bom.medians[0])} | ${ms(bom.medians[1])} | ${speed(bom.medians[0], bom.medians[1])} |`);
console.log(`| measure one vmlinux (kbloat: ELF + link map + store; tools: nm + size -A) | ${ms(measure.medians[0])} | ${ms(measure.medians[1])} | ${speed(measure.medians[0], measure.medians[1])} |`);
console.log(`| start of the runtime alone (python3 -c 0 / node -e 0) | ${ms(start.medians[1])} | ${ms(start.medians[0])} | |`);
console.log(`| database bytes per stored tinyconfig build | | ${Math.round(perBuild).toLocaleString("en-US")} | |`);
console.log("\n| a stored 6.12 build (goal < 0.5 s) | Kconfig and Kbuild trees read | from the cache of what was read | ratio |");
console.log("|---|---:|---:|---:|");
console.log(`| \`kbloat modules\` | ${ms(guru.medians[0])} | ${ms(guru.medians[1])} | ${(guru.medians[0] / guru.medians[1]).toFixed(1)}x |`);
console.log(`| \`kbloat options\` | ${ms(guru.medians[2])} | ${ms(guru.medians[3])} | ${(guru.medians[2] / guru.medians[3]).toFixed(1)}x |`);
