// parseElf (src/core/elf.ts, src/core/nm-type.ts) and the size totals (src/core/size-totals.ts)
// against GNU binutils itself: every fixture that scripts/make-elf-fixtures.sh builds is read
// by parseElf and by nm / size, and the two must agree exactly.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test, type TestContext } from "node:test";
import { fileURLToPath } from "node:url";
import { ElfError, type ElfFile, type ElfSection, parseElf, SHF_ALLOC, SHT_SYMTAB } from "../../src/core/elf.js";
import { computeSectionSizes, computeSizeTotals } from "../../src/core/size-totals.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SCRIPT = path.join(ROOT, "scripts/make-elf-fixtures.sh");

interface Expected {
  name: string;
  bits: 32 | 64;
  littleEndian: boolean;
  /** binutils prefix of the fixture's target, "" for the host's */
  prefix: string;
}

const PPC = "powerpc-linux-gnu-";
const S390 = "s390x-linux-gnu-";

/** Every ELF fixture the script knows, and what it must be. */
const FIXTURES: Expected[] = [
  { name: "x86_64-gcc.o", bits: 64, littleEndian: true, prefix: "" },
  { name: "x86_64-linked.o", bits: 64, littleEndian: true, prefix: "" },
  { name: "x86_64-ld-r.o", bits: 64, littleEndian: true, prefix: "" },
  { name: "x86_64-exe", bits: 64, littleEndian: true, prefix: "" },
  { name: "i386-gcc.o", bits: 32, littleEndian: true, prefix: "" },
  { name: "x86_64-dynamic", bits: 64, littleEndian: true, prefix: "" },
  { name: "x86_64-as.o", bits: 64, littleEndian: true, prefix: "" },
  { name: "i386-as.o", bits: 32, littleEndian: true, prefix: "" },
  { name: "x32-as.o", bits: 32, littleEndian: true, prefix: "" },
  { name: "ppc32-be.o", bits: 32, littleEndian: false, prefix: PPC },
  { name: "ppc32-le.o", bits: 32, littleEndian: true, prefix: PPC },
  { name: "ppc64-be.o", bits: 64, littleEndian: false, prefix: PPC },
  { name: "s390-be.o", bits: 32, littleEndian: false, prefix: S390 },
  { name: "s390x-be.o", bits: 64, littleEndian: false, prefix: S390 },
  { name: "ppc32-be-exe", bits: 32, littleEndian: false, prefix: PPC },
  { name: "s390x-be-exe", bits: 64, littleEndian: false, prefix: S390 },
  { name: "many-sections-x86_64.o", bits: 64, littleEndian: true, prefix: "" },
  { name: "many-sections-ppc32.o", bits: 32, littleEndian: false, prefix: PPC },
];

interface ManifestEntry {
  kind: "elf" | "truncated" | "not-elf" | "skipped";
  name: string;
  /** the file, or for "skipped" the reason */
  detail: string;
  prefix: string;
}

let dir = "";
let manifest: ManifestEntry[] = [];
let scriptOutput = "";

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), "kbloat-elf-"));
  const run = spawnSync("bash", [SCRIPT, dir], { encoding: "utf8" });
  scriptOutput = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`${SCRIPT} failed (status ${run.status}):\n${scriptOutput}`);
  manifest = readFileSync(path.join(dir, "fixtures.tsv"), "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const [kind, name, detail, prefix] = l.split("\t");
      return { kind, name, detail, prefix: prefix === "-" ? "" : prefix } as ManifestEntry;
    });
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function entry(name: string): ManifestEntry {
  const e = manifest.find((m) => m.name === name);
  assert.ok(e, `${name} is missing from the fixture script's manifest:\n${scriptOutput}`);
  return e;
}

/** The fixture's parsed file and bytes, or undefined after skipping the test when it was not built. */
function load(t: TestContext, name: string): { file: string; elf: ElfFile } | undefined {
  const e = entry(name);
  if (e.kind === "skipped") {
    t.skip(`fixture not built: ${e.detail}`);
    return undefined;
  }
  assert.equal(e.kind, "elf");
  const file = path.join(dir, e.detail);
  return { file, elf: parseElf(readFileSync(file)) };
}

function haveTool(tool: string): boolean {
  return spawnSync(tool, ["--version"], { stdio: "ignore" }).status === 0;
}

function runTool(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: "utf8", maxBuffer: 1 << 30, env: { ...process.env, LC_ALL: "C" } });
}

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}

function sorted(a: string[]): string[] {
  return [...a].sort();
}

const UNDEFINED = new Set(["U", "w", "v"]);

/** nm's default output for parseElf's symbols: address (blank when undefined), type, name. */
function nmLines(elf: ElfFile): string[] {
  const width = elf.bits / 4;
  return elf.symbols.map((s) => {
    const addr = UNDEFINED.has(s.type) ? " ".repeat(width) : s.value.toString(16).padStart(width, "0");
    return `${addr} ${s.type} ${s.name}`;
  });
}

/** nm --size-sort's output for parseElf's symbols: sized symbols neither undefined nor absolute, size first. */
function nmSizeLines(elf: ElfFile): string[] {
  const width = elf.bits / 4;
  return elf.symbols
    .filter((s) => s.size > 0 && !UNDEFINED.has(s.type) && s.type !== "a" && s.type !== "A")
    .map((s) => `${s.size.toString(16).padStart(width, "0")} ${s.type} ${s.name}`);
}

interface SysvRow {
  name: string;
  size: number;
  addr: string;
}

/** `size -A` rows (without the Total line) and its total. */
function parseSysv(text: string): { rows: SysvRow[]; total: number } {
  const all = lines(text);
  assert.match(all[1], /^section\s+size\s+addr$/, `unexpected size -A header:\n${text}`);
  const rows: SysvRow[] = [];
  let total = -1;
  for (const l of all.slice(2)) {
    const m = /^(\S+)\s+(\d+)(?:\s+(\d+))?$/.exec(l);
    assert.ok(m, `unexpected size -A line: ${JSON.stringify(l)}`);
    if (m[1] === "Total" && m[3] === undefined) total = Number(m[2]);
    else rows.push({ name: m[1], size: Number(m[2]), addr: m[3] });
  }
  assert.notEqual(total, -1, `no Total line in size -A output:\n${text}`);
  return { rows, total };
}

/** The tools to compare a fixture against: the host's binutils, and its target's cross binutils if it has one. */
function toolPrefixes(fx: Expected): string[] {
  return fx.prefix === "" ? [""] : ["", fx.prefix];
}

/** Skips the test (with a message) when the tool is not installed. */
function tool(t: TestContext, prefix: string, name: string): string | undefined {
  const tool = `${prefix}${name}`;
  if (!haveTool(tool)) {
    t.skip(`${tool} not installed (Debian: binutils${prefix ? `-${prefix.slice(0, -1)}` : ""})`);
    return undefined;
  }
  return tool;
}

test("the fixture script built ELF fixtures, all of them known to this test", () => {
  const elf = manifest.filter((m) => m.kind === "elf");
  assert.ok(elf.length > 0, `scripts/make-elf-fixtures.sh built no ELF fixture at all:\n${scriptOutput}`);
  for (const m of elf) {
    const fx = FIXTURES.find((f) => f.name === m.name);
    assert.ok(fx, `fixture ${m.name} is not listed in FIXTURES`);
    assert.equal(m.prefix, fx.prefix, `${m.name}: tool prefix`);
  }
});

for (const fx of FIXTURES) {
  describe(fx.name, () => {
    test("ELF class and byte order", (t) => {
      const f = load(t, fx.name);
      if (!f) return;
      assert.equal(f.elf.bits, fx.bits);
      assert.equal(f.elf.littleEndian, fx.littleEndian);
      assert.ok(f.elf.symbols.length > 0, "no symbols");
    });

    for (const prefix of toolPrefixes(fx)) {
      test(`symbols: address, type, name as ${prefix}nm lists them`, (t) => {
        const f = load(t, fx.name);
        const nm = f && tool(t, prefix, "nm");
        if (!f || !nm) return;
        assert.deepEqual(sorted(nmLines(f.elf)), sorted(lines(runTool(nm, [f.file]))));
      });

      test(`symbols: size, type, name as ${prefix}nm --size-sort lists them`, (t) => {
        const f = load(t, fx.name);
        const nm = f && tool(t, prefix, "nm");
        if (!f || !nm) return;
        const out = lines(runTool(nm, ["--size-sort", f.file]));
        assert.deepEqual(sorted(nmSizeLines(f.elf)), sorted(out));
        // and nm's order is by size
        const sizes = out.map((l) => BigInt(`0x${l.split(" ")[0]}`));
        for (let i = 1; i < sizes.length; i++) assert.ok(sizes[i - 1] <= sizes[i], `nm --size-sort order at ${out[i]}`);
      });

      test(`allocated sections as ${prefix}size -A lists them`, (t) => {
        const f = load(t, fx.name);
        const size = f && tool(t, prefix, "size");
        if (!f || !size) return;
        const { rows, total } = parseSysv(runTool(size, ["-A", f.file]));
        assert.equal(
          rows.reduce((a, r) => a + r.size, 0),
          total,
          "size -A Total",
        );
        // size -A lists BFD's sections in header order, non-allocated ones (.comment, .debug_*) too:
        // match each row with the next section header of that name, and keep the allocated ones.
        const sections = f.elf.sections;
        let next = 0;
        const allocated: SysvRow[] = [];
        for (const row of rows) {
          let i = next;
          while (i < sections.length && sections[i].name !== row.name) i++;
          assert.ok(i < sections.length, `size -A lists ${row.name}, which parseElf has not (in that order)`);
          next = i + 1;
          if ((sections[i].flags & SHF_ALLOC) !== 0) allocated.push(row);
        }
        const ours = computeSectionSizes(sections).map((s) => ({ name: s.name, size: s.size, addr: s.addr }));
        assert.deepEqual(ours, allocated);
      });

      test(`Berkeley totals as ${prefix}size prints them`, (t) => {
        const f = load(t, fx.name);
        const size = f && tool(t, prefix, "size");
        if (!f || !size) return;
        const out = lines(runTool(size, ["-B", f.file]));
        assert.match(out[0], /^\s*text\s+data\s+bss\s+dec\s+hex\s+filename$/);
        const [text, data, bss, dec, hex] = out[1].trim().split(/\s+/);
        const totals = computeSizeTotals(computeSectionSizes(f.elf.sections));
        assert.deepEqual(
          { text: totals.text, data: totals.data, bss: totals.bss, total: totals.total, hex: totals.total.toString(16) },
          { text: Number(text), data: Number(data), bss: Number(bss), total: Number(dec), hex },
        );
      });
    }

    test("cut short anywhere: ElfError or a successful parse, never another error", (t) => {
      const f = load(t, fx.name);
      if (!f) return;
      const bytes = readFileSync(f.file);
      const cuts = new Set<number>();
      for (let i = 0; i <= 72; i++) cuts.add(i);
      for (let i = 1; i < 32; i++) cuts.add(Math.floor((bytes.length * i) / 32));
      const step = Math.max(1, Math.floor(f.elf.sections.length / 64));
      for (let i = 0; i < f.elf.sections.length; i += step) {
        const s = f.elf.sections[i];
        cuts.add(s.offset);
        cuts.add(s.offset + Math.floor(s.size / 2));
      }
      const symtab = f.elf.sections.find((s) => s.type === SHT_SYMTAB);
      if (symtab) for (let i = 1; i <= 8; i++) cuts.add(symtab.offset + symtab.size - i);
      for (const cut of cuts) {
        if (cut >= bytes.length) continue;
        try {
          parseElf(bytes.subarray(0, cut));
        } catch (e) {
          assert.ok(e instanceof ElfError, `cut at ${cut}: ${e instanceof Error ? e.stack : String(e)}`);
        }
      }
    });
  });
}

// gas never writes a weak STT_COMMON symbol: patch the type of some weak symbols of the assembled
// fixtures, and compare again (BFD flags STT_COMMON symbols as objects: V and v, not W and w).
describe("weak symbols patched to STT_COMMON", () => {
  const PATCHED = new Set(["weak_function", "weak_object", "weak_undefined"]);
  for (const name of ["x86_64-as.o", "ppc32-be.o", "s390x-be.o"]) {
    const fx = FIXTURES.find((f) => f.name === name) as Expected;
    test(name, (t) => {
      const f = load(t, name);
      const nm = f && tool(t, fx.prefix, "nm");
      if (!f || !nm) return;
      const bytes = new Uint8Array(readFileSync(f.file));
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const symtab = f.elf.sections.find((s) => s.type === SHT_SYMTAB) as ElfSection;
      const strtab = f.elf.sections[symtab.link];
      const entsize = f.elf.bits === 64 ? 24 : 16;
      let patched = 0;
      for (let o = symtab.offset + entsize; o < symtab.offset + symtab.size; o += entsize) {
        const start = strtab.offset + view.getUint32(o, f.elf.littleEndian);
        const symbolName = Buffer.from(bytes.subarray(start, bytes.indexOf(0, start))).toString("latin1");
        if (!PATCHED.has(symbolName)) continue;
        const info = o + (f.elf.bits === 64 ? 4 : 12);
        bytes[info] = (bytes[info] & 0xf0) | 5; // STT_COMMON
        patched++;
      }
      assert.equal(patched, PATCHED.size);
      const file = path.join(dir, `stt-common-${name}`);
      writeFileSync(file, bytes);
      const elf = parseElf(bytes);
      assert.deepEqual(sorted(nmLines(elf)), sorted(lines(runTool(nm, [file]))));
      const types = Object.fromEntries(elf.symbols.filter((s) => PATCHED.has(s.name)).map((s) => [s.name, s.type]));
      assert.deepEqual(types, { weak_function: "V", weak_object: "V", weak_undefined: "v" });
    });
  }
});

describe("malformed input", () => {
  function bytesOf(name: string): Uint8Array | undefined {
    const e = entry(name);
    return e.kind === "skipped" ? undefined : readFileSync(path.join(dir, e.detail));
  }

  function assertElfError(bytes: Uint8Array, message: RegExp): void {
    assert.throws(
      () => parseElf(bytes),
      (e: unknown) => {
        assert.ok(e instanceof ElfError, `not an ElfError: ${String(e)}`);
        assert.match(e.message, message);
        return true;
      },
    );
  }

  test("an ELF file cut in half: its section header table lies past the end", (t) => {
    const bytes = bytesOf("truncated.elf");
    if (!bytes) return t.skip(`fixture not built: ${entry("truncated.elf").detail}`);
    assertElfError(bytes, /^truncated ELF file: section header (0|table) at offset \d+ \(\+\d+ bytes\) lies past the end of the file \(\d+ bytes\)$/);
  });

  test("an ELF header cut short", (t) => {
    const bytes = bytesOf("truncated-header.elf");
    if (!bytes) return t.skip(`fixture not built: ${entry("truncated-header.elf").detail}`);
    assertElfError(bytes, /^truncated ELF file: ELF header at offset 0 \(\+(52|64) bytes\) lies past the end of the file \(20 bytes\)$/);
  });

  test("the ELF magic and nothing else", () => {
    assertElfError(bytesOf("magic-only.elf") as Uint8Array, /^truncated ELF file: ELF identification .* \(4 bytes\)$/);
  });

  test("a file that is not ELF", () => {
    assertElfError(bytesOf("not-elf.bin") as Uint8Array, /^not an ELF file/);
  });

  test("an empty file", () => {
    assertElfError(new Uint8Array(0), /^not an ELF file/);
  });

  test("unknown ELF class and byte order", () => {
    const header = new Uint8Array(64);
    header.set([0x7f, 0x45, 0x4c, 0x46, 3, 1]);
    assertElfError(header, /unknown class 3/);
    header.set([2, 0], 4);
    assertElfError(header, /unknown byte order 0/);
  });
});
