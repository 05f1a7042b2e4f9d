// An LLVM=1 kernel (Debian's clang and ld.lld) has content like a gcc one: on a real 6.12
// tinyconfig, ld.lld's map gives the objects, content is their sum, every sized symbol is placed
// in the object whose own symbol table defines it (or in what ld.lld merged itself, <internal>),
// a planted 200-byte table adds exactly 200, and modules places the objects under their options.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { readMeasurement } from "../../src/adapters/read-measurement.js";
import { parseElf } from "../../src/core/elf.js";
import { isLldLinkMap } from "../../src/core/lld-link-map.js";
import { kbloatOk, type ShowJson, showJson, tarball, testDb } from "./kernel-env.js";
import { isRestRow } from "../../src/core/rollup.js";

const db = testDb("llvm");
const work = mkdtempSync(join(tmpdir(), "kbloat-llvm-"));
const tree = join(work, "linux");
let show: ShowJson;

before(() => {
  kbloatOk(db, ["build", tarball("6.12"), "--recipe", "tiny", "--llvm"]);
  show = showJson(db, "1", "object");
});

after(() => {
  const planted = kbloatOk(db, ["--format", "json", "list"]);
  for (const b of JSON.parse(planted).builds) if (b.source_dir === tree) rmSync(b.build_dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

test("the build is clang's and ld.lld's, and the map is ld.lld's", () => {
  const list = JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds[0];
  assert.match(list.toolchain, /clang/);
  assert.match(list.toolchain, /LLD/);
  assert.ok(isLldLinkMap(readFileSync(join(show.build.build_dir, "vmlinux.map"), "latin1")));
});

test("content is known, and is the sum of the objects", () => {
  const rows = show.rows.filter((r) => !isRestRow(r.name));
  assert.ok(rows.length > 400, `${rows.length} objects`);
  assert.equal(
    rows.reduce((n, r) => n + r.size, 0),
    show.totals.content,
  );
  assert.ok((show.totals.content ?? 0) > 1_500_000 && (show.totals.content ?? 0) < show.totals.total / 2, `content ${show.totals.content}`);
});

test("every sized symbol is placed in the object that defines it", () => {
  const dir = show.build.build_dir;
  const m = readMeasurement(join(dir, "vmlinux"), join(dir, "vmlinux.map"), null);
  const definedIn = new Map<string, string[]>();
  for (const o of m.objects) {
    if (o.path.startsWith("<") || o.path === "vmlinux.o") continue; // what the linker made
    for (const s of parseElf(readFileSync(join(dir, o.path))).symbols) {
      if (s.type !== "U" && s.size > 0) definedIn.set(s.name, [...(definedIn.get(s.name) ?? []), o.path]);
    }
  }
  // ld.lld merges mergeable sections (strings, constants) of all objects into sections of its
  // own, which its map names <internal>: a symbol there is the linker's, not its object's
  let checked = 0;
  let merged = 0;
  for (const s of m.symbols) {
    const owners = definedIn.get(s.name);
    if (s.size === 0 || !owners || owners.length !== 1) continue;
    if (s.object === "<internal>") merged++;
    else assert.equal(s.object, owners[0], s.name);
    checked++;
  }
  assert.ok(checked > 5000, `${checked} symbols checked`);
  assert.ok(merged < checked / 100, `${merged} of ${checked} in ld.lld's merged sections`);
});

test("a new obj-y file with a 200-byte table adds exactly 200 content bytes", () => {
  execFileSync("cp", ["-al", show.build.source_dir, tree]); // hard links: replace files, never edit them
  const makefile = join(tree, "init", "Makefile");
  const text = readFileSync(makefile, "utf8");
  unlinkSync(makefile);
  writeFileSync(makefile, `${text}\nobj-y += kbloat_planted.o\n`);
  writeFileSync(join(tree, "init", "kbloat_planted.c"), "const char kbloat_planted_table[200] = { 1 };\n");
  const head = JSON.parse(kbloatOk(db, ["--format", "json", "build", tree, "--recipe", "tiny", "--llvm"]));
  assert.equal(head.totals.content - (show.totals.content ?? 0), 200);
  const diff = JSON.parse(kbloatOk(db, ["--format", "json", "diff", "1", String(head.build.id), "--by", "object"]));
  assert.deepEqual(
    diff.rows.find((r: { name: string }) => r.name === "init/kbloat_planted.o"),
    { name: "init/kbloat_planted.o", old: 0, new: 200, delta: 200 },
  );
});

test("modules places the objects under their options", () => {
  const r = JSON.parse(kbloatOk(db, ["--format", "json", "modules", "1"]));
  assert.equal(r.kernel_proper, show.totals.content);
  assert.equal(r.approximate, false);
  // what ld.lld made itself (<internal>: merged strings and constants) no Makefile lists
  const internal = show.rows.find((x) => x.name === "<internal>")?.size ?? 0;
  assert.ok(internal > 0 && internal < r.kernel_proper / 20, `<internal> ${internal}`);
  const unplaced = r.summary.unattributed + r.summary.unexplained - internal;
  assert.ok(unplaced >= 0 && unplaced < r.kernel_proper / 100, `unplaced ${r.summary.unattributed} + ${r.summary.unexplained}, <internal> ${internal}`);
});
