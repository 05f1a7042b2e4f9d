// `size` (Berkeley format) and `size -A` computed from section headers, as binutils does:
// allocated sections that are code or read-only count as text, other allocated sections
// with contents as data, allocated sections without contents (NOBITS) as bss.

import { type ElfSection, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE, SHT_NOBITS } from "./elf.js";
import type { SectionClass, SectionSize, SizeTotals } from "./measurement.js";

export function computeSectionClass(s: Pick<ElfSection, "type" | "flags">): SectionClass {
  if ((s.flags & SHF_EXECINSTR) !== 0 || (s.flags & SHF_WRITE) === 0) return "text";
  return s.type === SHT_NOBITS ? "bss" : "data";
}

/** The allocated sections, in file order, with the sizes and addresses `size -A` prints for them
 * (`size -A` also lists non-allocated sections such as .comment; those are not part of the kernel proper). */
export function computeSectionSizes(sections: ElfSection[]): SectionSize[] {
  return sections
    .filter((s) => (s.flags & SHF_ALLOC) !== 0)
    .map((s) => ({ name: s.name, size: s.size, addr: s.addr.toString(), class: computeSectionClass(s) }));
}

export function computeSizeTotals(sections: SectionSize[]): SizeTotals {
  const t = { text: 0, data: 0, bss: 0, total: 0 };
  for (const s of sections) t[s.class] += s.size;
  t.total = t.text + t.data + t.bss;
  return t;
}
