// objtool's tables in vmlinux.o (IBT, clang LTO): each entry's bytes go to the object whose code
// its 32-bit self-relative offset points into; ORC's unwind data follows its addresses.

import assert from "node:assert/strict";
import { test } from "node:test";
import type { InputSection } from "../../src/core/link-map.js";
import type { SectionClass } from "../../src/core/measurement.js";
import { attributeObjtoolTables, type SectionBytes } from "../../src/core/objtool-tables.js";

const code = (file: string, addr: number, size: number): InputSection => ({ output: ".text", name: ".text", addr: BigInt(addr), size, file });
const table = (name: string, output: string, addr: number, size: number): InputSection => ({ output, name, addr: BigInt(addr), size, file: "vmlinux.o" });
const classes = new Map<string, SectionClass>([
  [".text", "text"],
  [".call_sites", "data"],
  [".orc_unwind_ip", "data"],
  [".orc_unwind", "data"],
]);

/** 32-bit little-endian offsets from each entry (at base + i·stride) to its target */
function entries(base: number, stride: number, targets: number[]): SectionBytes {
  const bytes = new Uint8Array(targets.length * stride);
  const view = new DataView(bytes.buffer);
  targets.forEach((t, i) => view.setInt32(i * stride, t - (base + i * stride), true));
  return { addr: BigInt(base), bytes, littleEndian: true };
}

const rows = (xs: InputSection[]) => xs.map((s) => [s.name, s.file, Number(s.addr), s.size]);

test("call sites go to the objects they point into; one pointing nowhere stays vmlinux.o's", () => {
  const inputs = [code("a.o", 0x1000, 0x10), code("b.o", 0x1010, 0x10), table(".call_sites", ".call_sites", 0x2000, 16)];
  const sections = new Map([[".call_sites", entries(0x2000, 4, [0x1004, 0x100c, 0x1014, 0x9000])]]);
  assert.deepEqual(rows(attributeObjtoolTables(inputs, "vmlinux.o", sections, classes)), [
    [".text", "a.o", 0x1000, 0x10],
    [".text", "b.o", 0x1010, 0x10],
    [".call_sites", "a.o", 0x2000, 8],
    [".call_sites", "b.o", 0x2008, 4],
    [".call_sites", "vmlinux.o", 0x200c, 4],
  ]);
});

test("ORC's unwind entries (6 bytes) go where their addresses (4 bytes) point", () => {
  const inputs = [
    code("a.o", 0x1000, 0x10),
    code("b.o", 0x1010, 0x10),
    table(".orc_unwind_ip", ".orc_unwind_ip", 0x3000, 8),
    table(".orc_unwind", ".orc_unwind", 0x4000, 12),
  ];
  const sections = new Map([
    [".orc_unwind_ip", entries(0x3000, 4, [0x1018, 0x1001])],
    [".orc_unwind", { addr: 0x4000n, bytes: new Uint8Array(12), littleEndian: true }],
  ]);
  const out = attributeObjtoolTables(inputs, "vmlinux.o", sections, classes);
  assert.deepEqual(rows(out.filter((s) => s.name.startsWith(".orc"))), [
    [".orc_unwind_ip", "b.o", 0x3000, 4],
    [".orc_unwind_ip", "a.o", 0x3004, 4],
    [".orc_unwind", "b.o", 0x4000, 6],
    [".orc_unwind", "a.o", 0x4006, 6],
  ]);
  assert.equal(
    out.reduce((n, s) => n + s.size, 0),
    inputs.reduce((n, s) => n + s.size, 0),
    "every byte stays counted once",
  );
});

test("without vmlinux.o's tables, or their bytes, nothing changes", () => {
  const inputs = [code("a.o", 0x1000, 0x10), table(".call_sites", ".call_sites", 0x2000, 8)];
  assert.deepEqual(attributeObjtoolTables(inputs.slice(0, 1), "vmlinux.o", new Map(), classes), inputs.slice(0, 1));
  assert.deepEqual(attributeObjtoolTables(inputs, "vmlinux.o", new Map(), classes), inputs);
});
