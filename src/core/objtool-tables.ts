// objtool's tables of code addresses. When the kernel links vmlinux from vmlinux.o (IBT, clang
// LTO), objtool runs once on vmlinux.o and writes, for the whole kernel, the ORC unwind tables
// and the lists of call, return, retpoline, ENDBR and static call sites (1.9 MB of 18 MB on 6.12
// defconfig). Each entry exists for one place in one object's code and starts with a 32-bit
// offset from itself to that place, so an entry's bytes go to the object whose code it points
// into, as they would had objtool run on each object.

import type { InputSection } from "./link-map.js";
import type { SectionClass } from "./measurement.js";

interface Table {
  name: string;
  /** bytes per entry; the entry's first four are the offset to the code address */
  stride: number;
  /** a table whose i-th entry belongs with this one's i-th (ORC's unwind data with its addresses) */
  paired?: { name: string; stride: number };
}

const TABLES: Table[] = [
  { name: ".orc_unwind_ip", stride: 4, paired: { name: ".orc_unwind", stride: 6 } },
  { name: ".call_sites", stride: 4 },
  { name: ".return_sites", stride: 4 },
  { name: ".retpoline_sites", stride: 4 },
  { name: ".ibt_endbr_seal", stride: 4 },
  { name: ".static_call_sites", stride: 8 },
];

/** The bytes of an allocated output section of vmlinux, at its address. */
export interface SectionBytes {
  addr: bigint;
  bytes: Uint8Array;
  littleEndian: boolean;
}

/**
 * The input sections with each of objtool's tables that `owner` (vmlinux.o) holds split by the
 * object each entry points into; an entry that points into no object's code stays the owner's.
 */
export function attributeObjtoolTables(
  inputs: readonly InputSection[],
  owner: string,
  sections: ReadonlyMap<string, SectionBytes>,
  outputClass: ReadonlyMap<string, SectionClass>,
): InputSection[] {
  const held = (name: string) => inputs.find((s) => s.file === owner && s.name === name && s.size > 0);
  if (!TABLES.some((t) => held(t.name))) return [...inputs];
  const codeOwner = createCodeLookup(inputs, owner, outputClass);
  const replaced = new Map<InputSection, InputSection[]>();
  for (const t of TABLES) {
    const table = held(t.name);
    const entries = table && entryView(table, sections);
    if (!table || !entries || table.size % t.stride !== 0) continue;
    const owners: string[] = [];
    // addresses as numbers from the lowest code address: exact (a kernel spans far less than
    // 2^53 bytes), and a table of a million entries needs no BigInt per entry
    const at = Number(table.addr - codeOwner.base);
    for (let i = 0; i < table.size / t.stride; i++) {
      const offset = entries.view.getInt32(i * t.stride, entries.littleEndian);
      owners.push(codeOwner.find(at + i * t.stride + offset) ?? owner);
    }
    replaced.set(table, splitByOwner(table, t.stride, owners));
    const paired = t.paired && held(t.paired.name);
    if (t.paired && paired && paired.size === owners.length * t.paired.stride) replaced.set(paired, splitByOwner(paired, t.paired.stride, owners));
  }
  return inputs.flatMap((s) => replaced.get(s) ?? [s]);
}

/** The table's bytes in vmlinux, or null when its output section's contents are not at hand. */
function entryView(table: InputSection, sections: ReadonlyMap<string, SectionBytes>): { view: DataView; littleEndian: boolean } | null {
  const out = sections.get(table.output);
  if (!out) return null;
  const start = Number(table.addr - out.addr);
  if (start < 0 || start + table.size > out.bytes.length) return null;
  return { view: new DataView(out.bytes.buffer, out.bytes.byteOffset + start, table.size), littleEndian: out.littleEndian };
}

/** Runs of consecutive entries with one owner, as input sections of that owner. */
function splitByOwner(table: InputSection, stride: number, owners: string[]): InputSection[] {
  const out: InputSection[] = [];
  for (let i = 0; i < owners.length;) {
    let j = i + 1;
    while (j < owners.length && owners[j] === owners[i]) j++;
    out.push({ ...table, addr: table.addr + BigInt(i * stride), size: (j - i) * stride, file: owners[i] });
    i = j;
  }
  return out;
}

/** The object whose code holds an address (given from `base`): the input sections of text output sections, by address. */
function createCodeLookup(
  inputs: readonly InputSection[],
  owner: string,
  outputClass: ReadonlyMap<string, SectionClass>,
): { base: bigint; find: (offset: number) => string | null } {
  const code = inputs.filter((s) => s.size > 0 && s.file !== owner && outputClass.get(s.output) === "text");
  const base = code.reduce((lo, s) => (s.addr < lo ? s.addr : lo), code[0]?.addr ?? 0n);
  const spans = code.map((s) => ({ addr: Number(s.addr - base), end: Number(s.addr - base) + s.size, file: s.file })).sort((a, b) => a.addr - b.addr);
  const find = (addr: number) => {
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (spans[mid].addr <= addr) lo = mid + 1;
      else hi = mid;
    }
    const span = spans[lo - 1];
    return span && addr < span.end ? span.file : null;
  };
  return { base, find };
}
