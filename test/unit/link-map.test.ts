// The link-map reader against a map GNU ld writes at test time: every object's bytes are
// exactly its own sections' sizes, and the sum never exceeds what `size` counts; every
// symbol is placed in the object that defines it; a link through vmlinux.o (ld -r) gives the same.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readMeasurement } from "../../src/adapters/read-measurement.js";
import { parseElf, SHF_ALLOC } from "../../src/core/elf.js";
import { computeObjectSizes, LinkMapError, parseLinkMap, parseLinkMapOutputs } from "../../src/core/link-map.js";
import { expandRelocatable } from "../../src/core/relocatable-link.js";
import { computeSectionClass, computeSectionSizes, computeSizeTotals } from "../../src/core/size-totals.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "link-map");
const out = mkdtempSync(join(tmpdir(), "kbloat-map-"));
const objects = ["a.o", "a_very_long_file_name_that_wraps_sections.o"];

function link(): { exe: string; map: string } {
  for (const o of objects) execFileSync("gcc", ["-O2", "-fno-asynchronous-unwind-tables", "-c", join(fixtures, o.replace(/\.o$/, ".c")), "-o", join(out, o)]);
  execFileSync("ld", ["-static", "-Map=linked.map", "-o", "linked", ...objects], { cwd: out });
  return { exe: join(out, "linked"), map: join(out, "linked.map") };
}

test("objects' bytes in the link map equal their own allocated sections", () => {
  const { exe, map } = link();
  const sections = computeSectionSizes(parseElf(readFileSync(exe)).sections);
  const sizes = computeObjectSizes(parseLinkMap(readFileSync(map, "latin1")), new Map(sections.map((s) => [s.name, s.class])));
  assert.deepEqual(
    sizes.map((s) => s.path),
    objects,
  );
  for (const o of objects) {
    const own = { text: 0, data: 0, bss: 0 };
    for (const s of parseElf(readFileSync(join(out, o))).sections) {
      if ((s.flags & SHF_ALLOC) !== 0 && s.size > 0) own[computeSectionClass(s)] += s.size;
    }
    const measured = sizes.find((s) => s.path === o);
    assert.deepEqual({ text: measured?.text, data: measured?.data, bss: measured?.bss }, own, o);
  }
  const totals = computeSizeTotals(sections);
  const content = sizes.reduce((n, s) => n + s.text + s.data + s.bss, 0);
  assert.ok(content <= totals.total && content > 1300, `content ${content} within size's ${totals.total}`);
});

test("every sized symbol is placed in the object that defines it", () => {
  const { exe, map } = link();
  const definedIn = new Map<string, string>();
  for (const o of objects) for (const s of parseElf(readFileSync(join(out, o))).symbols) if (s.type !== "U") definedIn.set(s.name, o);
  const m = readMeasurement(exe, map, null);
  const sized = m.symbols.filter((s) => s.size > 0);
  assert.ok(sized.length >= 7, `${sized.length} sized symbols`);
  for (const s of sized) assert.equal(s.object, definedIn.get(s.name), s.name);
  assert.equal(m.symbols.find((s) => s.name === "a_function")?.object, "a.o");
  assert.equal(m.symbols.find((s) => s.name === "b_long_named")?.object, objects[1], "found through a wrapped map line");
  const paths = new Set(m.objects.map((o) => o.path));
  for (const s of m.symbols) assert.ok(s.object === null || (s.object !== undefined && paths.has(s.object)), `${s.name}: ${s.object}`);
  assert.ok(
    readMeasurement(exe, null, null).symbols.every((s) => !("object" in s)),
    "without a link map, not known",
  );
});

test("input sections keep their addresses, as the ELF's sections have them", () => {
  const { exe, map } = link();
  const text = parseElf(readFileSync(exe)).sections.find((s) => s.name === ".text");
  const inputs = parseLinkMap(readFileSync(map, "latin1")).filter((s) => s.output === ".text" && s.size > 0);
  assert.equal(inputs[0].addr, text?.addr);
  for (let i = 1; i < inputs.length; i++) assert.ok(inputs[i].addr >= inputs[i - 1].addr + BigInt(inputs[i - 1].size), inputs[i].file);
});

/** The same objects linked as the kernel does under IBT: ld -r into vmlinux.o, then vmlinux.o alone. */
function linkThroughRelocatable(withPartsMap: boolean): { exe: string; map: string } {
  link();
  const dir = mkdtempSync(join(out, "relocatable-"));
  for (const o of objects) copyFileSync(join(out, o), join(dir, o));
  execFileSync("ld", ["-r", ...(withPartsMap ? ["-Map=vmlinux.o.map"] : []), "-o", "vmlinux.o", ...objects], { cwd: dir });
  execFileSync("ld", ["-static", "-Map=linked.map", "-o", "linked", "vmlinux.o"], { cwd: dir });
  return { exe: join(dir, "linked"), map: join(dir, "linked.map") };
}

test("a link that took vmlinux.o (ld -r) gives each object its bytes through vmlinux.o's map", () => {
  const direct = readMeasurement(link().exe, link().map, null);
  const { exe, map } = linkThroughRelocatable(true);
  assert.ok(
    parseLinkMap(readFileSync(map, "latin1")).some((s) => s.file === "vmlinux.o" && s.size > 0),
    "the final map names vmlinux.o alone",
  );
  const m = readMeasurement(exe, map, null);
  assert.deepEqual(m.objects, direct.objects);
  assert.equal(m.content, direct.content);
  const objectOf = new Map(direct.symbols.map((s) => [s.name, s.object]));
  for (const s of m.symbols.filter((x) => x.size > 0)) assert.equal(s.object, objectOf.get(s.name), s.name);
});

test("without vmlinux.o's map, a link that took vmlinux.o has no objects and no content, and says why", () => {
  const { exe, map } = linkThroughRelocatable(false);
  const notes: string[] = [];
  const m = readMeasurement(exe, map, null, (n) => notes.push(n));
  assert.equal(m.content, null);
  assert.deepEqual(m.objects, []);
  assert.match(notes.join("\n"), /took vmlinux\.o, and there is no .*vmlinux\.o\.map/);
});

test("bytes the final link adds to a section of vmlinux.o (the build-id note) stay vmlinux.o's, as linker-made", () => {
  const map =
    "\nLinker script and memory map\n\n.text           0x0000000000000000       0x10\n .text          0x0000000000000000       0x10 a.o\n\n.note.gnu.build-id\n                0x0000000000000000        0x0\n";
  const parts = parseLinkMapOutputs(map);
  const inputs = [
    { output: ".text", name: ".text", addr: 0x1000n, size: 0x10, file: "vmlinux.o" },
    { output: ".notes", name: ".note.gnu.build-id", addr: 0x3000n, size: 0x24, file: "vmlinux.o" },
  ];
  assert.deepEqual(
    expandRelocatable(inputs, "vmlinux.o", parts).map((s) => [s.file, s.addr, s.size]),
    [
      ["a.o", 0x1000n, 0x10],
      ["vmlinux.o", 0x3000n, 0x24],
    ],
  );
  const grown = [{ ...inputs[0], size: 0x14 }];
  assert.deepEqual(
    expandRelocatable(grown, "vmlinux.o", parts).map((s) => [s.file, s.addr, s.size]),
    [
      ["a.o", 0x1000n, 0x10],
      ["vmlinux.o", 0x1010n, 0x4],
    ],
  );
});

test("a section the final link shrank (merged strings) is clipped at its new end", () => {
  const map =
    "\nLinker script and memory map\n\n.rodata.str1.1  0x0000000000000000       0x20\n .rodata.str1.1\n                0x0000000000000000       0x10 a.o\n .rodata.str1.1\n                0x0000000000000010       0x10 b.o\n";
  const parts = parseLinkMapOutputs(map);
  assert.equal(parts[0].size, 0x20, "a wrapped output line keeps its size");
  const merged = [{ output: ".rodata", name: ".rodata.str1.1", addr: 0x2000n, size: 0x18, file: "vmlinux.o" }];
  assert.deepEqual(
    expandRelocatable(merged, "vmlinux.o", parts).map((s) => [s.file, s.addr, s.size]),
    [
      ["a.o", 0x2000n, 0x10],
      ["b.o", 0x2010n, 0x8],
    ],
  );
});

/** The same objects linked by ld.lld, directly or through vmlinux.o (ld.lld -r), in a folder of their own. */
function linkWithLld(throughRelocatable: boolean): { exe: string; map: string } {
  link();
  const dir = mkdtempSync(join(out, "lld-"));
  for (const o of objects) copyFileSync(join(out, o), join(dir, o));
  if (throughRelocatable) execFileSync("ld.lld", ["-r", "-Map=vmlinux.o.map", "-o", "vmlinux.o", ...objects], { cwd: dir });
  execFileSync("ld.lld", ["-static", "-Map=linked.map", "-o", "linked", ...(throughRelocatable ? ["vmlinux.o"] : objects)], { cwd: dir });
  return { exe: join(dir, "linked"), map: join(dir, "linked.map") };
}

test("an ld.lld map gives each object its own allocated sections' bytes, and each symbol its object", () => {
  const { exe, map } = linkWithLld(false);
  assert.match(readFileSync(map, "latin1"), /^\s+VMA\s+LMA\s+Size\s+Align\s+Out\s+In\s+Symbol/);
  const m = readMeasurement(exe, map, null);
  assert.deepEqual(
    m.objects.map((o) => o.path),
    objects,
  );
  for (const o of objects) {
    const own = { text: 0, data: 0, bss: 0 };
    for (const s of parseElf(readFileSync(join(out, o))).sections) {
      if ((s.flags & SHF_ALLOC) !== 0 && s.size > 0) own[computeSectionClass(s)] += s.size;
    }
    const measured = m.objects.find((x) => x.path === o);
    assert.deepEqual({ text: measured?.text, data: measured?.data, bss: measured?.bss }, own, o);
  }
  assert.equal(
    m.content,
    m.objects.reduce((n, o) => n + o.text + o.data + o.bss, 0),
  );
  assert.equal(m.symbols.find((s) => s.name === "a_function")?.object, "a.o");
  assert.equal(m.symbols.find((s) => s.name === "b_long_named")?.object, objects[1]);
});

test("an ld.lld link through vmlinux.o (ld.lld -r) gives the same objects as the direct one", () => {
  const direct = readMeasurement(linkWithLld(false).exe, linkWithLld(false).map, null);
  const { exe, map } = linkWithLld(true);
  const m = readMeasurement(exe, map, null);
  assert.deepEqual(m.objects, direct.objects);
  assert.equal(m.symbols.find((s) => s.name === "b_function")?.object, objects[1]);
});

test("ld.lld names archive members by their path, and what it made itself <internal>", () => {
  const map = [
    "             VMA              LMA     Size Align Out     In      Symbol",
    "ffffffff81000000 0000000001000000      100  4096 .text",
    "ffffffff81000000 0000000001000000       40    16         vmlinux.a(init/main.o):(.text)",
    "ffffffff81000000 0000000001000000       10     1                 start_kernel",
    "ffffffff81000040 0000000001000040       c0    16         lib/lib.a(sort.o):(.text)",
    "ffffffff81000100 0000000001000100        0     1         . = ALIGN ( 0x1000 )",
    "ffffffff81001000 0000000001001000       20     1 .rodata",
    "ffffffff81001000 0000000001001000       20     1         <internal>:(.rodata.str1.1)",
  ].join("\n");
  assert.deepEqual(
    parseLinkMap(map).map((s) => [s.output, s.name, s.file, s.size]),
    [
      [".text", ".text", "init/main.o", 0x40],
      [".text", ".text", "lib/sort.o", 0xc0],
      [".rodata", ".rodata.str1.1", "<internal>", 0x20],
    ],
  );
});

test("a file that is not a link map is refused with a reason", () => {
  assert.throws(() => parseLinkMap("hello\n"), LinkMapError);
});

test("what the linker script writes or reserves is linker-made, its alignment is padding (GNU ld and ld.lld)", () => {
  link();
  const script = join(fixtures, "linker-made.lds");
  for (const linker of ["ld", "ld.lld"]) {
    const dir = mkdtempSync(join(out, `made-${linker}-`));
    for (const o of objects) copyFileSync(join(out, o), join(dir, o));
    execFileSync(linker, ["-T", script, "-Map=linked.map", "-o", "linked", ...objects], { cwd: dir, stdio: "pipe" });
    const m = readMeasurement(join(dir, "linked"), join(dir, "linked.map"), null);
    // LONG + QUAD + `. += 0x30` in .rodata (text, as size counts it), `. = . + 0x18` in .data, `. += 0x2000` in .bss
    assert.deepEqual(m.linkerMade, { text: 4 + 8 + 0x30, data: 0x18, bss: 0x2000 }, linker);
    const content = m.objects.reduce((n, o) => n + o.text + o.data + o.bss, 0);
    const padding = m.totals.total - content - 0x3c - 0x18 - 0x2000;
    // the ALIGN gaps: .text to 64, .data's start to 4096, .bss to 4096 before the reservation
    assert.ok(padding > 0x1000 && padding < 3 * 0x1000, `${linker}: padding ${padding}`);
    assert.equal(m.content, content);
  }
});

test("without a link map nothing is known of the linker's own bytes", () => {
  const { exe } = link();
  assert.equal(readMeasurement(exe, null, null).linkerMade, null);
});
