// Options renamed or split between releases, found from where their objects went, folded into
// one diff row; an option that dies and leaves a small file to a big new one is not a rename.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { diffBreakdowns, computeBreakdown } from "../../src/core/breakdown.js";
import type { ObjectSize } from "../../src/core/measurement.js";
import { findOptionRenames, foldOptionRenames, type OptionSide } from "../../src/core/option-renames.js";

const side = (objects: [path: string, bytes: number, option: string][]): OptionSide & { objects: ObjectSize[] } => ({
  objects: objects.map(([path, text]) => ({ path, text, data: 0, bss: 0 })),
  options: new Map(objects.map(([path, , option]) => [path, option])),
});

const base = side([
  ["drivers/old/a.o", 300, "CONFIG_OLD_NAME"],
  ["drivers/old/b.o", 200, "CONFIG_OLD_NAME"],
  ["kernel/s/c.o", 400, "CONFIG_SPLIT"],
  ["kernel/s/d.o", 100, "CONFIG_SPLIT"],
  ["mm/e.o", 1000, "CONFIG_DEAD"],
  ["mm/f.o", 10, "CONFIG_DEAD"],
  ["init/main.o", 5000, "[obj-y]"],
]);
const head = side([
  ["drivers/old/a.o", 320, "CONFIG_NEW_NAME"],
  ["drivers/old/b.o", 200, "CONFIG_NEW_NAME"],
  ["kernel/s/c.o", 400, "CONFIG_SPLIT_CORE"],
  ["kernel/s/d.o", 150, "CONFIG_SPLIT_EXTRA"],
  ["mm/f.o", 10, "CONFIG_BIG_NEW"],
  ["mm/g.o", 5000, "CONFIG_BIG_NEW"],
  ["init/main.o", 5100, "[obj-y]"],
]);

const measured = (s: OptionSide & { objects: ObjectSize[] }) => {
  const total = s.objects.reduce((n, o) => n + o.text, 0);
  return {
    totals: { text: total, data: 0, bss: 0, total },
    content: total,
    linkerMade: null,
    image: null,
    sections: [],
    symbols: [],
    objects: s.objects,
    subsystems: new Map(),
    options: s.options,
  };
};

describe("options renamed or split", () => {
  test("a rename and a split are found; a dead option whose one small file went to a new one is not", () => {
    assert.deepEqual(findOptionRenames(base, head), [
      { from: ["CONFIG_OLD_NAME"], to: ["CONFIG_NEW_NAME"] },
      { from: ["CONFIG_SPLIT"], to: ["CONFIG_SPLIT_CORE", "CONFIG_SPLIT_EXTRA"] },
    ]);
  });

  test("folded, each is one row with its growth, and the rows still add up", () => {
    const by = { by: "option" as const, depth: 1 };
    const rows = diffBreakdowns(computeBreakdown(measured(base), by), computeBreakdown(measured(head), by));
    const folded = foldOptionRenames(rows, findOptionRenames(base, head));
    assert.deepEqual(
      folded.map((r) => [r.name, r.old, r.new, r.delta]),
      [
        ["CONFIG_BIG_NEW", 0, 5010, 5010],
        ["[obj-y]", 5000, 5100, 100],
        ["CONFIG_SPLIT → CONFIG_SPLIT_CORE, CONFIG_SPLIT_EXTRA", 500, 550, 50],
        ["CONFIG_OLD_NAME → CONFIG_NEW_NAME", 500, 520, 20],
        ["CONFIG_DEAD", 1010, 0, -1010],
      ],
    );
    const sum = (rs: { delta: number }[]) => rs.reduce((n, r) => n + r.delta, 0);
    assert.equal(sum(folded), sum(rows));
  });

  test("two options merged into one are one row; the same options in both builds are no rename", () => {
    const a = side([
      ["x/1.o", 100, "CONFIG_A"],
      ["x/2.o", 100, "CONFIG_B"],
    ]);
    const b = side([
      ["x/1.o", 100, "CONFIG_AB"],
      ["x/2.o", 120, "CONFIG_AB"],
    ]);
    assert.deepEqual(findOptionRenames(a, b), [{ from: ["CONFIG_A", "CONFIG_B"], to: ["CONFIG_AB"] }]);
    assert.deepEqual(findOptionRenames(a, a), []);
  });
});
