// Content bytes on a real kernel: N bytes planted in a built-in object change content by N,
// even where size's padded totals stand still; symbols know their objects. Then a build that
// fails, and one interrupted.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { parseElf } from "../../src/core/elf.js";
import { objectTotal } from "../../src/core/measurement.js";
import { kbloat, kbloatOk, ROOT, showJson, tarball, testDb } from "./kernel-env.js";

const db = testDb("content");
const work = mkdtempSync(join(tmpdir(), "kbloat-plant-"));
const tree = join(work, "linux");

/** Bytes the union of [start, end) spans covers. */
function coveredBytes(spans: [bigint, bigint][]): number {
  let covered = 0n;
  let end = 0n;
  for (const [a, b] of [...spans].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    if (b <= end) continue;
    covered += b - (a > end ? a : end);
    end = b;
  }
  return Number(covered);
}

/** Replace a file (never edit in place: the tree is hard-linked to kbloat's cached sources). */
function replaceFile(path: string, text: string): void {
  try {
    unlinkSync(path);
  } catch {}
  writeFileSync(path, text);
}

function buildTree(): { id: number; content: number; total: number; data: number; bss: number } {
  const out = JSON.parse(kbloatOk(db, ["--format", "json", "build", tree]));
  return { id: out.build.id, ...out.totals };
}

let base: ReturnType<typeof buildTree>;
let tarballBuild: { build_dir: string };
const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

before(() => {
  kbloatOk(db, ["build", tarball("6.12")]);
  tarballBuild = showJson(db, "1").build;
  const source = showJson(db, "1").build.source_dir;
  execFileSync("cp", ["-al", source, tree]); // hard links: instant, and the copy is replaced file by file
  base = buildTree();
});

after(() => {
  // the build tree of this run's copied tree is keyed by its path: gone with it
  rmSync(showJson(db, String(base.id)).build.build_dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe("content bytes on a real 6.12 tinyconfig tree", () => {
  const makefile = () => join(tree, "init", "Makefile");
  const planted = () => join(tree, "init", "kbloat_planted.c");

  test("the same sources in another directory build a byte-identical vmlinux and bzImage", () => {
    const copy = showJson(db, String(base.id)).build.build_dir;
    assert.notEqual(copy, tarballBuild.build_dir);
    for (const f of ["vmlinux", "arch/x86/boot/bzImage"]) assert.equal(sha(join(copy, f)), sha(join(tarballBuild.build_dir, f)), f);
  });

  test("sized symbols know their object, and no object's symbols cover more bytes than it has", async (t) => {
    const store = openSqliteStore(db);
    const m = await store.loadMeasurement(1);
    await store.close();
    assert.ok(m);
    // the stored symbols are vmlinux's, in order: its ELF gives their addresses
    const elf = parseElf(readFileSync(join(tarballBuild.build_dir, "vmlinux"))).symbols.filter((s) => !"Uwv".includes(s.type));
    assert.deepEqual(
      m.symbols.map((s) => s.name),
      elf.map((s) => s.name),
    );
    const sized = m.symbols.flatMap((s, i) => (s.size > 0 && "tTdDbBrR".includes(s.type) ? [{ ...s, addr: elf[i].value }] : []));
    const placed = sized.filter((s) => typeof s.object === "string");
    assert.ok(placed.length >= 0.95 * sized.length, `${placed.length} of ${sized.length} sized symbols placed`);
    // aliases (memmove and __memmove; functions GCC's identical code folding merged) share their bytes: count them once
    const spans = new Map<string, [bigint, bigint][]>();
    for (const s of placed) spans.set(s.object as string, [...(spans.get(s.object as string) ?? []), [s.addr, s.addr + BigInt(s.size)]]);
    const bytes = new Map(m.objects.map((o) => [o.path, objectTotal(o)]));
    for (const [path, list] of spans)
      assert.ok(coveredBytes(list) <= (bytes.get(path) ?? 0), `${path}: symbols cover ${coveredBytes(list)} > object ${bytes.get(path)}`);
    t.diagnostic(`${placed.length} of ${sized.length} sized symbols placed, in ${spans.size} of ${m.objects.length} objects`);
  });

  test("an --enable of a symbol the kernel does not have is refused, and nothing is stored", () => {
    const count = JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length;
    const r = kbloat(db, ["build", tree, "--enable", "KBLOAT_NO_SUCH_OPTION"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown Kconfig symbol KBLOAT_NO_SUCH_OPTION/);
    assert.equal(JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length, count);
  });

  test("a new obj-y file with a 200-byte table adds exactly 200 content bytes", () => {
    replaceFile(planted(), "const char kbloat_planted_table[200] = { 1 };\n");
    replaceFile(makefile(), `${readFileSync(makefile(), "utf8")}\nobj-y += kbloat_planted.o\n`);
    const head = buildTree();
    assert.equal(head.content - base.content, 200);
    const diff = JSON.parse(kbloatOk(db, ["--format", "json", "diff", String(base.id), String(head.id), "--by", "object"]));
    const row = diff.rows.find((r: { name: string }) => r.name === "init/kbloat_planted.o");
    assert.deepEqual(row, { name: "init/kbloat_planted.o", old: 0, new: 200, delta: 200 });
    const bom = kbloatOk(db, ["diff", String(base.id), String(head.id), "--format", "bloat-o-meter"]);
    assert.match(bom, /^kbloat_planted_table\s+-\s+200\s+\+200$/m);
    base = head;
  });

  test("a 4 KiB bss buffer adds exactly 4096 content bytes", () => {
    replaceFile(planted(), "const char kbloat_planted_table[200] = { 1 };\nchar kbloat_planted_buffer[4096];\n");
    const head = buildTree();
    assert.equal(head.content - base.content, 4096);
    assert.equal(head.bss - base.bss === 0 || head.bss - base.bss === 4096, true, "size's bss moves by 0 (padding) or 4096");
    base = head;
  });

  test("a build that fails is stored as data, exits 2 and names the cause", () => {
    replaceFile(planted(), "this is not C;\n");
    const r = kbloat(db, ["build", tree]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /failed at compile: .*kbloat_planted\.c.*error/);
    const list = JSON.parse(kbloatOk(db, ["--format", "json", "list"]));
    const failed = list.builds.at(-1);
    assert.equal(failed.status, "failed");
    assert.equal(failed.failed_step, "compile");
    const show = kbloatOk(db, ["show", String(failed.id)]);
    assert.match(show, /failed at compile/);
    assert.match(show, /kbloat_planted\.c/);
    assert.equal(list.builds.filter((b: { status: string }) => b.status === "ok").length, 4, "the good builds are still there");
  });

  test("Ctrl-C during a build leaves the database whole, and the next run builds cleanly", async () => {
    replaceFile(planted(), "const char kbloat_planted_table[300] = { 1 };\nchar kbloat_planted_buffer[4096];\n");
    replaceFile(join(tree, "init", "main.c"), `${readFileSync(join(tree, "init", "main.c"), "utf8")}\n/* touched */\n`);
    const before = JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length;
    const child = spawn(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, "build", tree], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    await new Promise((r) => setTimeout(r, 4000));
    child.kill("SIGINT");
    const code = await new Promise((r) => child.on("exit", (c) => r(c)));
    assert.equal(code, 130, stderr);
    assert.match(stderr, /interrupted/);
    const raw = new Database(db, { readonly: true });
    assert.equal(raw.pragma("integrity_check", { simple: true }), "ok");
    raw.close();
    assert.equal(JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length, before, "nothing half-stored");
    const head = buildTree();
    assert.equal(head.content - base.content, 100);
  });
});
