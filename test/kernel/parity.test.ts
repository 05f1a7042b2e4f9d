// kbloat's numbers against the kernel's own tools (size, nm, scripts/bloat-o-meter) on two
// real x86_64 tinyconfig kernels built from Debian's linux-source packages.

import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { bloatOMeterRulesOf, readBloatOMeterRules } from "../../src/core/bloat-o-meter.js";
import { checkRollupSums, isRestRow, LINKER_MADE, LINKER_PADDING } from "../../src/core/rollup.js";
import { kbloat, kbloatOk, type ShowJson, showJson, tarball, testDb, tool } from "./kernel-env.js";
import { allocatedSections, nmSymbols, sizeSections, sizeTotals, symbolRowsByName } from "./kernel-tools.js";

const db = testDb("parity");
const kernels: Record<string, ShowJson> = {};

before(() => {
  for (const v of ["6.1", "6.12"] as const) {
    kbloatOk(db, ["build", tarball(v), "--recipe", "tiny"]);
  }
  const list = JSON.parse(kbloatOk(db, ["--format", "json", "list"]));
  for (const b of list.builds) kernels[b.name.startsWith("6.12") ? "6.12" : "6.1"] = showJson(db, String(b.id));
});

const vmlinux = (k: ShowJson) => join(k.build.build_dir, "vmlinux");

describe("a real x86_64 tinyconfig kernel measures as the kernel's tools count it", () => {
  for (const v of ["6.1", "6.12"]) {
    test(`${v}: totals equal size's Berkeley figures`, () => {
      const k = kernels[v];
      assert.deepEqual({ text: k.totals.text, data: k.totals.data, bss: k.totals.bss, total: k.totals.total }, sizeTotals(vmlinux(k)));
      assert.equal(k.build.name, `${v === "6.1" ? "6.1" : "6.12"}.${k.build.name.split(".")[2].split("@")[0]}@tiny`);
    });

    test(`${v}: sections equal size -A's allocated sections`, () => {
      const k = kernels[v];
      const sysv = sizeSections(vmlinux(k));
      assert.ok(k.rows.length > 10);
      assert.deepEqual(new Set(k.rows.map((r) => r.name)), allocatedSections(vmlinux(k)));
      for (const r of k.rows) assert.equal(r.size, sysv.get(r.name), `section ${r.name}`);
      checkRollupSums(k.rows, k.totals);
    });

    test(`${v}: the symbol table equals nm's`, () => {
      const k = kernels[v];
      const ours = JSON.parse(kbloatOk(db, ["--format", "json", "show", String(k.build.id), "--by", "symbol"])).rows;
      assert.ok(ours.length > 1000);
      // every sized symbol nm lists, summed per name, is a row of ours (or an alias in one) with the same bytes
      assert.deepEqual(symbolRowsByName(ours), nmSymbols(vmlinux(k)));
    });

    test(`${v}: content is the link map's object bytes, and rows add up`, () => {
      const k = kernels[v];
      const objects = showJson(db, String(k.build.id), "object");
      const claimed = objects.rows.filter((r) => !isRestRow(r.name)).reduce((s, r) => s + r.size, 0);
      assert.equal(claimed, objects.totals.content);
      assert.ok(objects.rows.length > 300, "hundreds of built-in objects");
      assert.ok((k.totals.content ?? 0) > 1_000_000 && (k.totals.content ?? 0) < k.totals.total / 2, "content is well below size's padded total");
      checkRollupSums(objects.rows, objects.totals);
      for (const by of ["dir", "subsystem"]) checkRollupSums(showJson(db, String(k.build.id), by).rows, k.totals);
      const image = tool("stat", ["-c", "%s", join(k.build.build_dir, "arch/x86/boot/bzImage")]);
      assert.equal(k.totals.image, Number(image));
    });
  }

  for (const v of ["6.1", "6.12"]) {
    test(`${v}: what no object holds is what the kernel's linker script writes or reserves, and padding`, () => {
      const k = kernels[v];
      const rows = showJson(db, String(k.build.id), "dir").rows;
      // the generated script the link used: each `. += N` reservation and data statement in it
      const script = readFileSync(join(k.build.build_dir, "arch/x86/kernel/vmlinux.lds"), "utf8");
      const product = (expr: string) => expr.split("*").reduce((n, f) => n * Number(f.trim()), 1);
      const reserved = [...script.matchAll(/\. \+= ([0-9x* ]+);/g)].reduce((n, m) => n + product(m[1]), 0);
      assert.doesNotMatch(script, /\b(BYTE|SHORT|LONG|QUAD|SQUAD)\s*\(/, "tinyconfig's script has no data statements");
      assert.equal(reserved, 64 * 1024, "the brk slop reservation");
      const made = rows.find((r) => r.name === LINKER_MADE);
      assert.deepEqual(made && { text: made.text, data: made.data, bss: made.bss }, { text: 0, data: 0, bss: reserved });
      const padding = rows.find((r) => r.name === LINKER_PADDING);
      assert.equal(padding?.size, k.totals.total - (k.totals.content ?? 0) - reserved);
      // the two 2 MiB alignment gaps in the text region are padding, not content
      assert.ok((padding?.text ?? 0) > 3_000_000, `text padding ${padding?.text}`);
      checkRollupSums(rows, k.totals);
    });
  }

  test("each tree's own scripts/bloat-o-meter reads as the rules kbloat has for its release", () => {
    for (const v of ["6.1", "6.12"] as const) {
      const k = kernels[v];
      const read = readBloatOMeterRules(readFileSync(join(k.build.source_dir, "scripts", "bloat-o-meter"), "utf8"), v);
      assert.ok(read, `${v}'s script is of a shape kbloat reads`);
      assert.deepEqual({ ...read, from: "" }, { ...bloatOMeterRulesOf(v), from: "" });
    }
  });

  for (const mode of [[], ["-c"], ["-d"], ["-t"]]) {
    test(`diff --format bloat-o-meter ${mode.join(" ")} is byte for byte scripts/bloat-o-meter ${mode.join(" ")}`, () => {
      const a = kernels["6.1"];
      const b = kernels["6.12"];
      const script = join(b.build.source_dir, "scripts", "bloat-o-meter");
      const theirs = tool("python3", [script, ...mode, vmlinux(a), vmlinux(b)]);
      const ours = kbloatOk(db, ["diff", String(a.build.id), String(b.build.id), "--format", "bloat-o-meter", ...mode]);
      assert.ok(theirs.split("\n").length > 100, "a real diff with many lines");
      assert.equal(ours, theirs);
    });
  }

  test("measure of a kernel built elsewhere, without a link map: objects from vmlinux.a, content unknown", () => {
    const built = kernels["6.12"].build.build_dir;
    const elsewhere = mkdtempSync(join(tmpdir(), "kbloat-elsewhere-"));
    for (const entry of readdirSync(built)) if (entry !== "vmlinux.map") symlinkSync(join(built, entry), join(elsewhere, entry));
    const r = kbloat(db, ["--format", "json", "measure", join(elsewhere, "vmlinux"), "--name", "elsewhere"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /no link map .* objects are sized from vmlinux\.a's members/);
    const id = String(JSON.parse(r.stdout).build.id);
    const objects = showJson(db, id, "object");
    assert.equal(objects.totals.content, null);
    assert.deepEqual({ ...objects.totals, content: 0, image: 0 }, { ...kernels["6.12"].totals, content: 0, image: 0 });
    const members = tool("ar", ["t", join(built, "vmlinux.a")])
      .trim()
      .split("\n");
    assert.equal(objects.rows.filter((row) => !isRestRow(row.name)).length, new Set(members).size);
    checkRollupSums(objects.rows, objects.totals);
    checkRollupSums(showJson(db, id, "subsystem").rows, objects.totals);
  });
});
