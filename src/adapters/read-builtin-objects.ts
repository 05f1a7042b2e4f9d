// Without a link map: the built-in objects listed in kbuild's thin archive vmlinux.a, each
// sized by its own allocated sections. This is what the objects bring to the link, before the
// linker drops the sections the kernel discards, so it is no measure of content.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArchiveMembers } from "../core/ar-archive.js";
import { parseElfSections, SHF_ALLOC } from "../core/elf.js";
import type { ObjectSize, SectionClass } from "../core/measurement.js";
import { computeSectionClass } from "../core/size-totals.js";

const DISCARDED = /^\.(discard|exitcall\.exit|modinfo|note\.gnu\.property|eh_frame)/;

/**
 * `outputClass`: the class of each of vmlinux's allocated sections. An input section counts as
 * the output section its name falls under (`.rodata.str1.1` under `.rodata`), as `size` would
 * count it in vmlinux; a name that falls under none keeps its own class.
 */
export function readBuiltinObjects(buildDir: string, outputClass: Map<string, SectionClass>): ObjectSize[] | null {
  const archive = join(buildDir, "vmlinux.a");
  if (!existsSync(archive)) return null;
  const objects: ObjectSize[] = [];
  for (const path of parseArchiveMembers(readFileSync(archive))) {
    const file = join(buildDir, path);
    if (!existsSync(file)) continue;
    const o: ObjectSize = { path, text: 0, data: 0, bss: 0 };
    for (const s of parseElfSections(readFileSync(file))) {
      if ((s.flags & SHF_ALLOC) !== 0 && s.size > 0 && !DISCARDED.test(s.name)) o[classOf(s.name, outputClass) ?? computeSectionClass(s)] += s.size;
    }
    objects.push(o);
  }
  return objects;
}

function classOf(input: string, outputClass: Map<string, SectionClass>): SectionClass | undefined {
  for (let name = input; name; name = name.slice(0, Math.max(0, name.lastIndexOf(".")))) {
    const c = outputClass.get(name);
    if (c) return c;
  }
  return undefined;
}
