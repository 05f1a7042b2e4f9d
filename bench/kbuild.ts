// How long the Kbuild reader takes on a real tree: Linux 6.12, x86_64 tinyconfig.
//   node --import tsx bench/kbuild.ts [SOURCE_DIR BUILD_DIR]
// Without arguments it takes the cached 6.12 tinyconfig build from the default database (after
// scripts/demo.sh, or any `kbloat build` of linux-source-6.12 with --recipe tiny).
// Prints the median of RUNS reads (BENCH_RUNS, default 9) after one warm-up read, and the median
// of the pure reader alone, with every file already in memory.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { readKbuildTree } from "../src/adapters/read-kbuild-tree.js";
import { parseMakeConfigValues } from "../src/core/kbuild/make-config-values.js";
import { parseKbuildTree, walkKbuildTree } from "../src/core/kbuild/walk-kbuild-tree.js";

const ROOT = resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

function cachedBuild(): [string, string] {
  const db = process.env.KBLOAT_DB ?? join(homedir(), ".local", "share", "kbloat", "kbloat.db");
  const list = JSON.parse(execFileSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, "--format", "json", "list"], { encoding: "utf8" }));
  const build = list.builds.find((b: { name: string; status: string }) => b.name.startsWith("6.12.") && b.name.endsWith("@tiny") && b.status === "ok");
  if (!build) throw new Error(`no ok 6.12 tinyconfig build in ${db}: run scripts/demo.sh, or give SOURCE_DIR BUILD_DIR`);
  const show = JSON.parse(
    execFileSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, "--format", "json", "show", String(build.id)], { encoding: "utf8" }),
  );
  return [show.build.source_dir, show.build.build_dir];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const [sourceDir, buildDir] = process.argv.length >= 4 ? [process.argv[2], process.argv[3]] : cachedBuild();
const config = parseMakeConfigValues(readFileSync(join(buildDir, ".config"), "utf8"));
const options = { srcarch: "x86", arch: "x86_64", config };

const times: number[] = [];
let tree = await readKbuildTree(sourceDir, options);
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  tree = await readKbuildTree(sourceDir, options);
  times.push(performance.now() - t);
}

// the same walk with every file already in memory: the pure reader's share
const core: number[] = [];
const all = await collectFiles(sourceDir);
for (let i = 0; i < RUNS; i++) {
  const t = performance.now();
  parseKbuildTree(all, options);
  core.push(performance.now() - t);
}

/** Every file the reader asks for, read once into memory. */
async function collectFiles(dir: string): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const walk = walkKbuildTree(options);
  let step = walk.next();
  while (!step.done) {
    const got = await Promise.all(step.value.map((p) => readFile(join(dir, p), "utf8").catch(() => null)));
    step.value.forEach((p, i) => out.set(p, got[i]));
    step = walk.next(new Map(step.value.map((p, i) => [p, got[i]])));
  }
  return out;
}

console.log(`Kbuild reader, Linux ${sourceDir.split("/").pop()} x86_64 tinyconfig (${sourceDir})`);
console.log(
  `  ${tree.objects.length} objects, ${tree.directories.length} directories, ${tree.filesRead} files read, ${tree.unevaluated.length} unevaluated blocks`,
);
console.log(
  `  readKbuildTree: median ${median(times).toFixed(1)} ms over ${RUNS} runs (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`,
);
console.log(`  of which the pure reader (files in memory): median ${median(core).toFixed(1)} ms`);
