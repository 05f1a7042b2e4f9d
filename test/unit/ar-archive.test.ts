// Archive members as `ar t` lists them: thin archives made the way kbuild makes them
// (`ar cDPrST`, nested thin archives included) and ordinary ones.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ArchiveError, parseArchiveMembers } from "../../src/core/ar-archive.js";

const dir = mkdtempSync(join(tmpdir(), "kbloat-ar-"));
const files = ["a.o", "short/b.o", "a/rather/long/directory/name/member_with_a_long_name.o", "kernel/sysctl.o"];
for (const f of files) {
  mkdirSync(join(dir, f, ".."), { recursive: true });
  writeFileSync(join(dir, f), `contents of ${f}\n`);
}
const ar = (...args: string[]) => execFileSync("ar", args, { cwd: dir, encoding: "utf8" });
const listed = (archive: string) =>
  ar("t", archive)
    .trim()
    .split("\n")
    .map((p) => p.replace(`${dir}/`, ""));

test("a thin archive, as kbuild makes built-in.a", () => {
  ar("cDPrST", "thin.a", ...files);
  assert.deepEqual(parseArchiveMembers(readFileSync(join(dir, "thin.a"))), listed("thin.a"));
});

test("a thin archive of thin archives, as kbuild makes vmlinux.a", () => {
  ar("cDPrST", "inner.a", files[2], files[3]);
  ar("cDPrST", "outer.a", files[0], files[1]);
  ar("cDPrST", "vmlinux.a", "inner.a", "outer.a");
  assert.deepEqual(parseArchiveMembers(readFileSync(join(dir, "vmlinux.a"))), listed("vmlinux.a"));
});

test("an ordinary archive", () => {
  ar("crD", "plain.a", "a.o", "kernel/sysctl.o");
  assert.deepEqual(parseArchiveMembers(readFileSync(join(dir, "plain.a"))), ["a.o", "sysctl.o"]);
});

test("not an archive", () => {
  assert.throws(() => parseArchiveMembers(new TextEncoder().encode("hello world\n")), ArchiveError);
});
