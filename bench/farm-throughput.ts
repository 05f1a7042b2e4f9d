// Builds per hour of a farm on this machine, 1 worker against 2: a real Redis and PostgreSQL,
// `kbloat worker` processes and a `track --queue` coordinator over a git repository made from
// the 6.12 sources with planted commits (one small change each, as a series of neighbours is).
// Rounds alternate (1, 2, 1, 2, ...), each with fresh worker caches and its own database, so
// each worker's first build is clean (ccache warm) and the rest incremental, as in a farm.
// Usage: node --import tsx bench/farm-throughput.ts   (after scripts/setup.sh; BENCH_ROUNDS=1)

import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startPostgres } from "../test/unit/postgres-server.js";
import { createPlantedRepo } from "../test/kernel/planted-repo.js";
import { tarball } from "../test/kernel/kernel-env.js";

const ROOT = resolve(import.meta.dirname, "..");
const BIN = join(ROOT, "bin", "kbloat.js");
const COMMITS = Number(process.env.BENCH_COMMITS ?? 7);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const dir = mkdtempSync(join(tmpdir(), "kbloat-bench-throughput-"));
chmodSync(dir, 0o755);

const local = join(dir, "local.db");
const built = spawnSync(process.execPath, [BIN, "--db", local, "--format", "json", "build", tarball("6.12")], { encoding: "utf8" });
if (built.status !== 0) throw new Error(`kbloat build: ${built.stderr}`);
const sourceDir = JSON.parse(spawnSync(process.execPath, [BIN, "--db", local, "--format", "json", "show", "1"], { encoding: "utf8" }).stdout).build.source_dir;
const repo = join(dir, "linux");
const planted = createPlantedRepo(sourceDir, repo);
for (let n = 1; n <= COMMITS; n++) {
  planted.append("init/main.c", `\nconst char kbloat_bench_table_${n}[${n * 256}] = { ${n} };\n`);
  planted.commit(`init: a ${n * 256}-byte table`);
}
const builds = COMMITS + 1;

const redisDir = join(dir, "redis");
const queue = execFileSync("bash", [join(ROOT, "scripts", "local-redis.sh"), "start", redisDir, String(20000 + Math.floor(Math.random() * 40000))], {
  encoding: "utf8",
}).trim();
const pg = startPostgres();

async function round(n: number, workers: number): Promise<number> {
  const db = await pg.newDatabase(`round${n}`);
  // each round its own queue contents: the jobs of earlier rounds are other databases' Builds
  execFileSync("redis-cli", ["-u", queue, "FLUSHALL"], { stdio: "ignore" });
  const procs: ChildProcess[] = [];
  for (let w = 0; w < workers; w++) {
    const env = { ...process.env, NO_COLOR: "1", KBLOAT_CACHE: join(dir, `cache-${n}-${w}`) };
    procs.push(spawn(process.execPath, [BIN, "--db", db, "worker", "--queue", queue, "--name", `w${w}`], { env, stdio: "ignore", detached: true }));
  }
  await new Promise((r) => setTimeout(r, 2000));
  const t = Date.now();
  const r = spawnSync(process.execPath, [BIN, "--db", db, "track", repo, "base..HEAD", "--queue", queue], {
    encoding: "utf8",
    env: { ...process.env, KBLOAT_CACHE: join(dir, "cache-coordinator") },
  });
  const ms = Date.now() - t;
  for (const p of procs) process.kill(-(p.pid as number), "SIGKILL");
  if (r.status !== 0) throw new Error(`track --queue: ${r.stderr}`);
  return ms;
}

try {
  const times: Record<number, number[]> = { 1: [], 2: [] };
  let n = 0;
  for (let i = 0; i < ROUNDS; i++) {
    for (const w of [1, 2]) {
      const ms = await round(n++, w);
      times[w].push(ms);
      console.log(`round ${n}: ${w} worker(s), ${builds} builds in ${(ms / 1000).toFixed(0)} s`);
    }
  }
  const perHour = (w: number) => (builds * 3_600_000) / (times[w].reduce((a, b) => a + b, 0) / times[w].length);
  console.log(`builds per hour, 1 worker:  ${perHour(1).toFixed(0)}`);
  console.log(`builds per hour, 2 workers: ${perHour(2).toFixed(0)}  (${(perHour(2) / perHour(1)).toFixed(2)}x on one 2-core machine)`);
} finally {
  execFileSync("bash", [join(ROOT, "scripts", "local-redis.sh"), "stop", redisDir]);
  pg.remove();
  rmSync(dir, { recursive: true, force: true });
}
