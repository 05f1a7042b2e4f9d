// What a module costs once it is loaded: its allocated sections laid out as the kernel's module
// loader lays them out (kernel/module/main.c: layout_sections, module_get_offset_and_type,
// module_memory_alloc), each region rounded up to whole pages. The loader first drops SHF_ALLOC
// from .modinfo and __versions (they stay in the file), marks .data..ro_after_init and
// __jump_table read-only after init, and puts .init* sections (and .exit* when modules cannot
// be unloaded) in init regions, which are freed once the module's init has run.
// Not counted: the copy of the symbol table that CONFIG_KALLSYMS keeps for a module (layout_symtab).

import { type ElfSection, SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE } from "./elf.js";

/** the kernel's SHF_RO_AFTER_INIT, a flag of its own that the loader sets */
const SHF_RO_AFTER_INIT = 0x00200000;

export type ModuleRegion = "text" | "rodata" | "ro_after_init" | "data" | "init_text" | "init_rodata" | "init_data";
export const CORE_REGIONS: ModuleRegion[] = ["text", "rodata", "ro_after_init", "data"];
const INIT_REGIONS: ModuleRegion[] = ["init_text", "init_rodata", "init_data"];

export interface ModuleLayout {
  /** bytes per region before rounding, as the loader sums them (each section aligned to its sh_addralign) */
  regions: Record<ModuleRegion, number>;
  /** the core regions each rounded up to pages: what stays allocated while it is loaded */
  loaded: number;
  /** the init regions each rounded up to pages: allocated while it loads, freed after init */
  init: number;
}

/** A module a build made (`make modules`), as a module loader and `size` see it. */
export interface BuiltModule {
  /** the .ko, build-tree relative: fs/ext4/ext4.ko */
  path: string;
  /** bytes of the .ko file */
  file: number;
  /** `size` of the .ko (its allocated sections, as binutils classes them) */
  text: number;
  data: number;
  bss: number;
  /** ModuleLayout.loaded and .init */
  loaded: number;
  init: number;
  /** the objects it is linked from (its .mod file) */
  objects: string[];
}

type LayoutSection = Pick<ElfSection, "name" | "flags" | "size" | "addralign">;

/** masks of __layout_sections, in its order: must have the first, must not have the second (ARCH_SHF_SMALL is 0 but on ia64) */
const MASKS: [number, number, ModuleRegion, ModuleRegion | null][] = [
  [SHF_EXECINSTR | SHF_ALLOC, 0, "text", "init_text"],
  [SHF_ALLOC, SHF_WRITE, "rodata", "init_rodata"],
  [SHF_RO_AFTER_INIT | SHF_ALLOC, 0, "ro_after_init", null],
  [SHF_WRITE | SHF_ALLOC, 0, "data", "init_data"],
  [SHF_ALLOC, 0, "data", "init_data"],
];

export function layOutModule(sections: readonly LayoutSection[], o: { moduleUnload: boolean; pageSize: number }): ModuleLayout {
  const flagsOf = (s: LayoutSection) => {
    if (s.name === ".modinfo" || s.name === "__versions") return s.flags & ~SHF_ALLOC;
    if (s.name === ".data..ro_after_init" || s.name === "__jump_table") return s.flags | SHF_RO_AFTER_INIT;
    return s.flags;
  };
  const isInit = (name: string) => name.startsWith(".init") || (!o.moduleUnload && name.startsWith(".exit"));
  const regions = Object.fromEntries([...CORE_REGIONS, ...INIT_REGIONS].map((r) => [r, 0])) as Record<ModuleRegion, number>;
  const placed = new Set<number>();
  for (const init of [false, true]) {
    for (const [must, mustNot, core, initRegion] of MASKS) {
      const region = init ? initRegion : core;
      for (const [i, s] of sections.entries()) {
        const f = flagsOf(s);
        if ((f & must) !== must || (f & mustNot) !== 0 || placed.has(i) || isInit(s.name) !== init) continue;
        // no init region is read-only after init: the kernel warns, and a later mask takes the section
        if (region === null) continue;
        placed.add(i);
        const align = s.addralign || 1;
        regions[region] = Math.ceil(regions[region] / align) * align + s.size;
      }
    }
  }
  const pages = (n: number) => Math.ceil(n / o.pageSize) * o.pageSize;
  const sum = (rs: ModuleRegion[]) => rs.reduce((t, r) => t + pages(regions[r]), 0);
  return { regions, loaded: sum(CORE_REGIONS), init: sum(INIT_REGIONS) };
}

/** What the modules keep allocated once loaded, and what moving `left` bytes out saves with them loaded and not. */
export function netSaving(p: { left: number | null; modules: readonly Pick<BuiltModule, "loaded">[] }): {
  loaded: number;
  ifLoaded: number | null;
  ifNotLoaded: number | null;
} {
  const loaded = p.modules.reduce((t, m) => t + m.loaded, 0);
  return { loaded, ifLoaded: p.left === null ? null : p.left - loaded, ifNotLoaded: p.left };
}
