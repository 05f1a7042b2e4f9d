// A kernel linked from vmlinux.o: under CONFIG_X86_KERNEL_IBT (on in x86_64 defconfig since 6.2)
// scripts/link-vmlinux.sh links vmlinux from vmlinux.o alone, so its link map names one object.
// On a real 6.12 tinyconfig with IBT turned on, every byte must still be an object's: content is
// the sum of the objects, every object is one of vmlinux.a's (or a lib.a's) members, objtool's
// tables in vmlinux.o go to the objects they point into, every sized symbol is placed in the object
// whose own symbol table defines it, and modules places the objects under options.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import { readMeasurement } from "../../src/adapters/read-measurement.js";
import { parseElf } from "../../src/core/elf.js";
import { parseLinkMap } from "../../src/core/link-map.js";
import { kbloatOk, type ShowJson, showJson, tarball, testDb, tool } from "./kernel-env.js";
import { isRestRow } from "../../src/core/rollup.js";

const db = testDb("relocatable");
let show: ShowJson;
let buildDir: string;

before(() => {
  kbloatOk(db, ["build", tarball("6.12"), "--recipe", "tiny", "--enable", "X86_KERNEL_IBT"]);
  show = showJson(db, "1", "object");
  buildDir = show.build.build_dir;
});

test("the final link took vmlinux.o alone, so its own map names no object of vmlinux.a", () => {
  const inputs = parseLinkMap(readFileSync(join(buildDir, "vmlinux.map"), "latin1")).filter((s) => s.size > 0);
  const files = new Set(inputs.map((s) => s.file));
  assert.ok(files.has("vmlinux.o"), [...files].join(", "));
  assert.ok(!files.has("kernel/fork.o"), "no member of vmlinux.a in the final map");
  assert.match(readFileSync(join(buildDir, ".config"), "utf8"), /^CONFIG_X86_KERNEL_IBT=y$/m);
});

test("content is the sum of the objects, and every object is a member of vmlinux.a or a lib.a", () => {
  const archives = ["vmlinux.a", "lib/lib.a", "arch/x86/lib/lib.a"];
  const members = new Set(archives.flatMap((a) => tool("ar", ["t", a], buildDir).trim().split("\n")));
  const rows = show.rows.filter((r) => !isRestRow(r.name));
  assert.ok(rows.length > 400, `${rows.length} objects`);
  const notMembers = rows.map((r) => r.name).filter((p) => !members.has(p) && p !== "init/version-timestamp.o" && p !== "vmlinux.o");
  assert.deepEqual(notMembers, []);
  // objtool wrote its tables into vmlinux.o after ld -r (the IBT seal list, the static call
  // sites): their entries went to the objects they point into, and what stays vmlinux.o's is the
  // final link's own SHA-1 build-id note (16 + 20 bytes)
  const tables = parseElf(readFileSync(join(buildDir, "vmlinux.o"))).sections.filter((x) => [".ibt_endbr_seal", ".static_call_sites"].includes(x.name));
  assert.equal(tables.length, 2);
  assert.ok(
    tables.every((x) => x.size > 1000),
    tables.map((x) => `${x.name} ${x.size}`).join(", "),
  );
  assert.equal(rows.find((r) => r.name === "vmlinux.o")?.size, 36);
  assert.equal(
    rows.reduce((n, r) => n + r.size, 0),
    show.totals.content,
  );
  assert.ok((show.totals.content ?? 0) > 1_500_000, `content ${show.totals.content}`);
});

test("every sized symbol is placed in the object that defines it", () => {
  const m = readMeasurement(join(buildDir, "vmlinux"), join(buildDir, "vmlinux.map"), null);
  const definedIn = new Map<string, string[]>();
  for (const o of m.objects) {
    if (o.path === "vmlinux.o") continue;
    for (const s of parseElf(readFileSync(join(buildDir, o.path))).symbols) {
      if (s.type === "U" || s.size === 0) continue;
      definedIn.set(s.name, [...(definedIn.get(s.name) ?? []), o.path]);
    }
  }
  let checked = 0;
  for (const s of m.symbols) {
    const owners = definedIn.get(s.name);
    if (s.size === 0 || !owners || owners.length !== 1) continue;
    assert.equal(s.object, owners[0], s.name);
    checked++;
  }
  assert.ok(checked > 5000, `${checked} symbols checked`);
});

test("modules places the objects under their options", () => {
  const r = JSON.parse(kbloatOk(db, ["--format", "json", "modules", "1"]));
  const s = r.summary;
  assert.equal(r.kernel_proper, show.totals.content);
  assert.ok(s.unattributed + s.unexplained < r.kernel_proper / 100, `unplaced ${s.unattributed} + ${s.unexplained} of ${r.kernel_proper}`);
  const owning = r.options.filter((o: { bytes: number }) => o.bytes > 0).length;
  assert.ok(owning > 20, `${owning} options own bytes`);
});
