// Reads a Measurement from files: vmlinux (ELF), its link map when there is one, the boot image.

import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { ElfError, type ElfFile, parseElf, parseElfHeader, SHT_NOBITS } from "../core/elf.js";
import { computeLinkerMade, computeObjectSizes, type InputSection, LinkMapError, parseLinkMapOutputs } from "../core/link-map.js";
import { type Columns, type Measurement, objectTotal, type SectionClass, type SymbolSize } from "../core/measurement.js";
import { attributeObjtoolTables } from "../core/objtool-tables.js";
import { computeSectionSizes, computeSizeTotals } from "../core/size-totals.js";
import { expandRelocatable, linksRelocatable, RELOCATABLE_VMLINUX } from "../core/relocatable-link.js";
import { computeSymbolObjects } from "../core/symbol-objects.js";
import { UserError } from "../core/user-error.js";

/**
 * `note` hears of what could not be measured: a link map kbloat cannot read (neither GNU ld's
 * nor ld.lld's) leaves the build without per-object sizes and content, not without a measurement.
 */
/** The ELF header of a kernel: its class and machine. */
export function readElfHeader(vmlinux: string): { bits: 32 | 64; machine: number } {
  const fd = openSync(vmlinux, "r");
  try {
    const head = Buffer.alloc(64);
    const n = readSync(fd, head, 0, 64, 0);
    return parseElfHeader(head.subarray(0, n));
  } catch (e) {
    if (e instanceof ElfError) throw new UserError(`cannot read ${vmlinux}: ${e.message}`, "pass an intact vmlinux (rebuild it if it was cut short)");
    throw e;
  } finally {
    closeSync(fd);
  }
}

/**
 * The input sections of the link that made vmlinux. When that link took vmlinux.o (IBT, clang
 * LTO), the objects come from vmlinux.o's own map beside it, which kbloat's linker wrapper writes,
 * and objtool's tables of code addresses in vmlinux.o go to the objects they point into.
 */
function readLinkMapInputs(
  linkMap: string,
  elf: ElfFile,
  file: Uint8Array,
  outputClass: Map<string, SectionClass>,
): { inputs: InputSection[]; linkerMade: Columns } {
  const outputs = parseLinkMapOutputs(readFileSync(linkMap, "latin1"));
  const linkerMade = computeLinkerMade(outputs, outputClass);
  const inputs = outputs.flatMap((o) => o.inputs);
  if (!linksRelocatable(inputs)) return { inputs, linkerMade };
  const partsMap = join(dirname(linkMap), `${RELOCATABLE_VMLINUX}.map`);
  if (!existsSync(partsMap)) {
    throw new LinkMapError(`the link took ${RELOCATABLE_VMLINUX}, and there is no ${partsMap} to say which objects it holds (kbloat build writes it)`);
  }
  const expanded = expandRelocatable(inputs, RELOCATABLE_VMLINUX, parseLinkMapOutputs(readFileSync(partsMap, "latin1")));
  const bytes = new Map(
    elf.sections
      .filter((x) => outputClass.has(x.name) && x.type !== SHT_NOBITS)
      .map((x) => [x.name, { addr: x.addr, bytes: file.subarray(x.offset, x.offset + x.size), littleEndian: elf.littleEndian }]),
  );
  return { inputs: attributeObjtoolTables(expanded, RELOCATABLE_VMLINUX, bytes, outputClass), linkerMade };
}

export function readMeasurement(vmlinux: string, linkMap: string | null, image: string | null, note: (message: string) => void = () => {}): Measurement {
  if (!existsSync(vmlinux)) throw new UserError(`${vmlinux} does not exist`, "pass the path of a linked vmlinux");
  if (!statSync(vmlinux).isFile()) throw new UserError(`${vmlinux} is not a file`, "pass the path of a linked vmlinux");
  let elf: ElfFile;
  const file = readFileSync(vmlinux);
  try {
    elf = parseElf(file);
  } catch (e) {
    if (e instanceof ElfError) throw new UserError(`cannot read ${vmlinux}: ${e.message}`, "pass an intact vmlinux (rebuild it if it was cut short)");
    throw e;
  }
  const sections = computeSectionSizes(elf.sections);
  if (sections.length === 0)
    throw new UserError(`${vmlinux} has no allocated sections: it is not a linked kernel`, "pass vmlinux from the top of a kernel build tree");
  const totals = computeSizeTotals(sections);
  const elfSymbols = elf.symbols.filter((s) => s.type !== "U" && s.type !== "w" && s.type !== "v");
  let owners: (string | null)[] | null = null;
  let objects: Measurement["objects"] = [];
  let content: number | null = null;
  let linkerMade: Columns | null = null;
  if (linkMap && existsSync(linkMap)) {
    try {
      const outputClass = new Map(sections.map((s) => [s.name, s.class]));
      const read = readLinkMapInputs(linkMap, elf, file, outputClass);
      const inputs = read.inputs;
      linkerMade = read.linkerMade;
      objects = computeObjectSizes(inputs, outputClass);
      // a map that names no objects tells nothing about symbols either: leave them unknown
      owners = objects.length ? computeSymbolObjects(elfSymbols, inputs, outputClass) : null;
    } catch (e) {
      if (!(e instanceof LinkMapError)) throw e;
      note(`cannot read link map ${linkMap} (${e.message}): stored without per-object sizes and content`);
      objects = [];
      owners = null;
    }
    content = objects.length ? objects.reduce((sum, o) => sum + objectTotal(o), 0) : null;
    if (content === null) linkerMade = null;
  }
  // each symbol made once, with its object when the map told it (112k of them in a def+mod kernel)
  const of = owners;
  const symbols: SymbolSize[] = of
    ? elfSymbols.map((s, i) => ({ name: s.name, type: s.type, size: s.size, addr: s.value.toString(16), object: of[i] }))
    : elfSymbols.map((s) => ({ name: s.name, type: s.type, size: s.size, addr: s.value.toString(16) }));
  return {
    totals,
    content,
    linkerMade,
    image: image && existsSync(image) ? statSync(image).size : null,
    sections,
    symbols,
    objects,
  };
}
