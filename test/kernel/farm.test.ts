// A build farm on one machine: a real Redis and a real PostgreSQL, started by kbloat's own
// scripts, two `kbloat worker` processes with caches at different paths, and a coordinator
// (`track --queue`) over a git repository made from the 6.12 sources with three planted
// commits. One worker is SIGKILLed in the middle of a build: its job is taken up by the other
// once its lock expires, every Build is stored once, and each measures exactly like a local
// build of the same revision. Then blame, check and options --exact on the farm give what
// they give locally.

import assert from "node:assert/strict";
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { type PostgresServer, startPostgres } from "../unit/postgres-server.js";
import { kbloatOk, ROOT, showJson, tarball, testDb } from "./kernel-env.js";
import { createPlantedRepo } from "./planted-repo.js";

const dir = mkdtempSync(join(tmpdir(), "kbloat-farm-"));
const local = testDb("farm-local");
const repo = join(dir, "linux");
const redisDir = join(dir, "redis");
let queue = "";
let pg: PostgresServer;
let db = "";
const workers: { name: string; proc: ChildProcess; log: string }[] = [];

function startWorker(name: string): { name: string; proc: ChildProcess; log: string } {
  const log = join(dir, `${name}.log`);
  const proc = spawn(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, "worker", "--queue", queue, "--name", name], {
    // each worker its own cache, at its own path: another machine, as far as kbloat can tell
    env: { ...process.env, NO_COLOR: "1", KBLOAT_CACHE: join(dir, `cache-${name}`) },
    stdio: ["ignore", "ignore", "pipe"],
    // its own process group, so that a SIGKILL takes its make with it, as a machine dying would
    detached: true,
  });
  const w = { name, proc, log };
  proc.stderr?.on("data", (d: Buffer) => appendFileSync(log, d));
  workers.push(w);
  return w;
}

const logOf = (w: { log: string }) => {
  try {
    return readFileSync(w.log, "utf8");
  } catch {
    return "";
  }
};

async function waitFor(what: string, ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const revisions: string[] = [];
let planted: ReturnType<typeof createPlantedRepo>;

before(() => {
  kbloatOk(local, ["build", tarball("6.12")]);
  planted = createPlantedRepo(showJson(local, "1").build.source_dir, repo);
  const { append, commit, git } = planted;
  revisions.push(git("rev-parse", "HEAD"));
  for (const n of [1, 2, 3]) {
    append("init/main.c", `\nconst char kbloat_farm_table_${n}[${n * 1024}] = { ${n} };\n`);
    revisions.push(commit(`init: a ${n} KiB table`));
  }
  queue = execFileSync("bash", [join(ROOT, "scripts", "local-redis.sh"), "start", redisDir, String(20000 + Math.floor(Math.random() * 40000))], {
    encoding: "utf8",
  }).trim();
  pg = startPostgres();
  db = pg.url;
});

after(async () => {
  // a killed worker's last stderr may still be in the pipe: stop logging, and wait for each to exit, before its directory goes
  await Promise.all(
    workers.map((w) => {
      w.proc.stderr?.removeAllListeners("data").destroy();
      if (w.proc.exitCode !== null || w.proc.signalCode !== null) return;
      const exited = new Promise((r) => w.proc.once("exit", r));
      try {
        process.kill(-(w.proc.pid as number), "SIGKILL");
      } catch {}
      return exited;
    }),
  );
  execFileSync("bash", [join(ROOT, "scripts", "local-redis.sh"), "stop", redisDir]);
  pg?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe("two workers and a coordinator", () => {
  test("a worker killed mid-build: the other finishes its job, every Build is stored once", async () => {
    const a = startWorker("wa");
    const b = startWorker("wb");
    const coordinator = spawn(
      process.execPath,
      [join(ROOT, "bin", "kbloat.js"), "--db", db, "--format", "json", "track", repo, "base..HEAD", "--queue", queue],
      {
        env: { ...process.env, NO_COLOR: "1", KBLOAT_CACHE: join(dir, "cache-coordinator") },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    coordinator.stdout.on("data", (d) => (stdout += d));
    coordinator.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => coordinator.on("exit", resolve));
    // kill worker a once it is compiling, mid-build
    await waitFor("worker wa to start a build", () => /building /.test(logOf(a)), 600_000);
    const killedJob = /building (\S+)/.exec(logOf(a))?.[1] as string;
    await waitFor("wa's build to compile", () => /on wa: compile|on wa\] compile/.test(stderr), 600_000);
    process.kill(-(a.proc.pid as number), "SIGKILL");
    const code = await exited;
    assert.equal(code, 0, `the coordinator failed:\n${stderr}`);
    assert.match(logOf(b), new RegExp(`building ${killedJob.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`), "the other worker took the killed job up");
    assert.match(logOf(b), new RegExp(`${killedJob.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ok`));
    const series = JSON.parse(stdout) as { builds: { id: number; name: string; status: string }[] };
    assert.equal(series.builds.length, 4);
    assert.ok(series.builds.every((p) => p.status === "ok"));
    const list = JSON.parse(kbloatOk(db, ["--format", "json", "list"])) as { builds: { id: number; name: string }[] };
    assert.equal(list.builds.length, 4, "each Build stored exactly once");
    assert.equal(new Set(list.builds.map((x) => x.name)).size, 4);
  });

  test("each farm Build measures as a local build of the same revision, symbol for symbol", () => {
    kbloatOk(local, ["track", repo, "base..HEAD"]);
    const farm = JSON.parse(kbloatOk(db, ["--format", "json", "list"])) as { builds: { id: number; name: string; revision: string }[] };
    for (const f of farm.builds) {
      const here = showJson(local, f.name, "symbol");
      const there = showJson(db, String(f.id), "symbol");
      assert.deepEqual(there.totals, here.totals, f.name);
      assert.deepEqual(there.rows, here.rows, f.name);
    }
    // the workers store in the order they finish: the ends are found by revision
    const [first, last] = [revisions[0], revisions[3]].map((rev) => farm.builds.find((b) => b.revision === rev));
    assert.ok(first && last, JSON.stringify(farm.builds.map((b) => b.revision)));
    const grown = JSON.parse(kbloatOk(db, ["--format", "json", "diff", String(first.id), String(last.id), "--by", "symbol"]));
    for (const n of [1, 2, 3]) assert.ok(JSON.stringify(grown).includes(`kbloat_farm_table_${n}`), `kbloat_farm_table_${n} in the diff`);
  });

  test("a Build stored from one machine is found, not rebuilt, from caches at other paths", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, "--format", "json", "track", repo, "base..HEAD"], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1", KBLOAT_CACHE: join(dir, "cache-elsewhere") },
    });
    assert.equal(r.status, 0, r.stderr);
    const series = JSON.parse(r.stdout) as { builds: { how: string }[] };
    assert.deepEqual(
      series.builds.map((p) => p.how),
      ["stored", "stored", "stored", "stored"],
    );
  });

  test("blame --queue names the commits a local blame names, with the same deltas", () => {
    // two more commits: the head and one inside the range are new to the farm
    for (const n of [4, 5]) {
      planted.append("init/main.c", `\nconst char kbloat_farm_table_${n}[${n * 1024}] = { ${n} };\n`);
      revisions.push(planted.commit(`init: a ${n} KiB table`));
    }
    startWorker("wc");
    const onFarm = JSON.parse(kbloatOk(db, ["--format", "json", "blame", "base..HEAD", "--repo", repo, "--queue", queue])) as BlameJson;
    const here = JSON.parse(kbloatOk(local, ["--format", "json", "blame", "base..HEAD", "--repo", repo])) as BlameJson;
    const culprits = (r: BlameJson) => r.culprits.map((c) => [c.commit, c.delta]);
    assert.deepEqual(culprits(onFarm), culprits(here));
    // each planted table, by its size (and what aligning the section after it costs)
    assert.deepEqual(
      onFarm.culprits.map((c) => c.commit),
      revisions.slice(1),
    );
    for (const [i, c] of onFarm.culprits.entries()) assert.ok(c.delta >= (i + 1) * 1024 && c.delta < (i + 1) * 1024 + 64, `${c.commit}: ${c.delta}`);
    assert.equal(onFarm.total_delta, here.total_delta);
    const stored = (JSON.parse(kbloatOk(db, ["--format", "json", "list"])) as { builds: { revision: string }[] }).builds.map((b) => b.revision);
    assert.equal(stored.length, 6, "blame's two new Builds are stored once each");
    assert.deepEqual(new Set(stored), new Set(revisions));
  });

  test("check --queue: base and head from the farm's store, the same verdict as a local check", () => {
    const args = ["--format", "json", "check", "--base", revisions[3], "--head", "HEAD", "--budget", "4096", "--repo", repo];
    const onFarm = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, ...args, "--queue", queue], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    const here = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", local, ...args], {
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    assert.equal(onFarm.status, 1, `over budget: exit 1\n${onFarm.stderr}`);
    assert.equal(here.status, 1, here.stderr);
    const a = JSON.parse(onFarm.stdout);
    const b = JSON.parse(here.stdout);
    assert.equal(a.delta, 9 * 1024);
    assert.equal(a.delta, b.delta);
    assert.equal(a.verdict, b.verdict);
  });

  test("options --exact --queue: the workers build without the option, and measure what a local run measures", () => {
    const idOf = (store: string) =>
      String(
        (JSON.parse(kbloatOk(store, ["--format", "json", "list"])) as { builds: { id: number; revision: string }[] }).builds.find(
          (b) => b.revision === revisions.at(-1),
        )?.id,
      );
    const onFarm = JSON.parse(kbloatOk(db, ["--format", "json", "options", idOf(db), "--exact", "1", "--queue", queue]));
    const here = JSON.parse(kbloatOk(local, ["--format", "json", "options", idOf(local), "--exact", "1"]));
    assert.equal(onFarm.options.length, 1);
    assert.equal(onFarm.options[0].symbol, here.options[0].symbol);
    assert.ok(onFarm.options[0].measured > 0, JSON.stringify(onFarm.options[0]));
    assert.equal(onFarm.options[0].measured, here.options[0].measured);
    // stored in the farm's database as a Build of its own
    assert.equal(showJson(db, idOf(db)).totals.content! - showJson(db, String(onFarm.options[0].build)).totals.content!, onFarm.options[0].measured);
  });
});

interface BlameJson {
  total_delta: number;
  culprits: { commit: string; delta: number }[];
}
