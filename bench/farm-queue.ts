// What a farm's queue costs per job, against what a job is: a real Redis and PostgreSQL
// (kbloat's scripts start them), one worker and a coordinator in this process, and jobs that
// store a real 6.12 tinyconfig measurement (~12k symbols) into PostgreSQL, as a worker does
// after its build. Per job: enqueued → started, the store itself, finished → the coordinator
// knows; beside it the clean and the neighbour build time of the same kernel, stored by kbloat.
// Usage: node --import tsx bench/farm-queue.ts   (after scripts/setup.sh; builds 6.12 tiny if not cached)

import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { FIRST_PRIORITY, openCoordinator, startWorker } from "../src/adapters/build-queue.js";
import { openPostgresStore } from "../src/adapters/postgres-store.js";
import { openSqliteStore } from "../src/adapters/sqlite-store.js";
import { tarball } from "../test/kernel/kernel-env.js";

const ROOT = resolve(import.meta.dirname, "..");
const JOBS = Number(process.env.BENCH_JOBS ?? 20);
const dir = mkdtempSync(join(tmpdir(), "kbloat-bench-farm-"));
chmodSync(dir, 0o755);
const local = join(dir, "local.db");

const r = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", local, "build", tarball("6.12")], { encoding: "utf8" });
if (r.status !== 0) throw new Error(`kbloat build: ${r.stderr}`);
const source = openSqliteStore(local);
const [built] = await source.listBuilds();
const measurement = await source.loadMeasurement(built.id);
if (!measurement) throw new Error("no measurement");

const port = () => String(20000 + Math.floor(Math.random() * 40000));
const redis = execFileSync("bash", [join(ROOT, "scripts", "local-redis.sh"), "start", join(dir, "redis"), port()], { encoding: "utf8" }).trim();
const pg = execFileSync("bash", [join(ROOT, "scripts", "local-postgres.sh"), "start", join(dir, "pg"), port()], { encoding: "utf8" }).trim();
const store = openPostgresStore(pg);
const stored = new Map<string, number>();
try {
  const worker = await startWorker<{ n: number }>(redis, { name: "bench", concurrency: 1 }, async (data) => {
    const t = performance.now();
    const record = await store.saveBuild({ ...built, identity: `bench-${data.n}`, name: `bench-${data.n}@tiny`, recipeData: null }, measurement);
    stored.set(String(data.n), performance.now() - t);
    return record.id;
  });
  const coordinator = await openCoordinator(redis);
  const { Queue } = await import("bullmq");
  const queue = new Queue("kbloat-builds", { connection: { url: redis, maxRetriesPerRequest: null } });
  const known = new Map<string, number>();
  // one job at a time, so that each latency is the queue's own and not a wait behind another job
  for (let n = 0; n < JOBS; n++)
    await coordinator.build({ id: `bench-${n}`, data: { n }, priority: FIRST_PRIORITY }, () => {}).then(() => known.set(`bench-${n}`, Date.now()));
  const rows = [];
  for (let n = 0; n < JOBS; n++) {
    const job = await queue.getJob(`bench-${n}`);
    if (!job?.processedOn || !job.finishedOn) throw new Error(`job ${n} has no times`);
    rows.push({ wait: job.processedOn - job.timestamp, store: stored.get(String(n)) ?? 0, notify: (known.get(`bench-${n}`) ?? 0) - job.finishedOn });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const wait = median(rows.map((x) => x.wait));
  const save = median(rows.map((x) => x.store));
  const notify = median(rows.map((x) => x.notify));
  const build = built.durationMs ?? 0;
  console.log(`jobs: ${JOBS}, one at a time, median of each`);
  console.log(`enqueued -> started:            ${wait} ms`);
  console.log(`the store (PostgreSQL, ${measurement.symbols.length} symbols): ${Math.round(save)} ms`);
  console.log(`finished -> coordinator knows:  ${notify} ms`);
  console.log(
    `the build it stood for:         ${(build / 1000).toFixed(1)} s (6.12 tinyconfig as kbloat stored it here: with ccache, the cheapest a real build gets)`,
  );
  console.log(`queue overhead / build:         ${(((wait + notify) / build) * 100).toFixed(3)} %`);
  await queue.close();
  await coordinator.close();
  await worker.close();
} finally {
  await store.close();
  await source.close();
  execFileSync("bash", [join(ROOT, "scripts", "local-redis.sh"), "stop", join(dir, "redis")]);
  execFileSync("bash", [join(ROOT, "scripts", "local-postgres.sh"), "stop", join(dir, "pg")]);
}
