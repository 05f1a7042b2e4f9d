// Six years of kernels on one toolchain: the report behind docs/history.md.
// Fetches pinned Debian releases (scripts/fetch-releases.sh), tracks them as x86_64 `tiny` and
// `def+mod`, and writes every command it ran with its output, each build's time, and the plots
// into artifacts/history/ (report.md, *.svg). docs/history.md is made of that output.
// Usage: node --import tsx bench/history-releases.ts [RELEASE...]   (after scripts/setup.sh;
// about two hours cold on 2 cores: a clean def+mod build is ~20 minutes). The database is kept in
// ~/.cache/kbloat/bench/history-releases.db, so an interrupted run resumes where it stopped.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "..");
const RELEASES = process.argv.slice(2).length ? process.argv.slice(2) : ["5.10.223", "6.1.192", "6.12.117", "7.2.13", "7.3~rc7"];
const RECIPES = ["tiny", "def+mod"];
const cacheRoot = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "kbloat");
mkdirSync(join(cacheRoot, "bench"), { recursive: true });
const db = join(cacheRoot, "bench", "history-releases.db");
const out = join(ROOT, "artifacts", "history");
mkdirSync(out, { recursive: true });

const report: string[] = [];
const say = (text: string) => {
  report.push(text);
  writeFileSync(join(out, "report.md"), `${report.join("\n")}\n`);
};

/** Runs kbloat, shows its progress live (stderr), and returns stdout; the command and its output go into the report. */
function kbloat(args: string[], o: { show?: boolean; live?: boolean } = {}): string {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    stdio: ["ignore", "pipe", o.live ? "inherit" : "pipe"],
    env: { ...process.env, NO_COLOR: "1", COLUMNS: "100" },
  });
  const s = ((performance.now() - t0) / 1000).toFixed(0);
  if (r.status !== 0 && r.status !== 2) throw new Error(`kbloat ${args.join(" ")} exited ${r.status}: ${r.stderr ?? ""}`);
  if (o.show !== false) say(`\n\`\`\`\n$ kbloat ${args.map(shellWord).join(" ")}\n${r.stdout.trimEnd()}\n\`\`\`\n(${s} s)`);
  return r.stdout;
}

const shellWord = (w: string) => (/^[\w@.,:/+=-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);

const fetched = spawnSync("bash", [join(ROOT, "scripts", "fetch-releases.sh"), ...RELEASES], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
if (fetched.status !== 0) process.exit(fetched.status ?? 2);
const tarballs = fetched.stdout.trim().split("\n");

say(`# kbloat over ${RELEASES.join(", ")} (x86_64, ${gccVersion()})`);
for (const recipe of RECIPES) {
  say(`\n## ${recipe}`);
  kbloat(["track", ...tarballs, "--recipe", recipe], { live: true });
  kbloat(["plot", "--recipe", recipe, "--output", join(out, `${recipe.replace("+", "-")}.svg`)]);
}

interface Listed {
  id: number;
  name: string;
  recipe: string;
  status: string;
  duration_s: number | null;
}
const builds: Listed[] = JSON.parse(kbloat(["--format", "json", "list"], { show: false })).builds;
say("\n## Builds and their times");
kbloat(["list"]);
for (const b of builds) say(`- ${b.name}: ${b.status}, ${b.duration_s === null ? "time unknown" : `${(b.duration_s / 60).toFixed(1)} min`}`);

for (const recipe of RECIPES) {
  const ok = builds.filter((b) => b.recipe === recipe && b.status === "ok");
  say(`\n## ${recipe}: each step between releases`);
  for (let i = 1; i < ok.length; i++) {
    for (const by of ["dir", "subsystem", "option"]) kbloat(["diff", String(ok[i - 1].id), String(ok[i].id), "--by", by, "--top", "8"]);
  }
  if (ok.length > 1) kbloat(["diff", String(ok[0].id), String(ok[ok.length - 1].id), "--by", "subsystem", "--top", "12"]);
}

const newest = builds.filter((b) => b.recipe === "def+mod" && b.status === "ok").at(-1);
if (newest) {
  say(`\n## The modularization report of ${newest.name}`);
  kbloat(["modules", String(newest.id), "--top", "15"]);
}
console.log(`history: the report is ${join(out, "report.md")}`);

function gccVersion(): string {
  return spawnSync("gcc", ["--version"], { encoding: "utf8" }).stdout.split("\n")[0];
}
