// One kbloat at a time in a build tree: kbloats that start at the same moment take the lock one
// after another, never two at once; a lock left by a kbloat that was killed is taken over.

import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, test } from "node:test";
import { acquireBuildLock } from "../../src/adapters/build-lock.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** A process that waits for a start time, takes the lock, holds it 100 ms and logs both ends. */
const HOLDER = `
import { appendFileSync } from "node:fs";
import { acquireBuildLock } from ${JSON.stringify(join(ROOT, "src", "adapters", "build-lock.ts"))};
const [dir, log, at] = process.argv.slice(-3);
await new Promise((r) => setTimeout(r, Number(at) - Date.now() - 50));
while (Date.now() < Number(at)); // spin: all start within microseconds of each other
const lock = await acquireBuildLock(dir, () => {});
appendFileSync(log, "take " + process.pid + " " + performance.timeOrigin + performance.now() + "\\n");
await new Promise((r) => setTimeout(r, 100));
appendFileSync(log, "free " + process.pid + " " + performance.timeOrigin + performance.now() + "\\n");
lock.release();
`;

describe("the build-tree lock", () => {
  test("eight kbloats started at the same moment hold the tree one after another", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kbloat-lock-"));
    const log = join(dir, "log");
    const script = join(dir, "holder.mts");
    writeFileSync(script, HOLDER);
    writeFileSync(log, "");
    const at = String(Date.now() + 2500);
    const runs = Array.from({ length: 8 }, () =>
      spawn(process.execPath, ["--import", "tsx", script, join(dir, "tree"), log, at], { cwd: ROOT, stdio: "inherit" }),
    );
    await Promise.all(runs.map((p) => new Promise((r) => p.on("exit", r))));
    const events = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(" "));
    assert.equal(events.length, 16, "each took and freed the lock");
    // in time order, every take is followed by the same process's free: nobody else in between
    for (let i = 0; i < events.length; i += 2) {
      assert.equal(events[i][0], "take");
      assert.deepEqual([events[i + 1][0], events[i + 1][1]], ["free", events[i][1]], `held by ${events[i][1]} and another at once`);
    }
  });

  test("a lock whose kbloat is gone is taken over", async () => {
    const dir = mkdtempSync(join(tmpdir(), "kbloat-lock-"));
    const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
    writeFileSync(join(dir, ".kbloat-lock"), JSON.stringify({ pid: Number(gone.stdout), makeGroup: null }));
    const lock = await acquireBuildLock(dir, () => {});
    assert.equal(JSON.parse(readFileSync(join(dir, ".kbloat-lock"), "utf8")).pid, process.pid);
    lock.release();
  });
});
