// What blame costs on a real tree: a git repository made from Debian's 6.12 sources plus 40
// scripted commits, x86_64 tinyconfig: how many builds blame needs for k culprits among m
// commits, against 2·k·log2(m)+2, and how many commits pruning removed. (A neighbouring
// revision against a clean build is goal 3 of `npm run bench`, bench/neighbour.ts.)
// Usage: node --import tsx bench/history.ts   (after scripts/setup.sh; about 4 minutes)

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { tarball } from "../test/kernel/kernel-env.js";
import { createPlantedRepo } from "../test/kernel/planted-repo.js";

const ROOT = resolve(import.meta.dirname, "..");
const work = mkdtempSync(join(tmpdir(), "kbloat-bench-history-"));
const db = join(work, "bench.db");
const repo = join(work, "linux");

function kbloat(args: string[], env: NodeJS.ProcessEnv = {}): { out: string; ms: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`kbloat ${args.join(" ")}: ${r.stderr}`);
  return { out: r.stdout, ms: Number(process.hrtime.bigint() - t) / 1e6 };
}
// the sources, unpacked once by kbloat itself (in the usual cache, where they are likely built already)
const unpacked = JSON.parse(kbloat(["--format", "json", "build", tarball("6.12")]).out);
const srcDir = JSON.parse(kbloat(["--format", "json", "show", String(unpacked.build.id)]).out).build.source_dir;
const { write, append, commit } = createPlantedRepo(srcDir, repo, "Bench");

const inWork = { KBLOAT_CACHE: join(work, "cache") };

// m commits, k culprits, most of them outside what tinyconfig builds
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
const run = kbloat(["--format", "json", "blame", "base..HEAD", "--repo", repo, "--threshold", "1024"], inWork);
const blame = JSON.parse(run.out);
const m = blame.commits;
const relevant = m - blame.pruned;
const bound = (k: number, n: number) => 2 * k * Math.log2(n) + 2;

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(`kbloat bench: blame on Linux 6.12.117, x86_64 tinyconfig (load average ${readFileSync("/proc/loadavg", "utf8").split(" ")[0]})\n`);
console.log("| what | figure |");
console.log("|---|---:|");
console.log(`| blame: commits / pruned / culprits found (planted) | ${m} / ${blame.pruned} / ${blame.culprits.length} (${culprits}) |`);
console.log(`| blame: the whole run (its first build clean, ccache warm) | ${s(run.ms)} |`);
console.log(
  `| blame: builds, against 2·k·log2(m)+2 over the ${relevant} commits that touch the build's inputs | ${blame.builds} ≤ ${bound(culprits, relevant).toFixed(1)} |`,
);
rmSync(work, { recursive: true, force: true });
