// track on real kernels: a tarball series (Debian's 6.1 and 6.12) through one persistent tree,
// killed with SIGKILL in the middle and run again. The rerun rebuilds nothing stored, loses
// nothing, and every tracked (incremental) build measures exactly as a single clean build.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { kbloatOk, ROOT, showJson, tarball, testDb } from "./kernel-env.js";

const single = testDb("single");
const tracked = testDb("track");
const tarballs = [tarball("6.1"), tarball("6.12")];

interface SeriesJson {
  builds: { id: number; name: string; status: string; content: number; total: number; how: string; delta: number | null }[];
}

function builds(db: string): { name: string; status: string }[] {
  return JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(() => {
  for (const t of tarballs) kbloatOk(single, ["build", t]);
});

describe("track over Debian's 6.1 and 6.12 sources", () => {
  let killedAfter: string[] = [];
  let series: SeriesJson;

  test("SIGKILL in the middle of the second build loses nothing", async () => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", tracked, "track", ...tarballs], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    let exit: number | string | null = null;
    const exited = new Promise<void>((r) => child.on("exit", (code, signal) => r(void (exit = code ?? signal))));
    // wait until the first revision is stored and make is compiling the second (with a warm
    // ccache that phase lasts only seconds, so the kill follows right after it starts)
    for (let i = 0; i < 3600 && exit === null && !/\[6\.12\.\d+@tiny\] compile \(/.test(stderr); i++) await sleep(500);
    assert.equal(exit, null, `track ended on its own (${exit}) before it could be killed:\n${stderr}`);
    assert.match(stderr, /\[track\] 1\/2 revisions done/);
    await sleep(1500);
    child.kill("SIGKILL");
    await exited;
    killedAfter = builds(tracked).map((b) => `${b.name} ${b.status}`);
    assert.equal(killedAfter.length, 1, "the first build is stored, the interrupted one is not");
    const raw = new Database(tracked, { readonly: true });
    assert.equal(raw.pragma("integrity_check", { simple: true }), "ok");
    raw.close();
  });

  test("the rerun builds only what is missing", () => {
    series = JSON.parse(kbloatOk(tracked, ["--format", "json", "track", ...tarballs]));
    assert.deepEqual(
      series.builds.map((b) => b.how),
      ["stored", "built"],
    );
    assert.equal(builds(tracked).length, 2);
    assert.equal(series.builds[1].delta, series.builds[1].content - series.builds[0].content);
  });

  test("tracked builds measure exactly as single builds of the same sources", () => {
    const singles = builds(single);
    for (const b of series.builds) {
      const one = singles.find((s) => s.name === b.name) as { name: string };
      assert.ok(one, b.name);
      const a = showJson(single, one.name, "symbol");
      const t = showJson(tracked, b.name, "symbol");
      assert.deepEqual(t.totals, a.totals, `${b.name}: totals, image and content`);
      assert.deepEqual(t.rows, a.rows, `${b.name}: every symbol`);
    }
  });
});

describe("two tracks on one database at the same time", () => {
  test("both finish; one builds, the other waits and finds it stored; nothing is duplicated", async () => {
    const shared = testDb("track-twice");
    const run = () => {
      const child = spawn(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", shared, "--format", "json", "track", tarballs[1]], {
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => {
        stdout += d;
      });
      child.stderr.on("data", (d) => {
        stderr += d;
      });
      return new Promise<{ code: number | null; stdout: string; stderr: string }>((r) => child.on("exit", (code) => r({ code, stdout, stderr })));
    };
    const [a, b] = await Promise.all([run(), run()]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const hows = [a, b].map((x) => (JSON.parse(x.stdout) as SeriesJson).builds.map((p) => p.how)[0]).sort();
    assert.deepEqual(hows, ["built", "stored"]);
    assert.match(a.stderr + b.stderr, /waiting for kbloat \(pid \d+\), which is building in/);
    const ids = [a, b].map((x) => (JSON.parse(x.stdout) as SeriesJson).builds[0].id);
    assert.equal(ids[0], ids[1]);
    assert.equal(builds(shared).length, 1);
    const raw = new Database(shared, { readonly: true });
    assert.equal(raw.pragma("integrity_check", { simple: true }), "ok");
    raw.close();
  });
});
