// A small ELF reader: section headers and the symbol table, ELF32/ELF64, both byte orders.
// Pure: it is handed the file's bytes. Symbol types follow binutils' nm (see nm-type.ts).

import { computeNmType } from "./nm-type.js";

export class ElfError extends Error {}

export const SHT_NOBITS = 8;
export const SHT_SYMTAB = 2;
export const SHT_SYMTAB_SHNDX = 18;
export const SHF_WRITE = 0x1;
export const SHF_ALLOC = 0x2;
export const SHF_EXECINSTR = 0x4;
export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

export interface ElfSymbol {
  name: string;
  /** st_value, except for common symbols: their size, as BFD and nm have it */
  value: bigint;
  size: number;
  /** nm's one-letter type (T, t, D, d, B, b, R, r, W, w, V, v, A, a, U, ?, ...) */
  type: string;
  /** name of the section the symbol is defined in, or "" */
  section: string;
}

export interface ElfFile {
  bits: 32 | 64;
  littleEndian: boolean;
  machine: number;
  sections: ElfSection[];
  /** symbols as nm lists them without -a: no section or file symbols, no null symbol */
  symbols: ElfSymbol[];
}

class Reader {
  private readonly view: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly le: boolean,
    readonly is64: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  check(offset: number, length: number, what: string): void {
    if (offset < 0 || length < 0 || offset + length > this.bytes.length) {
      throw new ElfError(`truncated ELF file: ${what} at offset ${offset} (+${length} bytes) lies past the end of the file (${this.bytes.length} bytes)`);
    }
  }
  u8(o: number): number {
    return this.view.getUint8(o);
  }
  u16(o: number): number {
    return this.view.getUint16(o, this.le);
  }
  u32(o: number): number {
    return this.view.getUint32(o, this.le);
  }
  u64(o: number): bigint {
    return this.view.getBigUint64(o, this.le);
  }
  /** a word: 4 bytes in ELF32, 8 in ELF64 */
  word(o: number): bigint {
    return this.is64 ? this.u64(o) : BigInt(this.u32(o));
  }
  num(o: number): number {
    const v = this.word(o);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfError(`corrupt ELF file: value ${v} at offset ${o} is out of range`);
    return Number(v);
  }
  cstr(o: number, end: number): string {
    let e = o;
    while (e < end && this.bytes[e] !== 0) e++;
    if (e >= end) throw new ElfError(`corrupt ELF file: unterminated string at offset ${o}`);
    return latin1(this.bytes, o, e);
  }
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  }
  return s;
}

function readHeader(bytes: Uint8Array): Reader {
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError("not an ELF file (no \\x7fELF magic at its start)");
  }
  if (bytes.length < 16) {
    throw new ElfError(`truncated ELF file: ELF identification at offset 0 (+16 bytes) lies past the end of the file (${bytes.length} bytes)`);
  }
  const cls = bytes[4];
  const data = bytes[5];
  if (cls !== 1 && cls !== 2) throw new ElfError(`corrupt ELF file: unknown class ${cls}`);
  if (data !== 1 && data !== 2) throw new ElfError(`corrupt ELF file: unknown byte order ${data}`);
  const r = new Reader(bytes, data === 1, cls === 2);
  r.check(0, r.is64 ? 64 : 52, "ELF header");
  return r;
}

function readSections(r: Reader): ElfSection[] {
  const shoff = r.num(r.is64 ? 0x28 : 0x20);
  const shentsize = r.u16(r.is64 ? 0x3a : 0x2e);
  let shnum = r.u16(r.is64 ? 0x3c : 0x30);
  let shstrndx = r.u16(r.is64 ? 0x3e : 0x32);
  if (shoff === 0) return [];
  const want = r.is64 ? 64 : 40;
  if (shentsize < want) throw new ElfError(`corrupt ELF file: section header entry size ${shentsize} < ${want}`);
  r.check(shoff, shentsize, "section header 0");
  if (shnum === 0) shnum = r.num(shoff + (r.is64 ? 0x20 : 0x14));
  if (shstrndx === SHN_XINDEX) shstrndx = r.u32(shoff + (r.is64 ? 0x28 : 0x18));
  r.check(shoff, shnum * shentsize, "section header table");
  const raw: Omit<ElfSection, "name">[] = [];
  const nameOffsets: number[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    nameOffsets.push(r.u32(o));
    if (r.is64) {
      raw.push({
        index: i,
        type: r.u32(o + 4),
        flags: Number(r.u64(o + 8) & 0xffffffffn),
        addr: r.u64(o + 0x10),
        offset: r.num(o + 0x18),
        size: r.num(o + 0x20),
        link: r.u32(o + 0x28),
        info: r.u32(o + 0x2c),
        addralign: r.num(o + 0x30),
        entsize: r.num(o + 0x38),
      });
    } else {
      raw.push({
        index: i,
        type: r.u32(o + 4),
        flags: r.u32(o + 8),
        addr: BigInt(r.u32(o + 0xc)),
        offset: r.u32(o + 0x10),
        size: r.u32(o + 0x14),
        link: r.u32(o + 0x18),
        info: r.u32(o + 0x1c),
        addralign: r.u32(o + 0x20),
        entsize: r.u32(o + 0x24),
      });
    }
  }
  const strtab = raw[shstrndx];
  if (!strtab) throw new ElfError(`corrupt ELF file: section name table index ${shstrndx} out of range`);
  r.check(strtab.offset, strtab.size, "section name table");
  return raw.map((s, i) => ({ ...s, name: r.cstr(strtab.offset + nameOffsets[i], strtab.offset + strtab.size) }));
}

const STT_SECTION = 3;
const STT_FILE = 4;

function readSymbols(r: Reader, sections: ElfSection[]): ElfSymbol[] {
  const symtab = sections.find((s) => s.type === SHT_SYMTAB);
  if (!symtab) return [];
  const strtab = sections[symtab.link];
  if (!strtab) throw new ElfError(`corrupt ELF file: .symtab links to missing string table ${symtab.link}`);
  r.check(symtab.offset, symtab.size, ".symtab");
  r.check(strtab.offset, strtab.size, ".strtab");
  const xindex = sections.find((s) => s.type === SHT_SYMTAB_SHNDX && s.link === symtab.index);
  if (xindex) r.check(xindex.offset, xindex.size, ".symtab_shndx");
  const entsize = r.is64 ? 24 : 16;
  const count = Math.floor(symtab.size / entsize);
  const strEnd = strtab.offset + strtab.size;
  const out: ElfSymbol[] = [];
  for (let i = 1; i < count; i++) {
    const o = symtab.offset + i * entsize;
    const info = r.u8(r.is64 ? o + 4 : o + 12);
    const kind = info & 0xf;
    if (kind === STT_SECTION || kind === STT_FILE) continue; // nm hides these (debugging symbols) without -a
    const bind = info >> 4;
    // a real section index from .symtab_shndx may be >= SHN_LORESERVE: only the raw field has reserved values
    const shndx = r.u16(r.is64 ? o + 6 : o + 14);
    let index = shndx > 0 && shndx < SHN_LORESERVE ? shndx : -1;
    if (shndx === SHN_XINDEX && xindex) index = r.u32(xindex.offset + i * 4);
    const size = r.is64 ? r.num(o + 16) : r.u32(o + 8);
    // BFD (and so nm) gives a common symbol its size as value: ELF's st_value is its alignment
    const value = shndx === SHN_COMMON ? BigInt(size) : r.is64 ? r.u64(o + 8) : BigInt(r.u32(o + 4));
    const name = r.cstr(strtab.offset + r.u32(o), strEnd);
    const section = index > 0 ? sections[index] : undefined;
    out.push({ name, value, size, section: section?.name ?? "", type: computeNmType({ bind, kind, shndx, section }) });
  }
  return out;
}

/** Just the section headers (no symbol table): for sizing many object files quickly. */
export function parseElfSections(bytes: Uint8Array): ElfSection[] {
  return readSections(readHeader(bytes));
}

/** The ELF header's class, byte order and machine (its first 64 bytes suffice). Throws ElfError on malformed input. */
export function parseElfHeader(bytes: Uint8Array): Pick<ElfFile, "bits" | "littleEndian" | "machine"> {
  const r = readHeader(bytes);
  return { bits: r.is64 ? 64 : 32, littleEndian: r.le, machine: r.u16(0x12) };
}

/** Parses an ELF file's section headers and symbol table. Throws ElfError on malformed input. */
export function parseElf(bytes: Uint8Array): ElfFile {
  const r = readHeader(bytes);
  const sections = readSections(r);
  return {
    bits: r.is64 ? 64 : 32,
    littleEndian: r.le,
    machine: r.u16(0x12),
    sections,
    symbols: readSymbols(r, sections),
  };
}
