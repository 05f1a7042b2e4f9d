// A vmlinux linked from one relocatable object. Under CONFIG_X86_KERNEL_IBT or CONFIG_LTO_CLANG
// (scripts/link-vmlinux.sh) the final link takes vmlinux.o, which `ld -r` made from vmlinux.a,
// so the final map names one object only. vmlinux.o's own map says which objects each of its
// sections holds: put the two together and every byte is an object's again.

import type { InputSection, OutputSection } from "./link-map.js";

/** The object the kernel's final link takes instead of vmlinux.a's members, as its map names it. */
export const RELOCATABLE_VMLINUX = "vmlinux.o";

/** True when the final link took a relocatable object whose own map is needed for per-object sizes. */
export function linksRelocatable(inputs: readonly InputSection[], relocatable = RELOCATABLE_VMLINUX): boolean {
  return inputs.some((s) => s.file === relocatable && s.size > 0);
}

/**
 * The final link's input sections with each section of `relocatable` replaced by the input
 * sections that `ld -r` put into it, at their final addresses. Sections of the same name are
 * paired in order (ld -r keeps section groups apart, and both links keep file order). The final
 * link may shrink a section (merged strings, relaxation): what lies past its new end is gone, so
 * parts are clipped there and a duplicate string costs the object that repeats it nothing. It may
 * also add bytes of its own to the first input of a section (the build-id note), and ld -r may
 * have made a section with no input: such bytes stay with the relocatable, as linker-made.
 */
export function expandRelocatable(inputs: readonly InputSection[], relocatable: string, parts: readonly OutputSection[]): InputSection[] {
  const byName = new Map<string, OutputSection[]>();
  for (const o of parts) {
    const list = byName.get(o.name);
    if (list) list.push(o);
    else byName.set(o.name, [o]);
  }
  const out: InputSection[] = [];
  for (const s of inputs) {
    if (s.file !== relocatable) {
      out.push(s);
      continue;
    }
    const part = byName.get(s.name)?.shift();
    if (!part) {
      if (s.size > 0) out.push(s);
      continue;
    }
    out.push(...placeParts(s, part));
  }
  return out;
}

/**
 * The parts of one section of the relocatable at their final addresses, clipped at its final end;
 * what the final link added past the section's ld -r size stays with the relocatable.
 */
function placeParts(s: InputSection, part: OutputSection): InputSection[] {
  const placed: InputSection[] = [];
  for (const p of part.inputs) {
    const offset = Number(p.addr - part.addr);
    const size = Math.min(p.size, s.size - offset);
    if (size > 0) placed.push({ output: s.output, name: p.name, addr: s.addr + BigInt(offset), size, file: p.file });
  }
  const claimed = placed.length ? Math.min(part.size, s.size) : 0;
  if (s.size > claimed) placed.push({ ...s, addr: s.addr + BigInt(claimed), size: s.size - claimed });
  return placed;
}
