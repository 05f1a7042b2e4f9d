// The hall of shame: rankings per commit, author and subsystem, growth and shrinkage kept apart,
// and every byte of the culprits accounted for.

import assert from "node:assert/strict";
import { test } from "node:test";
import { computeContentBySubsystem, computeShame, diffContentBySubsystem, NO_SUBSYSTEM, type ShameCulprit } from "../../src/core/shame.js";

const c = (commit: string, author: string, delta: number, bySubsystem = [{ name: "MM", delta }]): ShameCulprit => ({
  commit,
  commits: [commit],
  author,
  delta,
  bySubsystem,
  subject: `subject ${commit}`,
  date: "2024-01-01",
});

const culprits = [
  c("c1", "Ann", 8192),
  c("c2", "Bob", 4096, [
    { name: "MM", delta: 5000 },
    { name: "SCHED", delta: -904 },
  ]),
  c("c3", "Ann", -8192, [{ name: "NET", delta: -8192 }]),
  c("c4", "Cid", 4096),
];

test("by commit: largest growth first, ties by name; removals thanked, largest first", () => {
  const r = computeShame(culprits, "commit");
  assert.deepEqual(
    r.shame.map((x) => [x.name, x.bytes]),
    [
      ["c1", 8192],
      ["c2", 4096],
      ["c4", 4096],
    ],
  );
  assert.deepEqual(
    r.thanks.map((x) => [x.name, x.bytes]),
    [["c3", -8192]],
  );
  assert.equal(r.shame[0].subject, "subject c1");
  assert.equal(r.net, 8192);
});

test("by author: an author who added and removed is on both lists", () => {
  const r = computeShame(culprits, "author");
  assert.deepEqual(
    r.shame.map((x) => [x.name, x.bytes, x.commits]),
    [
      ["Ann", 8192, ["c1"]],
      ["Bob", 4096, ["c2"]],
      ["Cid", 4096, ["c4"]],
    ],
  );
  assert.deepEqual(
    r.thanks.map((x) => [x.name, x.bytes]),
    [["Ann", -8192]],
  );
});

test("by subsystem: where the bytes landed, summing to the net", () => {
  const r = computeShame(culprits, "subsystem");
  assert.deepEqual(
    r.shame.map((x) => [x.name, x.bytes, x.commits.length]),
    [["MM", 17288, 3]],
  );
  assert.deepEqual(
    r.thanks.map((x) => [x.name, x.bytes]),
    [
      ["NET", -8192],
      ["SCHED", -904],
    ],
  );
  const sum = [...r.shame, ...r.thanks].reduce((s, x) => s + x.bytes, 0);
  assert.equal(sum, r.net);
});

test("content by subsystem: objects without one are their own row, and the diff sums to the content change", () => {
  const subsystems = new Map([["mm/slub.o", "MM"]]);
  const base = computeContentBySubsystem(
    [
      { path: "mm/slub.o", text: 10, data: 2, bss: 1 },
      { path: "init/main.o", text: 5, data: 0, bss: 0 },
    ],
    subsystems,
  );
  const head = computeContentBySubsystem(
    [
      { path: "mm/slub.o", text: 30, data: 2, bss: 1 },
      { path: "init/foo.o", text: 1, data: 0, bss: 0 },
    ],
    subsystems,
  );
  assert.deepEqual(
    base,
    new Map([
      ["MM", 13],
      [NO_SUBSYSTEM, 5],
    ]),
  );
  assert.deepEqual(diffContentBySubsystem(base, head), [
    { name: "MM", delta: 20 },
    { name: NO_SUBSYSTEM, delta: -4 },
  ]);
});

test("no culprits: empty lists and a zero net", () => {
  assert.deepEqual(computeShame([], "author"), { by: "author", shame: [], thanks: [], net: 0 });
});
