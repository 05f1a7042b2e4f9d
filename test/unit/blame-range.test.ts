// blame's decisions in milliseconds: a planted history of 20 commits (two culprits, churn, a
// span that does not build, documentation-only commits and noise), real git and a real SQLite
// store, with only make scripted (scripted-history.ts). The real-kernel truth is blame.test.ts.

import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { type BlameResult, blameRange } from "../../src/app/blame-range.js";
import type { BuildStore } from "../../src/app/build-record.js";
import type { AppEvent } from "../../src/app/events.js";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { type PlantedCommit, plantHistory, recipe, scriptedBuilder, symbolsText } from "./scripted-history.js";

const MAINTAINERS = "INIT\nM:\tInit Person <init@example.org>\nF:\tinit/\n\nMEMORY MANAGEMENT\nM:\tMm Person <mm@example.org>\nF:\tmm/\n";
const THRESHOLD = 1024;

// the sizes of the symbols as each commit leaves them
const init: Record<string, [string, number]> = { start_kernel: ["T", 4000], init_data: ["d", 800] };
const mm: Record<string, [string, number]> = { kmem_cache_alloc: ["T", 3000], slab_caches: ["b", 512] };
const text = (o: Record<string, [string, number]>) => symbolsText(Object.entries(o).map(([n, [t, s]]) => [n, t, s]));

const commits: PlantedCommit[] = [];
const commit = (subject: string, change: () => void, extra: Record<string, string | null> = {}) => {
  change();
  commits.push({ subject, files: { "init/main.c": text(init), "mm/slab.c": text(mm), ...extra } });
};
commit("base", () => {}, { MAINTAINERS, "Documentation/README": "docs 0\n" });
for (let i = 1; i <= 20; i++) {
  if (i === 6) commit("mm: add a <b>debug</b> table to every slab", () => void (mm.slab_debug_table = ["D", 4096]));
  else if (i === 10)
    commit("init: split start_kernel", () => {
      init.start_kernel = ["T", 2000];
      init.init_rest = ["T", 2000];
    });
  else if (i === 14)
    commit("init: drop init_data, shrink start_kernel", () => {
      delete init.init_data;
      init.start_kernel = ["T", 500];
    });
  else if (i === 16) commit("mm: half a rework (does not build)", () => void (mm.slab_rework = ["T", 2048]), { BROKEN: "mm/slab.c:1:1: error: boom" });
  else if (i === 17) commit("mm: finish the rework", () => {}, { BROKEN: null });
  else if (i % 3 === 0) commits.push({ subject: `Documentation: update ${i}`, files: { "Documentation/README": `docs ${i}\n` } });
  else commit(`mm: tune ${i}`, () => void (mm.kmem_cache_alloc = ["T", mm.kmem_cache_alloc[1] + 8]));
}

describe("blame over a planted history", () => {
  const { repo, shas } = plantHistory(commits);
  const subjectAt = (i: number) => commits[i].subject;
  let store: BuildStore;
  const scripted = scriptedBuilder();
  const events: AppEvent[] = [];
  let result: BlameResult;

  before(async () => {
    store = openSqliteStore(join(mkdtempSync(join(tmpdir(), "kbloat-blame-")), "kbloat.db"));
    result = await blameRange(
      { range: `${shas[0]}..${shas[20]}`, repo, threshold: THRESHOLD, recipe },
      store,
      "/nonexistent-cache",
      (e) => events.push(e),
      scripted.open,
    );
  });

  test("names the two culprits, with their bytes, symbols and subsystems", () => {
    const named = result.culprits.filter((c) => c.commits.length === 1);
    assert.deepEqual(
      named.map((c) => [c.commits[0].subject, c.delta, c.subsystems]),
      [
        [subjectAt(6), 4096, ["MEMORY MANAGEMENT"]],
        [subjectAt(14), -2300, ["INIT"]],
      ],
    );
    assert.deepEqual(named[0].symbols, [{ name: "slab_debug_table", delta: 4096 }]);
    assert.deepEqual(named[1].symbols, [
      { name: "start_kernel", delta: -1500 },
      { name: "init_data", delta: -800 },
    ]);
    assert.deepEqual(named[0].sizeDelta, { text: 0, data: 4096, bss: 0, total: 4096 }, "size's dec moves by the table; text is padded");
  });

  test("what hides behind a build that fails is named as the span of commits up to one that builds", () => {
    const span = result.culprits.filter((c) => c.commits.length > 1);
    assert.deepEqual(
      span.map((c) => [c.commits.map((x) => x.subject), c.delta]),
      [[[subjectAt(16), subjectAt(17)], 2048]],
    );
    assert.deepEqual(
      result.skipped.map((r) => r.sha),
      [shas[16]],
    );
  });

  test("moving bytes between symbols is churn, not a culprit", () => {
    assert.deepEqual(
      result.churn.map((c) => [c.commits.map((x) => x.subject), c.delta, c.gross]),
      [[[subjectAt(10)], 0, 4000]],
    );
  });

  test("the parts add up to the range's change, which is the ends' content", async () => {
    const [base, head] = [result.ends.base.figures?.content as number, result.ends.head.figures?.content as number];
    assert.equal(result.totalDelta, head - base);
    assert.equal(result.culprits.reduce((a, c) => a + c.delta, 0) + result.belowThreshold, result.totalDelta);
    assert.equal(result.belowThreshold, 8 * commits.filter((c) => c.subject.startsWith("mm: tune")).length);
  });

  test("documentation-only commits are pruned, and the search stays within its bound", () => {
    const docs = commits.slice(1).filter((c) => c.subject.startsWith("Documentation")).length;
    assert.equal(result.commits, 20);
    assert.equal(result.pruned, docs);
    const relevant = result.commits - result.pruned;
    const k = result.culprits.length;
    assert.ok(result.builds <= 2 * k * Math.log2(relevant) + 2, `${result.builds} builds for ${k} culprits in ${relevant} commits`);
    assert.equal(new Set(scripted.built).size, scripted.built.length, "no revision built twice");
    for (const sha of scripted.built) assert.ok(!commits[shas.indexOf(sha)].subject.startsWith("Documentation"), "a pruned commit was built");
    assert.ok(events.some((e) => e.kind === "note" && e.message.startsWith("[blame] building ")));
  });

  test("the culprits are stored for shame, one per commit, with the two builds around each", async () => {
    const stored = await store.listCulprits();
    assert.deepEqual(stored.map((c) => c.commit).sort(), [shas[6], shas[14], shas[16]].sort());
    const table = stored.find((c) => c.commit === shas[6]);
    assert.equal(table?.subject, subjectAt(6), "the subject as text, markup and all");
    assert.deepEqual(table?.bySubsystem, [{ name: "MEMORY MANAGEMENT", delta: 4096 }]);
  });

  test("a second run builds nothing and finds the same", async () => {
    const before = scripted.built.length;
    const again = await blameRange(
      { range: `${shas[0]}..${shas[20]}`, repo, threshold: THRESHOLD, recipe },
      store,
      "/nonexistent-cache",
      () => {},
      scripted.open,
    );
    assert.equal(scripted.built.length, before);
    assert.deepEqual(
      again.culprits.map((c) => [c.commits.map((x) => x.sha), c.delta]),
      result.culprits.map((c) => [c.commits.map((x) => x.sha), c.delta]),
    );
  });

  test("a range whose head does not build is refused, saying which build to look at", async () => {
    await assert.rejects(
      blameRange({ range: `${shas[0]}..${shas[16]}`, repo, threshold: THRESHOLD, recipe }, store, "/nonexistent-cache", () => {}, scripted.open),
      (e: Error & { hint?: string }) => /the head of .* does not build/.test(e.message) && /kbloat show \d+/.test(e.hint ?? ""),
    );
  });
});
