// The farm's queue on a real Redis (started by scripts/local-redis.sh): a job is enqueued once
// per id, a cause a worker names ends its job at once, a crash is retried with backoff, and a
// job that finished before the coordinator listened is still reported.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { type JobOutcome, openCoordinator, startWorker } from "../../src/adapters/build-queue.js";
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
  const worker = await startWorker<{ kind: string }>(url, "w1", 2, async (data, progress) => {
    calls.set(data.kind, (calls.get(data.kind) ?? 0) + 1);
    progress({ phase: "compile", compiled: 1 });
    if (data.kind === "unreachable") throw new UserError("commit 0123abcd is in none of this worker's repositories", "fetch it");
    if (data.kind === "flaky" && calls.get("flaky") === 1) throw new Error("the machine hiccuped");
    return data.kind === "flaky" ? 9 : 7;
  });
  const coordinator = await openCoordinator(url);
  const outcomes: JobOutcome[] = [];
  const progressed = new Set<string>();
  const jobs = [
    { id: "job-ok", data: { kind: "ok" } },
    { id: "job-ok", data: { kind: "ok" } },
    { id: "job-unreachable", data: { kind: "unreachable" } },
    { id: "job-flaky", data: { kind: "flaky" } },
  ];
  await coordinator.run(
    jobs,
    (id, p) => progressed.add(`${id} ${p.worker} ${p.phase}`),
    async (o) => void outcomes.push(o),
  );
  const by = new Map(outcomes.map((o) => [o.id, o.result]));
  assert.equal(outcomes.length, 3, "the same id twice is one job");
  assert.deepEqual(by.get("job-ok"), { ok: true, buildId: 7 });
  assert.deepEqual(by.get("job-flaky"), { ok: true, buildId: 9 });
  const bad = by.get("job-unreachable");
  assert.ok(bad && !bad.ok && /w1: commit 0123abcd is in none of this worker's repositories \(fetch it\)/.test(bad.cause), JSON.stringify(bad));
  assert.deepEqual(Object.fromEntries(calls), { ok: 1, unreachable: 1, flaky: 2 }, "a named cause is not retried; a crash is");
  assert.ok(progressed.has("job-ok w1 compile"), [...progressed].join("; "));
  // asked for again: a finished job is reported from the queue, not built again
  const again: JobOutcome[] = [];
  await coordinator.run([{ id: "job-ok", data: { kind: "ok" } }], () => {}, async (o) => void again.push(o));
  assert.deepEqual(again, [{ id: "job-ok", result: { ok: true, buildId: 7 } }]);
  assert.equal(calls.get("ok"), 1);
  // asked for once more (track --retry-failed): it runs again
  await coordinator.run([{ id: "job-ok", data: { kind: "ok" }, again: true }], () => {}, async () => {});
  assert.equal(calls.get("ok"), 2);
  await coordinator.close();
  await worker.close();
});

test("Redis restarting in the middle: the worker and the coordinator reconnect and finish every job", async () => {
  const started: string[] = [];
  const worker = await startWorker<{ n: number }>(url, "w2", 1, async (data) => {
    started.push(String(data.n));
    await new Promise((r) => setTimeout(r, 1500));
    return 100 + data.n;
  });
  const coordinator = await openCoordinator(url);
  const outcomes: JobOutcome[] = [];
  const jobs = [1, 2, 3].map((n) => ({ id: `restart-${n}`, data: { n } }));
  const run = coordinator.run(jobs, () => {}, async (o) => void outcomes.push(o));
  while (started.length === 0) await new Promise((r) => setTimeout(r, 50));
  const port = new URL(url).port;
  execFileSync("bash", [SCRIPT, "stop", dir]);
  await new Promise((r) => setTimeout(r, 1000));
  execFileSync("bash", [SCRIPT, "start", dir, port]);
  await run;
  assert.deepEqual(outcomes.map((o) => o.result).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))), [101, 102, 103].map((buildId) => ({ ok: true, buildId })));
  await coordinator.close();
  await worker.close();
});

test("no Redis at the URL, or not a Redis URL: a cause and a fix, at once", async () => {
  for (const open of [() => openCoordinator("redis://127.0.0.1:1"), () => startWorker("redis://127.0.0.1:1", "w", 1, async () => 0)]) {
    await assert.rejects(open(), (e: unknown) => e instanceof UserError && /^cannot reach the queue at redis:\/\/127\.0\.0\.1:1: /.test(e.message) && /local-redis\.sh/.test(e.hint ?? ""));
  }
  await assert.rejects(openCoordinator("http://127.0.0.1:6379"), (e: unknown) => e instanceof UserError && /is not a Redis URL/.test(e.message));
});
