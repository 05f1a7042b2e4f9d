// Aliases are one set of bytes: symbols of one address, size and kind are one row, named by the
// most telling name; bloat-o-meter still counts every name, as the kernel's script does.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { renderBloatOMeter } from "../../src/core/bloat-o-meter.js";
import { computeBreakdown } from "../../src/core/breakdown.js";
import type { SymbolSize } from "../../src/core/measurement.js";
import { checkRollupSums } from "../../src/core/rollup.js";
import { foldSymbolAliases, symbolRowName } from "../../src/core/symbol-aliases.js";

const symbols: SymbolSize[] = [
  { name: "__pi_early_dynamic_pgts", type: "b", size: 262144, addr: "ffffffff83a00000" },
  { name: "early_dynamic_pgts", type: "B", size: 262144, addr: "ffffffff83a00000" },
  { name: "memcpy", type: "T", size: 64, addr: "ffffffff81001000" },
  { name: "__memcpy", type: "T", size: 64, addr: "ffffffff81001000" },
  // same address, another size: a different thing (a table and its first entry)
  { name: "table_head", type: "D", size: 8, addr: "ffffffff82000000" },
  { name: "table", type: "D", size: 128, addr: "ffffffff82000000" },
  // no address recorded (a build stored before addresses were): taken one by one
  { name: "old_a", type: "T", size: 10 },
  { name: "old_b", type: "T", size: 10 },
  { name: "zero", type: "t", size: 0, addr: "ffffffff81000000" },
  { name: "abs", type: "A", size: 4, addr: "1000" },
];

describe("symbol aliases", () => {
  test("are folded by address, size and kind, under the best name", () => {
    const folded = foldSymbolAliases(symbols).map((s) => [symbolRowName(s), s.size]);
    assert.deepEqual(folded, [
      ["early_dynamic_pgts (= __pi_early_dynamic_pgts)", 262144],
      ["memcpy (= __memcpy)", 64],
      ["table_head", 8],
      ["table", 128],
      ["old_a", 10],
      ["old_b", 10],
    ]);
  });

  test("--by symbol counts each set of bytes once, and still adds up to size's totals", () => {
    const totals = { text: 4096, data: 4096, bss: 524288, total: 532480 };
    const rows = computeBreakdown(
      { totals, content: null, linkerMade: null, image: null, sections: [], symbols, objects: [], subsystems: new Map() },
      { by: "symbol", depth: 1 },
    );
    checkRollupSums(rows, totals);
    assert.equal(rows.find((r) => r.name === "[unattributed]")?.bss, 524288 - 262144, "the bss alias is not counted twice");
  });

  test("bloat-o-meter counts every name, as the kernel's script does", () => {
    const out = renderBloatOMeter([], symbols);
    assert.match(out, /^early_dynamic_pgts +- +262144 +\+262144$/m);
    assert.match(out, /^__pi_early_dynamic_pgts +- +262144 +\+262144$/m);
  });
});
