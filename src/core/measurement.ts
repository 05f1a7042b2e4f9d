// The Measurement of one vmlinux: what `size`, `size -A`, `nm` and the link map say about it.

/** `size`'s Berkeley totals: text, data, bss and their sum (`dec`). */
export interface SizeTotals {
  text: number;
  data: number;
  bss: number;
  total: number;
}

/** Bytes split by `size`'s Berkeley columns. */
export interface Columns {
  text: number;
  data: number;
  bss: number;
}

/** Which of `size`'s Berkeley columns an allocated section counts in. */
export type SectionClass = "text" | "data" | "bss";

export interface SectionSize {
  name: string;
  size: number;
  /** virtual address, as `size -A` prints it (decimal string: 64-bit addresses exceed doubles) */
  addr: string;
  class: SectionClass;
}

export interface SymbolSize {
  name: string;
  /** nm's one-letter type */
  type: string;
  size: number;
  /** st_value in hex (symbols that share an address and size are aliases of one set of bytes); absent when not recorded */
  addr?: string;
  /**
   * path of the object (an ObjectSize's path) whose input section holds the symbol; null when
   * none does (absolute or linker-script symbols); absent when unknown (no link map was read)
   */
  object?: string | null;
}

/** One object file's bytes in the kernel proper, split by the class of the output section they landed in. */
export interface ObjectSize {
  path: string;
  text: number;
  data: number;
  bss: number;
}

export interface Measurement {
  totals: SizeTotals;
  /** bytes that input sections really occupy: `total` without linker padding and reservations; null without a link map */
  content: number | null;
  /**
   * bytes the linker script itself writes or reserves (data statements, `. += N`), by class;
   * what `size` counts beyond content and these is linker padding. Null without a link map.
   */
  linkerMade: Columns | null;
  /** boot image file bytes (bzImage on x86), null when there is none */
  image: number | null;
  sections: SectionSize[];
  symbols: SymbolSize[];
  objects: ObjectSize[];
}

export function objectTotal(o: ObjectSize): number {
  return o.text + o.data + o.bss;
}
