// The farm's queue on a real Redis (started by scripts/local-redis.sh): a job is enqueued once
// per id, a cause a worker names ends its job at once, a crash is retried with backoff, and a
// job that finished before the coordinator listened is still reported, and a worker takes the
// waiting job it prefers next.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { FIRST_PRIORITY, type JobResult, openCoordinator, startWorker } from "../../src/adapters/build-queue.js";
import { UserError } from "../../src/core/user-error.js";

const SCRIPT = new URL("../../scripts/local-redis.sh", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "kbloat-queue-"));
let url = "";

before(() => {
  url = execFileSync("bash", [SCRIPT, "start", dir, String(20000 + Math.floor(Math.random() * 40000))], { encoding: "utf8" }).trim();
});
after(() => execFileSync("bash", [SCRIPT, "stop", dir]));

test("one job per id; a named cause fails at once, a crash is retried; finished jobs are found again", async () => {
  const calls = new Map<string, number>();
  const worker = await startWorker<{ kind: string }>(url, { name: "w1", concurrency: 2 }, async (data, progress) => {
    calls.set(data.kind, (calls.get(data.kind) ?? 0) + 1);
    progress({ phase: "compile", compiled: 1 });
    if (data.kind === "unreachable") throw new UserError("commit 0123abcd is in none of this worker's repositories", "fetch it");
    if (data.kind === "flaky" && calls.get("flaky") === 1) throw new Error("the machine hiccuped");
    return data.kind === "flaky" ? 9 : 7;
  });
  const coordinator = await openCoordinator(url);
  const progressed = new Set<string>();
  const jobs = [
    { id: "job-ok", data: { kind: "ok" } },
    { id: "job-ok", data: { kind: "ok" } },
    { id: "job-unreachable", data: { kind: "unreachable" } },
    { id: "job-flaky", data: { kind: "flaky" } },
  ];
  const results = await Promise.all(
    jobs.map((j) => coordinator.build({ ...j, priority: FIRST_PRIORITY }, (p) => progressed.add(`${j.id} ${p.worker} ${p.phase}`))),
  );
  const by = new Map(jobs.map((j, i) => [j.id, results[i]]));
  assert.deepEqual(results[0], results[1], "the same id twice: one job, one outcome for both");
  assert.deepEqual(by.get("job-ok"), { ok: true, buildId: 7 });
  assert.deepEqual(by.get("job-flaky"), { ok: true, buildId: 9 });
  const bad = by.get("job-unreachable");
  assert.ok(bad && !bad.ok && /w1: commit 0123abcd is in none of this worker's repositories \(fetch it\)/.test(bad.cause), JSON.stringify(bad));
  assert.deepEqual(Object.fromEntries(calls), { ok: 1, unreachable: 1, flaky: 2 }, "one job for the id given twice; a named cause is not retried; a crash is");
  assert.ok(progressed.has("job-ok w1 compile"), [...progressed].join("; "));
  // asked for again: a finished job is reported from the queue, not built again
  assert.deepEqual(await coordinator.build({ id: "job-ok", data: { kind: "ok" }, priority: FIRST_PRIORITY }, () => {}), { ok: true, buildId: 7 });
  assert.equal(calls.get("ok"), 1);
  // asked for once more (track --retry-failed): it runs again
  await coordinator.build({ id: "job-ok", data: { kind: "ok" }, again: true, priority: FIRST_PRIORITY }, () => {});
  assert.equal(calls.get("ok"), 2);
  await coordinator.close();
  await worker.close();
});

test("Redis restarting in the middle: the worker and the coordinator reconnect and finish every job", async () => {
  const started: string[] = [];
  const worker = await startWorker<{ n: number }>(url, { name: "w2", concurrency: 1 }, async (data) => {
    started.push(String(data.n));
    await new Promise((r) => setTimeout(r, 1500));
    return 100 + data.n;
  });
  const coordinator = await openCoordinator(url);
  const jobs = [1, 2, 3].map((n) => ({ id: `restart-${n}`, data: { n }, priority: FIRST_PRIORITY }));
  const run = Promise.all(jobs.map((j) => coordinator.build(j, () => {})));
  while (started.length === 0) await new Promise((r) => setTimeout(r, 50));
  const port = new URL(url).port;
  execFileSync("bash", [SCRIPT, "stop", dir]);
  await new Promise((r) => setTimeout(r, 1000));
  execFileSync("bash", [SCRIPT, "start", dir, port]);
  const outcomes: JobResult[] = await run;
  assert.deepEqual(
    outcomes,
    [101, 102, 103].map((buildId) => ({ ok: true, buildId })),
  );
  await coordinator.close();
  await worker.close();
});

test("no Redis at the URL, or not a Redis URL: a cause and a fix, at once", async () => {
  for (const open of [() => openCoordinator("redis://127.0.0.1:1"), () => startWorker("redis://127.0.0.1:1", { name: "w", concurrency: 1 }, async () => 0)]) {
    await assert.rejects(
      open(),
      (e: unknown) => e instanceof UserError && /^cannot reach the queue at redis:\/\/127\.0\.0\.1:1: /.test(e.message) && /local-redis\.sh/.test(e.hint ?? ""),
    );
  }
  await assert.rejects(openCoordinator("http://127.0.0.1:6379"), (e: unknown) => e instanceof UserError && /is not a Redis URL/.test(e.message));
});

test("a worker takes the waiting job it prefers next, whatever the queue's order", async () => {
  // jobs 0..5 in queue order; after job 0 the worker prefers the highest waiting number
  const order: number[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const worker = await startWorker<{ n: number }>(
    url,
    { name: "w3", concurrency: 1, prefer: (_done, waiting) => [...waiting].sort((a, b) => b.data.n - a.data.n)[0]?.id ?? null },
    async (data) => {
      order.push(data.n);
      if (data.n === 0) await gate;
      return data.n;
    },
  );
  const coordinator = await openCoordinator(url);
  const first = coordinator.build({ id: "prefer-0", data: { n: 0 }, priority: FIRST_PRIORITY }, () => {});
  while (order.length === 0) await new Promise((r) => setTimeout(r, 20));
  // the rest are queued while job 0 runs: by priority the queue would hand out 1, 2, ... 5
  const rest = [1, 2, 3, 4, 5].map((n) => coordinator.build({ id: `prefer-${n}`, data: { n }, priority: FIRST_PRIORITY + n }, () => {}));
  await new Promise((r) => setTimeout(r, 300));
  release();
  await Promise.all([first, ...rest]);
  assert.deepEqual(order, [0, 5, 4, 3, 2, 1]);
  await coordinator.close();
  await worker.close();
});
