// Breakdowns at every grain add up to size's totals; a diff is a breakdown against a base.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type BreakdownInput, computeBreakdown, diffBreakdowns, GRAINS, limitRows } from "../../src/core/breakdown.js";
import { checkRollupSums, UNATTRIBUTED } from "../../src/core/rollup.js";

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
    assert.deepEqual(names(1), ["kernel", "mm", ".", UNATTRIBUTED]);
    assert.deepEqual(names(2), ["kernel/sched", "mm", "kernel", ".", UNATTRIBUTED]);
  });

  test("objects without a subsystem and linker padding are both [unattributed]", () => {
    const rows = computeBreakdown(measurement(), { by: "subsystem", depth: 1 });
    const un = rows.find((r) => r.name === UNATTRIBUTED);
    assert.equal(un?.size, 16384 - 3200 - 1110);
  });

  test("--top folds the rest into one row and keeps the sum", () => {
    const rows = limitRows(computeBreakdown(measurement(), { by: "object", depth: 1 }), 1);
    assert.deepEqual(rows.map((r) => r.name), ["kernel/sched/core.o", "[3 more]", UNATTRIBUTED]);
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
    assert.deepEqual(rows.map((r) => r.name), [".text", ".data", "[2 more]"]);
    checkRollupSums(rows, m.totals);
  });
});

describe("diff", () => {
  test("rows that changed, largest growth first; padding absorbs what content gained", () => {
    const rows = diffBreakdowns(computeBreakdown(measurement(), { by: "object", depth: 1 }), computeBreakdown(measurement(300), { by: "object", depth: 1 }));
    assert.deepEqual(rows, [
      { name: "kernel/fork.o", old: 1110, new: 1410, delta: 300 },
      { name: UNATTRIBUTED, old: 16384 - 6390, new: 16384 - 6690, delta: -300 },
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
