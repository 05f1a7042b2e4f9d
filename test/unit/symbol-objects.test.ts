// computeSymbolObjects on hand-made input sections: the half-open bounds, the output section
// a symbol is searched in, sections that count toward no object, and many sections at once.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { InputSection } from "../../src/core/link-map.js";
import type { SectionClass } from "../../src/core/measurement.js";
import { computeSymbolObjects } from "../../src/core/symbol-objects.js";

const BASE = 0xffffffff81000000n; // beyond a double's exact range, as kernel addresses are
const input = (output: string, offset: number, size: number, file: string): InputSection => ({ output, name: output, addr: BASE + BigInt(offset), size, file });
const classes = new Map<string, SectionClass>([
  [".text", "text"],
  [".data", "data"],
]);
const at = (section: string, offset: number) => ({ section, value: BASE + BigInt(offset) });

test("a symbol belongs to the input section that covers its address, bounds half-open", () => {
  // listed out of address order, as a link map's sections of another output section may be
  const inputs = [input(".text", 0x100, 0x40, "b.o"), input(".text", 0, 0x100, "a.o"), input(".data", 0, 0x10, "c.o")];
  const symbols = [at(".text", 0), at(".text", 0xff), at(".text", 0x100), at(".text", 0x13f), at(".text", 0x140), at(".data", 0x8)];
  assert.deepEqual(computeSymbolObjects(symbols, inputs, classes), ["a.o", "a.o", "b.o", "b.o", null, "c.o"]);
});

test("only sections that count toward an object are searched, in the symbol's own output section", () => {
  const inputs = [
    input(".text", 0, 0, "empty.o"), // zero-sized: it holds nothing
    input(".text", 0, 0x10, "a.o"),
    input(".comment", 0x20, 0x10, "note.o"), // not allocated: in no ObjectSize
    input(".data", 0x20, 0x10, "d.o"),
  ];
  const symbols = [at(".text", 0), at(".comment", 0x24), at(".text", 0x24), at("", 0x24), { section: ".text", value: 0n }];
  assert.deepEqual(computeSymbolObjects(symbols, inputs, classes), ["a.o", null, null, null, null]);
});

test("thousands of sections and symbols: each symbol finds its own", () => {
  const inputs = Array.from({ length: 5000 }, (_, i) => input(".text", i * 32, 24, `o${i}.o`)).reverse();
  const symbols = Array.from({ length: 5000 }, (_, i) => at(".text", i * 32 + (i % 24)));
  const owners = computeSymbolObjects(symbols, inputs, classes);
  owners.forEach((o, i) => assert.equal(o, `o${i}.o`));
  assert.deepEqual(computeSymbolObjects([at(".text", 5 * 32 + 24)], inputs, classes), [null], "in the gap between two sections");
});
