import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { ObjectSize } from "../../src/core/measurement.js";
import { checkRollupSums, computeRollup, directoryOf, type RollupRow, UNATTRIBUTED } from "../../src/core/rollup.js";

function obj(path: string, text: number, data: number, bss: number): ObjectSize {
  return { path, text, data, bss };
}

function row(name: string, text: number, data: number, bss: number): RollupRow {
  return { name, text, data, bss, size: text + data + bss };
}

const OBJECTS = [
  obj("kernel/sched/core.o", 1000, 200, 30),
  obj("kernel/fork.o", 500, 50, 5),
  obj("mm/slub.o", 800, 100, 0),
  obj("arch/x86/kernel/head_64.o", 300, 0, 4096),
  obj(".vmlinux.export.o", 0, 64, 0),
];

function sumOf(objects: ObjectSize[]) {
  return objects.reduce((s, o) => ({ text: s.text + o.text, data: s.data + o.data, bss: s.bss + o.bss }), {
    text: 0,
    data: 0,
    bss: 0,
  });
}

describe("computeRollup", () => {
  test("objects that add up to the parent exactly leave no [unattributed] row", () => {
    const parent = sumOf(OBJECTS);
    const rows = computeRollup(OBJECTS, (p) => directoryOf(p, 1), parent);
    checkRollupSums(rows, parent);
    assert.deepEqual(rows, [row("arch", 300, 0, 4096), row("kernel", 1500, 250, 35), row("mm", 800, 100, 0), row(".", 0, 64, 0)]);
  });

  test("what the parent holds beyond the objects lands in [unattributed], last", () => {
    const parent = { text: 10_000, data: 500, bss: 5000 };
    const rows = computeRollup(OBJECTS, (p) => directoryOf(p, 2), parent);
    checkRollupSums(rows, parent);
    assert.deepEqual(rows, [
      row("arch/x86", 300, 0, 4096),
      row("kernel/sched", 1000, 200, 30),
      row("mm", 800, 100, 0),
      row("kernel", 500, 50, 5),
      row(".", 0, 64, 0),
      row(UNATTRIBUTED, 10_000 - 2600, 500 - 414, 5000 - 4131),
    ]);
  });

  test("objects without a key and the remainder share the [unattributed] row", () => {
    const parent = { text: 3000, data: 414, bss: 4131 };
    const keyOf = (p: string) => (p.startsWith("kernel/") ? "KERNEL" : null);
    const rows = computeRollup(OBJECTS, keyOf, parent);
    checkRollupSums(rows, parent);
    assert.deepEqual(rows, [row("KERNEL", 1500, 250, 35), row(UNATTRIBUTED, 1500, 164, 4096)]);
  });

  test("[unattributed] goes negative when the objects hold more than the parent", () => {
    const parent = { text: 2000, data: 414, bss: 4131 };
    const rows = computeRollup(OBJECTS, (p) => directoryOf(p, 1), parent);
    checkRollupSums(rows, parent);
    assert.deepEqual(rows.at(-1), row(UNATTRIBUTED, -600, 0, 0));
  });

  test("rows of equal size are in name order", () => {
    const objects = [obj("b/x.o", 10, 0, 0), obj("a/x.o", 0, 10, 0), obj("c/x.o", 0, 0, 20)];
    const parent = sumOf(objects);
    const rows = computeRollup(objects, (p) => directoryOf(p, 1), parent);
    checkRollupSums(rows, parent);
    assert.deepEqual(
      rows.map((r) => r.name),
      ["c", "a", "b"],
    );
  });

  test("no objects: everything is [unattributed], or nothing at all", () => {
    const parent = { text: 7, data: 0, bss: 1 };
    const rows = computeRollup([], () => "x", parent);
    checkRollupSums(rows, parent);
    assert.deepEqual(rows, [row(UNATTRIBUTED, 7, 0, 1)]);
    const empty = { text: 0, data: 0, bss: 0 };
    const none = computeRollup([], () => "x", empty);
    checkRollupSums(none, empty);
    assert.deepEqual(none, []);
  });
});

describe("directoryOf", () => {
  test("gives the first directories of an object path", () => {
    assert.equal(directoryOf("arch/x86/kernel/head_64.o", 1), "arch");
    assert.equal(directoryOf("arch/x86/kernel/head_64.o", 2), "arch/x86");
    assert.equal(directoryOf("arch/x86/kernel/head_64.o", 3), "arch/x86/kernel");
  });

  test("gives all the directories of a shallower path, and '.' for a top-level file", () => {
    assert.equal(directoryOf("arch/x86/kernel/head_64.o", 9), "arch/x86/kernel");
    assert.equal(directoryOf("init/main.o", 2), "init");
    assert.equal(directoryOf(".vmlinux.export.o", 1), ".");
    assert.equal(directoryOf("./init/main.o", 1), "init");
  });

  test("rejects a depth below 1", () => {
    assert.throws(() => directoryOf("init/main.o", 0), RangeError);
  });
});

describe("checkRollupSums", () => {
  const parent = { text: 10, data: 20, bss: 30 };

  test("accepts rows that add up", () => {
    checkRollupSums([row("a", 4, 20, 0), row("b", 6, 0, 30)], parent);
  });

  test("names the column that does not add up", () => {
    assert.throws(() => checkRollupSums([row("a", 10, 20, 29)], parent), /bss/);
    assert.throws(() => checkRollupSums([row("a", 10, 19, 30)], parent), /data/);
    assert.throws(() => checkRollupSums([row("a", 11, 20, 30)], parent), /text/);
  });

  test("rejects a row whose size is not its columns' sum", () => {
    assert.throws(() => checkRollupSums([{ name: "a", text: 10, data: 20, bss: 30, size: 59 }], parent), /size/);
  });
});
