// Breakdowns at every grain add up to size's totals; a diff is a breakdown against a base.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type BreakdownInput, computeBreakdown, diffBreakdowns, GRAINS, limitRows } from "../../src/core/breakdown.js";
import { checkRollupSums, LINKER_MADE, LINKER_PADDING, NOT_IN_OBJECTS, UNATTRIBUTED } from "../../src/core/rollup.js";

function measurement(extra = 0): BreakdownInput {
  const objects = [
    { path: "kernel/fork.o", text: 1000 + extra, data: 100, bss: 10 },
    { path: "kernel/sched/core.o", text: 3000, data: 200, bss: 0 },
    { path: "mm/slub.o", text: 2000, data: 0, bss: 64 },
    { path: ".vmlinux.export.o", text: 0, data: 16, bss: 0 },
  ];
  return {
    totals: { text: 8192, data: 4096, bss: 4096, total: 16384 },
    content: objects.reduce((s, o) => s + o.text + o.data + o.bss, 0),
    linkerMade: { text: 0, data: 0, bss: 1024 },
    image: 5000,
    sections: [
      { name: ".text", size: 8192, addr: "0", class: "text" },
      { name: ".data", size: 4096, addr: "8192", class: "data" },
      { name: ".bss", size: 4096, addr: "12288", class: "bss" },
    ],
    symbols: [
      { name: "copy_process", type: "T", size: 900 + extra },
      { name: "init_task", type: "D", size: 64 },
      { name: "zero_label", type: "t", size: 0 },
      { name: "abs_sym", type: "A", size: 4 },
    ],
    objects,
    subsystems: new Map([
      ["kernel/fork.o", "FORK"],
      ["kernel/sched/core.o", "SCHEDULER"],
    ]),
  };
}

describe("breakdowns", () => {
  for (const by of GRAINS) {
    test(`--by ${by} adds up to size's totals`, () => {
      checkRollupSums(computeBreakdown(measurement(), { by, depth: 1 }), measurement().totals);
    });
  }

  test("--by dir at depth 1 and 2", () => {
    const names = (depth: number) => computeBreakdown(measurement(), { by: "dir", depth }).map((r) => r.name);
    assert.deepEqual(names(1), ["kernel", "mm", ".", LINKER_MADE, LINKER_PADDING]);
    assert.deepEqual(names(2), ["kernel/sched", "mm", "kernel", ".", LINKER_MADE, LINKER_PADDING]);
  });

  test("objects without a subsystem are [unattributed] content; what no object holds is the linker's own bytes and its padding", () => {
    const rows = computeBreakdown(measurement(), { by: "subsystem", depth: 1 });
    const size = (name: string) => rows.find((r) => r.name === name)?.size;
    assert.equal(size(UNATTRIBUTED), 6390 - 3200 - 1110, "mm/slub.o and .vmlinux.export.o");
    assert.deepEqual(
      rows.find((r) => r.name === LINKER_MADE),
      { name: LINKER_MADE, text: 0, data: 0, bss: 1024, size: 1024 },
    );
    assert.deepEqual(
      rows.find((r) => r.name === LINKER_PADDING),
      { name: LINKER_PADDING, text: 8192 - 6000, data: 4096 - 316, bss: 4096 - 74 - 1024, size: 16384 - 6390 - 1024 },
    );
    assert.deepEqual(
      rows.slice(-3).map((r) => r.name),
      [UNATTRIBUTED, LINKER_MADE, LINKER_PADDING],
    );
  });

  test("--by symbol: content in no sized symbol is [unattributed], apart from the linker's rows", () => {
    const rows = computeBreakdown(measurement(), { by: "symbol", depth: 1 });
    assert.equal(rows.find((r) => r.name === UNATTRIBUTED)?.size, 6390 - 900 - 64, "an absolute symbol holds no bytes");
    assert.equal(rows.find((r) => r.name === LINKER_PADDING)?.size, 16384 - 6390 - 1024);
  });

  test("a build stored before the linker's bytes were told apart from padding has one row for both", () => {
    const m = { ...measurement(), linkerMade: null };
    const rows = computeBreakdown(m, { by: "dir", depth: 1 });
    assert.deepEqual(
      rows.map((r) => r.name),
      ["kernel", "mm", ".", NOT_IN_OBJECTS],
    );
    assert.equal(rows.at(-1)?.size, 16384 - 6390);
    checkRollupSums(rows, m.totals);
  });

  test("without objects (no link map) all but the symbols is one [unattributed] row", () => {
    const m = { ...measurement(), objects: [], content: null, linkerMade: null };
    assert.deepEqual(
      computeBreakdown(m, { by: "dir", depth: 1 }).map((r) => [r.name, r.size]),
      [[UNATTRIBUTED, 16384]],
    );
    const bySymbol = computeBreakdown(m, { by: "symbol", depth: 1 });
    assert.equal(bySymbol.at(-1)?.size, 16384 - 964);
    checkRollupSums(bySymbol, m.totals);
  });

  test("--top folds the rest into one row and keeps the sum", () => {
    const rows = limitRows(computeBreakdown(measurement(), { by: "object", depth: 1 }), 1);
    assert.deepEqual(
      rows.map((r) => r.name),
      ["kernel/sched/core.o", "[3 more]", LINKER_MADE, LINKER_PADDING],
    );
    checkRollupSums(rows, measurement().totals);
  });

  test("--top keeps the largest rows, in their own order: sections stay in address order", () => {
    const m = measurement();
    m.sections = [
      { name: ".text", size: 8000, addr: "0", class: "text" },
      { name: ".pci_fixup", size: 192, addr: "8000", class: "text" },
      { name: ".data", size: 4096, addr: "8192", class: "data" },
      { name: ".bss", size: 4096, addr: "12288", class: "bss" },
    ];
    const rows = limitRows(computeBreakdown(m, { by: "section", depth: 1 }), 2);
    // .bss and .data tie: the one first in address order is kept
    assert.deepEqual(
      rows.map((r) => r.name),
      [".text", ".data", "[2 more]"],
    );
    checkRollupSums(rows, m.totals);
  });
});

describe("diff", () => {
  test("rows that changed, largest growth first; padding absorbs what content gained", () => {
    const rows = diffBreakdowns(computeBreakdown(measurement(), { by: "object", depth: 1 }), computeBreakdown(measurement(300), { by: "object", depth: 1 }));
    assert.deepEqual(rows, [
      { name: "kernel/fork.o", old: 1110, new: 1410, delta: 300 },
      { name: LINKER_PADDING, old: 16384 - 6390 - 1024, new: 16384 - 6690 - 1024, delta: -300 },
    ]);
  });

  test("added and removed rows count from zero", () => {
    const a = [{ name: "x", text: 5, data: 0, bss: 0, size: 5 }];
    const b = [{ name: "y", text: 7, data: 0, bss: 0, size: 7 }];
    assert.deepEqual(diffBreakdowns(a, b), [
      { name: "y", old: 0, new: 7, delta: 7 },
      { name: "x", old: 5, new: 0, delta: -5 },
    ]);
  });
});
