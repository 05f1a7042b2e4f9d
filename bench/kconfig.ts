// Reading the whole x86_64 Kconfig tree of Linux 6.12: kbloat's reader side by side with the
// kernel's own, run alternately so that machine noise hits both alike:
//   1. readKconfigTree() in this process (median of warm runs, and the first, cold one)
//   2. the kernel's conf_parse() (test/kernel/kconfig-symbols.c linked with scripts/kconfig's
//      objects), which also runs the $(shell,…) macros kbloat leaves unknown: its own clock
//      around conf_parse(), and the whole process
//   3. `make olddefconfig` on the tinyconfig .config: what a user waits for
// Wall times, and CPU times (user + system, the process and its children) that other load on
// the machine disturbs less.
// Usage: node --import tsx bench/kconfig.ts   (after scripts/setup.sh; BENCH_RUNS=7 by default)

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { resolveKernelSource } from "../src/adapters/kernel-source.js";
import { cacheDir } from "../src/adapters/paths.js";
import { readKconfigTree } from "../src/adapters/read-kconfig-tree.js";
import { tarball } from "../test/kernel/kernel-env.js";

const ROOT = resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const OBJECTS = ["confdata", "expr", "lexer.lex", "menu", "parser.tab", "preprocess", "symbol", "util"];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

/** runs a command under bash, whose `times` says the CPU its children used */
function timed(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): { wall: number; cpu: number } {
  const t = process.hrtime.bigint();
  const r = spawnSync("bash", ["-c", '"$@" >/dev/null 2>&1; times', "bash", cmd, ...args], { cwd, env, encoding: "utf8" });
  const wall = ms(t);
  const [user, sys] = (r.stdout.trim().split("\n").pop() ?? "").split(" ").map((x) => {
    const m = /^([0-9]+)m([0-9.]+)s$/.exec(x);
    return m ? Number(m[1]) * 60e3 + Number(m[2]) * 1e3 : Number.NaN;
  });
  return { wall, cpu: user + sys };
}

const source612 = tarball("6.12");
const source = await resolveKernelSource(source612, undefined, cacheDir(), () => {});
const tree = source.dir;
const out = mkdtempSync(join(tmpdir(), "kbloat-bench-kconfig-"));
try {
  execFileSync("make", ["-s", "-C", tree, `O=${out}`, "ARCH=x86_64", "tinyconfig"], { stdio: ["ignore", "ignore", "ignore"] });
  const kc = join(out, "scripts", "kconfig");
  const oracle = join(out, "kconfig-symbols");
  const includes = ["-I", join(tree, "scripts/kconfig"), "-I", join(tree, "scripts/include"), "-I", kc];
  execFileSync("gcc", ["-O2", ...includes, join(ROOT, "test/kernel/kconfig-symbols.c"), ...OBJECTS.map((o) => join(kc, `${o}.o`)), "-o", oracle]);
  const ccText = execFileSync("gcc", ["--version"], { encoding: "utf8" }).split("\n")[0];
  const env = { srctree: tree, ARCH: "x86_64", SRCARCH: "x86", KERNELVERSION: source.version, CC: "gcc", LD: "ld", HOSTCC: "gcc", CC_VERSION_TEXT: ccText };

  const OURS = "kbloat readKconfigTree, in process";
  const FIRST = "kbloat readKconfigTree, first run in the process";
  const KERNEL = "kernel conf_parse() process (runs the $(shell,…) too)";
  const MAKE = "kernel make olddefconfig";
  const runs: Record<string, { wall: number[]; cpu: number[] }> = {};
  for (const what of [OURS, FIRST, KERNEL, MAKE]) runs[what] = { wall: [], cpu: [] };
  const note = (what: string, wall: number, cpu: number) => {
    runs[what].wall.push(wall);
    runs[what].cpu.push(cpu);
  };
  const oracleEnv = { PATH: process.env.PATH, ...env };
  let symbols = 0;
  for (let i = 0; i <= RUNS; i++) {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    const r = readKconfigTree(tree, { arch: "x86_64", env });
    const used = process.cpuUsage(c);
    note(i === 0 ? FIRST : OURS, ms(t), (used.user + used.system) / 1000);
    symbols = r.model.symbols.size;
    if (r.errors.length > 0) throw new Error(`${r.errors.length} errors reading ${tree}`);
    const k = timed(oracle, ["Kconfig"], out, oracleEnv);
    note(KERNEL, k.wall, k.cpu);
    const m = timed("make", ["-s", "-C", tree, `O=${out}`, "ARCH=x86_64", "olddefconfig"], out, process.env);
    note(MAKE, m.wall, m.cpu);
  }

  console.log(`Linux ${source.version}, ARCH=x86_64: ${symbols} symbols; medians of ${RUNS} runs (one for the first run)`);
  console.log(`${"".padEnd(56)} ${"wall".padStart(8)} ${"cpu".padStart(8)}`);
  for (const [what, v] of Object.entries(runs))
    console.log(`${what.padEnd(56)} ${`${median(v.wall).toFixed(0)} ms`.padStart(8)} ${`${median(v.cpu).toFixed(0)} ms`.padStart(8)}`);
  const ours = runs[OURS];
  const kernel = runs[KERNEL];
  console.log(
    `kernel conf_parse() / kbloat: ${(median(kernel.wall) / median(ours.wall)).toFixed(1)}x wall, ${(median(kernel.cpu) / median(ours.cpu)).toFixed(1)}x cpu`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
