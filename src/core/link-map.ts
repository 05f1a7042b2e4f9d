// The link map (-Map): which input section of which object file the linker placed where.
// GNU ld's is read here (only its "Linker script and memory map" part); ld.lld's, a table of
// another shape, in lld-link-map.ts.

import { isLldLinkMap, parseLldLinkMapOutputs } from "./lld-link-map.js";
import type { Columns, ObjectSize, SectionClass } from "./measurement.js";

export interface InputSection {
  /** output section it was placed in */
  output: string;
  name: string;
  /** virtual address the linker gave it (bigint: kernel addresses exceed doubles) */
  addr: bigint;
  size: number;
  /** object file, as the linker names it (archive members by their own path) */
  file: string;
}

const HEX = "0x([0-9a-fA-F]+)";
const OUTPUT_FULL = new RegExp(`^(\\S+)\\s+${HEX}\\s+${HEX}`);
const INPUT_FULL = new RegExp(`^ (\\S+)\\s+${HEX}\\s+${HEX}\\s+(\\S.*)$`);
const INPUT_NAME_ONLY = /^ ([^\s*]\S*)\s*$/;
const OUTPUT_NAME_ONLY = /^(\S+)\s*$/;
const CONTINUATION_WITH_FILE = new RegExp(`^\\s+${HEX}\\s+${HEX}\\s+(\\S.*)$`);
const IGNORED_TOP = /^(LOAD |OUTPUT\(|START GROUP|END GROUP|INPUT\(|OUTPUT_FORMAT|TARGET\()/;

export class LinkMapError extends Error {}

/** An output section of the map, with the input sections placed in it, in map order. */
export interface OutputSection {
  name: string;
  addr: bigint;
  size: number;
  inputs: InputSection[];
  /**
   * bytes the linker script itself puts here: data statements (`LONG(…)`, `QUAD(…)`, …) and
   * reservations (`. += N`, `. = . + N`); the rest of the section beyond its inputs is padding
   */
  made: number;
}

const OUTPUT_CONTINUATION = new RegExp(`^\\s+${HEX}\\s+${HEX}\\s*$`);
/** `LONG 0x…` as GNU ld lists a data statement: address, size, kind */
const DATA_STATEMENT = new RegExp(`^\\s+${HEX}\\s+${HEX}\\s+(?:BYTE|SHORT|LONG|QUAD|SQUAD)\\b`);
/** `. = (. + 0x10000)`: GNU ld's spelling of `. += N` and `. = . + N`; the *fill* after it is the reservation */
const RESERVATION = new RegExp(`^\\s+${HEX}\\s+\\. = \\(\\. \\+ `);
const FILL = new RegExp(`^ \\*fill\\*\\s+${HEX}\\s+${HEX}`);

export function parseLinkMap(text: string): InputSection[] {
  return parseLinkMapOutputs(text).flatMap((o) => o.inputs);
}

/** The map's output sections in map order; a name may occur more than once (`ld -r` keeps section groups apart). */
export function parseLinkMapOutputs(text: string): OutputSection[] {
  if (isLldLinkMap(text)) return parseLldLinkMapOutputs(text);
  const start = text.indexOf("\nLinker script and memory map\n");
  if (start < 0) throw new LinkMapError('not a link map of GNU ld (no "Linker script and memory map" heading) or of ld.lld (no VMA/LMA header)');
  const lines = text.slice(start + 1).split("\n");
  const outputs: OutputSection[] = [];
  let output: OutputSection = { name: "", addr: 0n, size: 0, inputs: [], made: 0 };
  let pendingInput: string | null = null;
  let pendingOutput = false;
  let reserving = false;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const reserved = reserving;
    reserving = false;
    if (line === "") {
      pendingInput = null;
      pendingOutput = false;
      continue;
    }
    if (line[0] !== " ") {
      pendingInput = null;
      pendingOutput = false;
      if (IGNORED_TOP.test(line)) continue;
      const full = OUTPUT_FULL.exec(line);
      const m = full ?? OUTPUT_NAME_ONLY.exec(line);
      if (m) {
        output = { name: m[1], addr: full ? BigInt(`0x${full[2]}`) : 0n, size: full ? Number.parseInt(full[3], 16) : 0, inputs: [], made: 0 };
        outputs.push(output);
        pendingOutput = !full;
      }
      continue;
    }
    if (pendingOutput) {
      pendingOutput = false;
      const c = OUTPUT_CONTINUATION.exec(line);
      if (c) {
        output.addr = BigInt(`0x${c[1]}`);
        output.size = Number.parseInt(c[2], 16);
        continue;
      }
    }
    if (pendingInput !== null) {
      const c = CONTINUATION_WITH_FILE.exec(line);
      if (c) {
        output.inputs.push(inputSection(output.name, pendingInput, c[1], c[2], c[3]));
        pendingInput = null;
        continue;
      }
      pendingInput = null;
    }
    const fill = FILL.exec(line);
    if (fill) {
      if (reserved) output.made += Number.parseInt(fill[2], 16);
      continue;
    }
    if (line.startsWith(" *")) continue; // input section patterns
    const data = DATA_STATEMENT.exec(line);
    if (data) {
      output.made += Number.parseInt(data[2], 16);
      continue;
    }
    if (RESERVATION.test(line)) {
      reserving = true;
      continue;
    }
    const full = INPUT_FULL.exec(line);
    if (full) {
      output.inputs.push(inputSection(output.name, full[1], full[2], full[3], full[4]));
      continue;
    }
    const nameOnly = INPUT_NAME_ONLY.exec(line);
    if (nameOnly) pendingInput = nameOnly[1];
  }
  return outputs;
}

function inputSection(output: string, name: string, addr: string, size: string, file: string): InputSection {
  return { output, name, addr: BigInt(`0x${addr}`), size: Number.parseInt(size, 16), file: archiveMemberPath(file.trim()) };
}

/** "dir/lib.a(member.o)" -> "dir/member.o"; thin archives already name members by path. */
export function archiveMemberPath(file: string): string {
  const m = /^(.*)\(([^()]+)\)$/.exec(file);
  if (!m) return file;
  const member = m[2];
  if (member.includes("/")) return member;
  const slash = m[1].lastIndexOf("/");
  return slash >= 0 ? `${m[1].slice(0, slash + 1)}${member}` : member;
}

/**
 * Each object's bytes in the allocated output sections, classed as `size` classes the output
 * section. Objects are listed in first-seen (link) order.
 */
export function computeObjectSizes(inputs: InputSection[], outputClass: Map<string, SectionClass>): ObjectSize[] {
  const byPath = new Map<string, ObjectSize>();
  for (const s of inputs) {
    const cls = outputClass.get(s.output);
    if (!cls || !isCounted(s, outputClass)) continue;
    let o = byPath.get(s.file);
    if (!o) {
      o = { path: s.file, text: 0, data: 0, bss: 0 };
      byPath.set(s.file, o);
    }
    o[cls] += s.size;
  }
  return [...byPath.values()];
}

/** Per `size` class, the bytes the linker script made in the allocated output sections (OutputSection.made). */
export function computeLinkerMade(outputs: readonly OutputSection[], outputClass: Map<string, SectionClass>): Columns {
  const made: Columns = { text: 0, data: 0, bss: 0 };
  for (const o of outputs) {
    const cls = outputClass.get(o.name);
    if (cls) made[cls] += o.made;
  }
  return made;
}

/** An input section counts toward its object when it holds bytes of an allocated output section. */
export function isCounted(s: InputSection, outputClass: Map<string, SectionClass>): boolean {
  return s.size > 0 && outputClass.has(s.output);
}
