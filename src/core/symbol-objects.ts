// Which object file each symbol of vmlinux comes from: the one whose input section (from the
// link map) covers the symbol's address in the output section the symbol is defined in.
// This is what links the symbol grain to the object and directory grains.

import type { ElfSymbol } from "./elf.js";
import { type InputSection, isCounted } from "./link-map.js";
import type { SectionClass } from "./measurement.js";

interface Span {
  addr: bigint;
  end: bigint;
  file: string;
}

/**
 * For each symbol, in order, the path of the object that holds it (as `computeObjectSizes`
 * names it), or null when no counted input section covers its address: absolute and
 * linker-script symbols, or one just past the end of its section. Sorting the spans of each
 * output section once and searching them keeps a kernel's ~100k sections × ~85k symbols at
 * O(n log n).
 */
export function computeSymbolObjects(
  symbols: Pick<ElfSymbol, "value" | "section">[],
  inputs: InputSection[],
  outputClass: Map<string, SectionClass>,
): (string | null)[] {
  const spans = spansByOutput(inputs, outputClass);
  return symbols.map((sym) => {
    const list = spans.get(sym.section);
    if (!list) return null;
    const span = list[lastAtOrBelow(list, sym.value)];
    return span && sym.value < span.end ? span.file : null;
  });
}

/** Only the sections `computeObjectSizes` counts, so that every path named is an ObjectSize's. */
function spansByOutput(inputs: InputSection[], outputClass: Map<string, SectionClass>): Map<string, Span[]> {
  const byOutput = new Map<string, Span[]>();
  for (const s of inputs) {
    if (!isCounted(s, outputClass)) continue;
    let list = byOutput.get(s.output);
    if (!list) byOutput.set(s.output, (list = []));
    list.push({ addr: s.addr, end: s.addr + BigInt(s.size), file: s.file });
  }
  for (const list of byOutput.values()) list.sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
  return byOutput;
}

/** Index of the last span starting at or below `value`, -1 when all start above it. */
function lastAtOrBelow(list: Span[], value: bigint): number {
  let lo = 0;
  let hi = list.length; // invariant: list[0..lo) start <= value, list[hi..) start > value
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid].addr <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
