// Reading the whole x86_64 Kconfig tree of Linux 6.12: kbloat's reader side by side with the
// kernel's own, run alternately so that machine noise hits both alike:
//   1. readKconfigTree() in this process (median of warm runs, and the first, cold one)
//   2. the kernel's conf_parse() (test/kernel/kconfig-symbols.c linked with scripts/kconfig's
//      objects), which also runs the $(shell,…) macros kbloat leaves unknown: its own clock
//      around conf_parse(), and the whole process
//   3. `make olddefconfig` on the tinyconfig .config: what a user waits for
// Usage: node --import tsx bench/kconfig.ts   (after scripts/setup.sh; BENCH_RUNS=7 by default)

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { resolveKernelSource } from "../src/adapters/kernel-source.js";
import { cacheDir } from "../src/adapters/paths.js";
import { readKconfigTree } from "../src/adapters/read-kconfig-tree.js";

const ROOT = resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const OBJECTS = ["confdata", "expr", "lexer.lex", "menu", "parser.tab", "preprocess", "symbol", "util"];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

const tarball = join(cacheDir(), "tarballs", "linux-source-6.12.tar.xz");
const source = await resolveKernelSource(tarball, undefined, cacheDir(), () => {});
const tree = source.dir;
const out = mkdtempSync(join(tmpdir(), "kbloat-bench-kconfig-"));
try {
  const make = (target: string) => execFileSync("make", ["-s", "-C", tree, `O=${out}`, "ARCH=x86_64", target], { stdio: ["ignore", "ignore", "ignore"] });
  make("tinyconfig");
  const kc = join(out, "scripts", "kconfig");
  const oracle = join(out, "kconfig-symbols");
  const includes = ["-I", join(tree, "scripts/kconfig"), "-I", join(tree, "scripts/include"), "-I", kc];
  execFileSync("gcc", ["-O2", ...includes, join(ROOT, "test/kernel/kconfig-symbols.c"), ...OBJECTS.map((o) => join(kc, `${o}.o`)), "-o", oracle]);
  const ccText = execFileSync("gcc", ["--version"], { encoding: "utf8" }).split("\n")[0];
  const env = { srctree: tree, ARCH: "x86_64", SRCARCH: "x86", KERNELVERSION: source.version, CC: "gcc", LD: "ld", HOSTCC: "gcc", CC_VERSION_TEXT: ccText };

  const ours: number[] = [];
  const parse: number[] = [];
  const process_: number[] = [];
  const olddef: number[] = [];
  let cold = 0;
  let symbols = 0;
  for (let i = 0; i <= RUNS; i++) {
    let t = process.hrtime.bigint();
    const r = readKconfigTree(tree, { arch: "x86_64", env });
    if (i === 0) cold = ms(t);
    else ours.push(ms(t));
    symbols = r.model.symbols.size;
    if (r.errors.length > 0) throw new Error(`${r.errors.length} errors reading ${tree}`);
    t = process.hrtime.bigint();
    const k = spawnSync(oracle, ["Kconfig"], { cwd: out, env: { PATH: process.env.PATH, ...env }, encoding: "utf8", maxBuffer: 1 << 26 });
    process_.push(ms(t));
    parse.push(Number(/conf_parse_ms ([0-9.]+)/.exec(k.stderr)?.[1]));
    t = process.hrtime.bigint();
    make("olddefconfig");
    olddef.push(ms(t));
  }

  const row = (what: string, v: number) => console.log(`${what.padEnd(58)} ${v.toFixed(0).padStart(6)} ms`);
  console.log(`Linux ${source.version}, ARCH=x86_64: ${symbols} symbols; medians of ${RUNS} runs`);
  row("kbloat readKconfigTree (in process, warm)", median(ours));
  row("kbloat readKconfigTree (first run in this process)", cold);
  row("kernel conf_parse() (its own clock; runs the $(shell,…))", median(parse));
  row("kernel conf_parse() process, start to end", median(process_));
  row("kernel make olddefconfig", median(olddef));
  console.log(`ratio kernel conf_parse / kbloat: ${(median(parse) / median(ours)).toFixed(1)}x`);
} finally {
  rmSync(out, { recursive: true, force: true });
}
