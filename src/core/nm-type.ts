// nm's one-letter symbol type, computed the way binutils does (bfd_decode_symclass
// over the section flags BFD derives from an ELF section header).

const STB_LOCAL = 0;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const STB_GNU_UNIQUE = 10;
const STT_OBJECT = 1;
const STT_COMMON = 5;
const STT_GNU_IFUNC = 10;
const SHT_NOBITS = 8;
const SHF_WRITE = 0x1;
const SHF_ALLOC = 0x2;
const SHF_EXECINSTR = 0x4;
const SHN_UNDEF = 0;
const SHN_ABS = 0xfff1;
const SHN_COMMON = 0xfff2;

export interface NmTypeInput {
  bind: number;
  kind: number;
  shndx: number;
  section?: { name: string; type: number; flags: number };
}

/** The letter BFD gives a symbol in a section of this name, type and flags (lower case). */
export function computeSectionLetter(section: { name: string; type: number; flags: number }): string {
  // binutils' coff_section_type table: only MSVC section names remain in it.
  for (const [prefix, letter] of MSVC_SECTIONS) if (section.name.startsWith(prefix)) return letter;
  const alloc = (section.flags & SHF_ALLOC) !== 0;
  const hasContents = section.type !== SHT_NOBITS;
  const load = alloc && hasContents;
  const readonly = (section.flags & SHF_WRITE) === 0;
  const code = (section.flags & SHF_EXECINSTR) !== 0;
  if (code) return "t";
  if (load) return readonly ? "r" : "d"; // SEC_DATA
  if (!hasContents) return "b";
  if (isDebugSection(section.name)) return "N";
  if (readonly) return "n";
  return "?";
}

const MSVC_SECTIONS: [string, string][] = [
  [".drectve", "i"],
  [".edata", "e"],
  [".idata", "i"],
  [".pdata", "p"],
];

function isDebugSection(name: string): boolean {
  return (
    name.startsWith(".debug") ||
    name.startsWith(".gnu.debuglto_.debug_") ||
    name.startsWith(".gnu.linkonce.wi.") ||
    name.startsWith(".zdebug") ||
    name.startsWith(".line") ||
    name.startsWith(".stab") ||
    name === ".gdb_index"
  );
}

export function computeNmType(s: NmTypeInput): string {
  if (s.shndx === SHN_COMMON) return "C";
  if (s.shndx === SHN_UNDEF) {
    if (s.bind === STB_WEAK) return s.kind === STT_OBJECT || s.kind === STT_COMMON ? "v" : "w";
    return "U";
  }
  if (s.kind === STT_GNU_IFUNC) return "i";
  // BFD flags STT_COMMON symbols as objects too
  if (s.bind === STB_WEAK) return s.kind === STT_OBJECT || s.kind === STT_COMMON ? "V" : "W";
  if (s.bind === STB_GNU_UNIQUE) return "u";
  if (s.bind !== STB_LOCAL && s.bind !== STB_GLOBAL) return "?";
  let c: string;
  if (s.shndx === SHN_ABS || !s.section) c = "a";
  else c = computeSectionLetter(s.section);
  return s.bind === STB_GLOBAL ? c.toUpperCase() : c;
}
