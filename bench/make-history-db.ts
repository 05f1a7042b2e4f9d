// A database of N builds for the dashboard bench, generated from real measurements: the oldest
// and newest ok builds of a real database (by default kbloat's own, which `bash scripts/demo.sh`
// fills with x86_64 tinyconfig builds of 6.1 and 6.12) seed a history of revisions 6.1.0 …
// 6.12.Y whose content creeps from the first seed's towards the second's (bench/history-evolution.ts).
// Most builds are `tiny`, some `def+mod` (with what could leave and the core), a few failed
// with a log tail; blame's culprits are stored at the biggest jumps. Written through the store's
// own saveBuild, into a temporary file renamed into place when complete.
// Usage: node --import tsx bench/make-history-db.ts [--builds N] [--seed-db FILE] [--out FILE] [--seed S]

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { cacheDir, defaultDbPath } from "../src/adapters/paths.js";
import { openSqliteStore } from "../src/adapters/sqlite-store.js";
import type { BuildToSave, BuildRecord, BuildStore, StoredCulprit, StoredMeasurement } from "../src/app/build-record.js";
import { compareKernelVersions } from "../src/core/kernel-version.js";
import { createEvolution, createPrng, type StepResult } from "./history-evolution.js";

/** bump when the generator changes what it writes: cached databases of older versions are not reused */
export const GENERATOR_VERSION = 1;

export interface HistoryOptions {
  builds: number;
  seedDb: string;
  out: string;
  seed: number;
  progress?: (done: number, total: number) => void;
}

export interface HistoryResult {
  out: string;
  builds: number;
  ok: number;
  failed: number;
  defMod: number;
  culprits: number;
  seeds: string[];
  seconds: number;
  bytes: number;
}

interface Seed {
  record: BuildRecord;
  m: StoredMeasurement;
  inputs: string[] | null;
}

export function defaultHistoryPath(builds: number, seed = 1): string {
  return join(cacheDir(), "bench", `history-${builds}-s${seed}-v${GENERATOR_VERSION}.db`);
}

/** The oldest and the newest ok build with per-object sizes (tiny ones first), loaded whole. */
async function readSeeds(path: string): Promise<Seed[]> {
  if (!existsSync(path)) throw new Error(`no seed database at ${path}: run bash scripts/demo.sh (it builds 6.1 and 6.12 into it), or pass --seed-db FILE`);
  const store = openSqliteStore(path);
  try {
    const usable = (await store.listBuilds()).filter((b) => b.status === "ok" && b.figures?.content != null);
    const tiny = usable.filter((b) => b.recipe === "tiny");
    const pool = (tiny.length ? tiny : usable).sort((a, b) => compareKernelVersions(a.revision, b.revision) || a.id - b.id);
    if (pool.length === 0) throw new Error(`${path} holds no ok build with per-object sizes: run bash scripts/demo.sh, or pass --seed-db FILE`);
    const picked = pool.length > 1 ? [pool[0], pool[pool.length - 1]] : [pool[0]];
    const seeds: Seed[] = [];
    for (const record of picked) {
      const m = await store.loadMeasurement(record.id);
      if (!m) throw new Error(`build ${record.id} of ${path} has no measurement`);
      const inputs = await store.loadBuildInputs(record.id);
      seeds.push({ record, m, inputs: inputs && [...inputs] });
    }
    return seeds;
  } finally {
    await store.close();
  }
}

/** `count` revisions spread over the minor versions from `from` to `to` (6.1 … 6.12): 6.1.0, 6.1.1, …, 6.12.N */
export function planRevisions(count: number, from: string, to: string): string[] {
  const [major, first] = from.split(".").map(Number);
  const [toMajor, toMinor] = to.split(".").map(Number);
  // one seed, or a second one of another major: twelve minor versions, as 6.1 … 6.12 are
  const last = toMajor === major && toMinor > first ? toMinor : first + 11;
  const minors = last - first + 1;
  const revisions: string[] = [];
  for (let i = 0; i < minors; i++) {
    const patches = Math.floor(count / minors) + (i < count % minors ? 1 : 0);
    for (let p = 0; p < patches; p++) revisions.push(`${major}.${first + i}.${p}`);
  }
  return revisions;
}

const DEF_MOD_HASH = createHash("sha256").update("kbloat bench recipe def+mod").digest("hex").slice(0, 16);

function infoOf(seed: BuildRecord, revision: string, recipe: "tiny" | "def+mod", failed: boolean, random: () => number): BuildToSave {
  const sourceKey = createHash("sha256").update(`kbloat bench linux-source ${revision}`).digest("hex");
  const recipeHash = recipe === "tiny" ? seed.recipeHash : DEF_MOD_HASH;
  const step = random() < 0.7 ? "compile" : "link";
  return {
    identity: `tar:${sourceKey}|${recipeHash}|${seed.toolchain}`,
    name: `${revision}@${recipe}`,
    source: `linux-source-${revision}.tar.xz`,
    revision,
    sourceIdentity: { kind: "tarball", sha256: sourceKey },
    sourceLocation: null,
    recipeData: null,
    recipe,
    recipeHash,
    arch: seed.arch,
    toolchain: seed.toolchain,
    sourceDir: null,
    buildDir: null,
    status: failed ? "failed" : "ok",
    failedStep: failed ? step : null,
    logTail: failed ? failureLog(step, revision) : null,
    durationMs: Math.round((recipe === "tiny" ? 170_000 : 1_190_000) * (0.8 + 0.4 * random())),
    compiled: Math.round((recipe === "tiny" ? 1_200 : 9_000) * (0.05 + random())),
  };
}

function failureLog(step: string, revision: string): string {
  const where = step === "compile" ? "drivers/tty/vt/vt.c" : "vmlinux.o";
  const lines = [
    `  CC      kernel/printk/printk.o`,
    step === "compile"
      ? `${where}:1234:9: error: implicit declaration of function 'bench_${revision.replaceAll(".", "_")}'`
      : `ld: ${where}: in function 'start_kernel': undefined reference to 'bench_init'`,
    step === "compile"
      ? `make[4]: *** [scripts/Makefile.build:250: ${where.replace(/\.c$/, ".o")}] Error 1`
      : `make[2]: *** [scripts/Makefile.vmlinux:35: vmlinux] Error 1`,
    `make[1]: *** [Makefile:1991: .] Error 2`,
    `make: *** [Makefile:234: __sub-make] Error 2`,
  ];
  return lines.join("\n");
}

function measurementOf(seed: Seed, s: StepResult, recipe: "tiny" | "def+mod", random: () => number): StoredMeasurement {
  const couldLeave = Math.round(s.content * (0.33 + 0.02 * random()));
  return {
    totals: s.totals,
    content: s.content,
    linkerMade: seed.m.linkerMade,
    image: s.image,
    sections: s.sections,
    symbols: s.symbols,
    objects: s.objects,
    subsystems: seed.m.subsystems,
    config: seed.m.config,
    inputs: seed.inputs,
    modular: recipe === "def+mod" ? { couldLeave, core: Math.round(s.content * 0.52) } : null,
  };
}

interface Saved {
  record: BuildRecord;
  jump: StepResult["jump"];
  previous: BuildRecord | null;
}

/** Writes the history into `store`; returns the builds as stored, in order. */
async function writeHistory(store: BuildStore, seeds: Seed[], o: HistoryOptions): Promise<Saved[]> {
  const random = createPrng(o.seed);
  const [first, last = first] = seeds;
  const defModCount = Math.round(o.builds * 0.12);
  const revisions = planRevisions(o.builds - defModCount, first.record.revision, last.record.revision);
  const known = new Set(first.m.symbols.map((s) => s.name));
  const newNames = last.m.symbols.filter((s) => !known.has(s.name)).map((s) => ({ ...s }));
  const gain = (last.m.content ?? 0) - (first.m.content ?? 0);
  const imageGain = (last.m.image ?? 0) - (first.m.image ?? 0);
  const evolution = createEvolution(
    first.m,
    {
      drift: seeds.length > 1 && gain > 0 ? gain / revisions.length : 150,
      newNames,
      imageRatio: gain > 0 && imageGain > 0 ? Math.min(1, imageGain / gain) : 0.33,
    },
    random,
  );
  const saved: Saved[] = [];
  let previousTiny: BuildRecord | null = null;
  for (const [i, revision] of revisions.entries()) {
    const s = evolution.step();
    const withDefMod = Math.floor((i * defModCount) / revisions.length) !== Math.floor(((i + 1) * defModCount) / revisions.length);
    const recipes: ("tiny" | "def+mod")[] = withDefMod ? ["tiny", "def+mod"] : ["tiny"];
    for (const recipe of recipes) {
      if (saved.length >= o.builds) break;
      const failed = random() < (recipe === "tiny" ? 0.02 : 0.05);
      const info = infoOf(first.record, revision, recipe, failed, random);
      const record = await store.saveBuild(info, failed ? null : measurementOf(first, s, recipe, random));
      saved.push({ record, jump: recipe === "tiny" ? s.jump : null, previous: recipe === "tiny" ? previousTiny : null });
      if (recipe === "tiny") previousTiny = record;
      o.progress?.(saved.length, o.builds);
    }
  }
  return saved;
}

const AUTHORS = [
  "Ada Kernelwright <ada@example.org>",
  "Linus Placeholder <lp@example.org>",
  "Grace Bytes <grace@example.org>",
  "Tux Penguin <tux@example.org>",
];

/** Blame's findings at the biggest jumps between two ok tiny builds. */
function culpritsOf(saved: Saved[], seed: Seed, random: () => number): StoredCulprit[] {
  const jumps = saved
    .map((x, index) => ({ ...x, index }))
    .filter((x) => x.record.status === "ok" && x.previous?.status === "ok" && x.jump && x.jump.delta >= 4096)
    .sort((a, b) => (b.jump?.delta ?? 0) - (a.jump?.delta ?? 0))
    .slice(0, 8);
  return jumps.map(({ record, previous, jump, index }) => {
    const j = jump as NonNullable<StepResult["jump"]>;
    const commit = createHash("sha1").update(`${record.revision} ${j.symbol} ${random()}`).digest("hex");
    const subsystem = seed.m.subsystems.get(j.object) ?? "[no subsystem]";
    const dir = j.object.split("/").slice(0, -1).join("/") || j.object;
    return {
      recipeHash: record.recipeHash,
      recipe: record.recipe,
      commit,
      commits: [commit],
      subject: `${dir}: grow ${j.symbol}`,
      author: AUTHORS[Math.floor(random() * AUTHORS.length)],
      date: new Date(Date.UTC(2023, 0, 1) + index * 86_400_000).toISOString(),
      delta: j.delta,
      sizeDelta: { text: j.delta, data: 0, bss: 0, total: j.delta },
      imageDelta: Math.round(j.delta * 0.3),
      subsystems: [subsystem],
      bySubsystem: [{ name: subsystem, delta: j.delta }],
      baseBuild: previous?.id ?? null,
      headBuild: record.id,
      range: `${previous?.revision}..${record.revision}`,
      threshold: 4096,
    };
  });
}

export async function makeHistoryDb(o: HistoryOptions): Promise<HistoryResult> {
  const started = performance.now();
  const seeds = await readSeeds(o.seedDb);
  const out = resolve(o.out);
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.tmp-${process.pid}`;
  const cleanTmp = () => {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`]) rmSync(f, { force: true });
  };
  cleanTmp();
  const store = openSqliteStore(tmp);
  try {
    const saved = await writeHistory(store, seeds, o);
    const culprits = culpritsOf(saved, seeds[0], createPrng(o.seed + 1));
    await store.saveCulprits(culprits);
    await store.close();
    renameSync(tmp, out);
    const ok = saved.filter((x) => x.record.status === "ok").length;
    return {
      out,
      builds: saved.length,
      ok,
      failed: saved.length - ok,
      defMod: saved.filter((x) => x.record.recipe === "def+mod").length,
      culprits: culprits.length,
      seeds: seeds.map((s) => `${s.record.id}: ${s.record.name} (${s.m.symbols.length} symbols, ${s.m.objects.length} objects, content ${s.m.content})`),
      seconds: (performance.now() - started) / 1000,
      bytes: statSync(out).size,
    };
  } catch (e) {
    await store.close().catch(() => {});
    cleanTmp();
    throw e;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { builds: { type: "string", default: "1000" }, "seed-db": { type: "string" }, out: { type: "string" }, seed: { type: "string", default: "1" } },
  });
  const builds = Number(values.builds);
  const seed = Number(values.seed);
  if (!Number.isInteger(builds) || builds < 2) throw new Error(`--builds wants a whole number of 2 or more, not ${values.builds}`);
  const r = await makeHistoryDb({
    builds,
    seed,
    seedDb: values["seed-db"] ?? defaultDbPath(),
    out: values.out ?? defaultHistoryPath(builds, seed),
    progress: (done, total) => {
      if (done % 100 === 0 || done === total) process.stderr.write(`[history] ${done}/${total} builds\n`);
    },
  });
  process.stdout.write(`${describeHistory(r)}\n`);
}

export function describeHistory(r: HistoryResult): string {
  return [
    `wrote ${r.out}`,
    `  ${r.builds} builds (${r.ok} ok, ${r.failed} failed; ${r.defMod} def+mod), ${r.culprits} culprits`,
    `  seeds: ${r.seeds.join("; ")}`,
    `  ${r.seconds.toFixed(1)} s, ${(r.bytes / 1024 / 1024).toFixed(1)} MiB`,
  ].join("\n");
}

if (import.meta.url === pathToFileURL(resolve(process.argv[1] ?? "")).href) {
  main().catch((e) => {
    process.stderr.write(`make-history-db: ${e instanceof Error ? e.message : e}\n`);
    process.exit(2);
  });
}
