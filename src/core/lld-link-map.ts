// ld.lld's link map (-Map): one table with the columns VMA, LMA, Size, Align, then the name
// indented by what it is: an output section at the Out column, an input section
// (`file:(section)`) eight columns further, a symbol sixteen further. Numbers are hex but Align.

import { archiveMemberPath, type OutputSection } from "./link-map.js";

const HEADER = /^\s+VMA\s+LMA\s+Size\s+Align\s+Out\s+In\s+Symbol\s*$/;
const ROW = /^\s*([0-9a-fA-F]+)\s+([0-9a-fA-F]+)\s+([0-9a-fA-F]+)\s+(\d+) (.*)$/;
const INPUT = /^(.*):\((.*)\)$/;
/** what the linker script writes or reserves: `LONG ( 0x1 )`, `. += 0x30`, `. = . + 0x30` */
const MADE = /^(?:(?:BYTE|SHORT|LONG|QUAD|SQUAD) \(|\. \+= |\. = \. \+ )/;

/** True when the text is a map ld.lld wrote: its first line is the column header. */
export function isLldLinkMap(text: string): boolean {
  const end = text.indexOf("\n");
  return HEADER.test(end < 0 ? text : text.slice(0, end));
}

/**
 * The output sections of an ld.lld map with their input sections, in map order. Symbol lines
 * and linker script assignments are skipped. An input from an archive is named by its member
 * (`vmlinux.a(init/main.o)` → `init/main.o`); what the linker made itself (merged strings,
 * the build-id note) is `<internal>`, as lld names it. Data statements and reservations of the
 * linker script are the section's `made` bytes.
 */
export function parseLldLinkMapOutputs(text: string): OutputSection[] {
  const outputs: OutputSection[] = [];
  let output: OutputSection | null = null;
  for (const line of text.split("\n").slice(1)) {
    const m = ROW.exec(line);
    if (!m) continue;
    const name = m[5];
    const indent = name.length - name.trimStart().length;
    if (indent === 0) {
      output = { name: name.trim(), addr: BigInt(`0x${m[1]}`), size: Number.parseInt(m[3], 16), inputs: [], made: 0 };
      outputs.push(output);
      continue;
    }
    if (indent !== 8 || output === null) continue;
    const input = INPUT.exec(name.trim());
    if (!input) {
      // an assignment (`. = ALIGN(0x1000)` is padding) or a data statement
      if (MADE.test(name.trim())) output.made += Number.parseInt(m[3], 16);
      continue;
    }
    output.inputs.push({ output: output.name, name: input[2], addr: BigInt(`0x${m[1]}`), size: Number.parseInt(m[3], 16), file: archiveMemberPath(input[1]) });
  }
  return outputs;
}
