// What history costs, on a real tree: a git repository made from Debian's 6.12 sources plus
// scripted commits, x86_64 tinyconfig.
//   1. a neighbouring revision (one .c file changed) against a clean build of the same tree, both
//      through `kbloat track` (configure, make, measure, store), the clean one without ccache;
//   2. how many builds blame needs for k culprits among m commits, against 2·k·log2(m)+2, and how
//      many commits pruning removed.
// Usage: node --import tsx bench/history.ts   (after scripts/setup.sh; about 10 minutes)

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { tarball } from "../test/kernel/kernel-env.js";
import { createPlantedRepo } from "../test/kernel/planted-repo.js";

const ROOT = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "kbloat-bench-history-"));
const cache = join(work, "cache");
const db = join(work, "bench.db");
const repo = join(work, "linux");

function kbloat(args: string[], env: NodeJS.ProcessEnv = {}): { out: string; ms: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, ...args], { encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  if (r.status !== 0) throw new Error(`kbloat ${args.join(" ")}: ${r.stderr}`);
  return { out: r.stdout, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}
// the sources, unpacked once by kbloat itself (in the usual cache, where they are likely built already)
const unpacked = JSON.parse(kbloat(["--format", "json", "build", tarball("6.12")]).out);
const srcDir = JSON.parse(kbloat(["--format", "json", "show", String(unpacked.build.id)]).out).build.source_dir;
const { git, write, append, commit } = createPlantedRepo(srcDir, repo, "Bench");

// 1. clean against neighbour
const inWork = { KBLOAT_CACHE: cache };
const clean = kbloat(["track", repo, "base"], { ...inWork, CCACHE_DISABLE: "1" });
append("kernel/panic.c", "\nint kbloat_bench_neighbour(int x) { return x * 3 + 1; }\n");
commit("panic: one more function");
const neighbour = kbloat(["track", repo, "HEAD"], inWork);
git("tag", "neighbour");

// 2. blame: m commits, k culprits, most of them outside what tinyconfig builds
let culprits = 0;
for (let i = 0; i < 40; i++) {
  if (i % 10 === 4) {
    write(`init/kbloat_bench_${i}.c`, `const char kbloat_bench_${i}[${4096 * (1 + (i % 3))}] = { 1 };\n`);
    append("init/Makefile", `obj-y += kbloat_bench_${i}.o\n`);
    commit(`init: a table (${i})`);
    culprits++;
  } else if (i % 3 === 0) {
    append("init/main.c", `\n/* a comment (${i}) */\n`);
    commit(`init: a comment (${i})`);
  } else {
    append(i % 2 ? "Documentation/admin-guide/README.rst" : "drivers/net/ethernet/intel/e1000/e1000_main.c", `\n/* not built by tinyconfig (${i}) */\n`);
    commit(`outside the build (${i})`);
  }
}
const blame = JSON.parse(kbloat(["--format", "json", "blame", "neighbour..HEAD", "--repo", repo, "--threshold", "1024"], inWork).out);
const m = blame.commits;
const relevant = m - blame.pruned;
const bound = (k: number, n: number) => 2 * k * Math.log2(n) + 2;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`kbloat bench: history on Linux 6.12.117, x86_64 tinyconfig (load average ${readFileSync("/proc/loadavg", "utf8").split(" ")[0]})\n`);
console.log("| what | figure |");
console.log("|---|---:|");
console.log(`| clean build through \`kbloat track\` (configure, make without ccache, measure, store) | ${s(clean.ms)} |`);
console.log(`| neighbouring revision, one .c file changed (same steps, incremental) | ${s(neighbour.ms)} |`);
console.log(`| neighbour / clean | ${(neighbour.ms / clean.ms).toFixed(3)} (goal ≤ 0.1) |`);
console.log(`| blame: commits / pruned / culprits found (planted) | ${m} / ${blame.pruned} / ${blame.culprits.length} (${culprits}) |`);
console.log(`| blame: builds, against 2·k·log2(m)+2 over the ${relevant} commits that touch the build's inputs | ${blame.builds} ≤ ${bound(culprits, relevant).toFixed(1)} |`);
rmSync(work, { recursive: true, force: true });
