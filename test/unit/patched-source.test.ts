// A patched copy of a source tree: links to the original, real copies of what a patch changes,
// the original never touched; the next build's patches start from the original again.

import assert from "node:assert/strict";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { preparePatchedSource } from "../../src/adapters/patched-source.js";

const diff = (file: string, from: string, to: string) => `--- a/${file}\n+++ b/${file}\n@@ -1,2 +1,2 @@\n-${from}\n+${to}\n end\n`;

test("the patched file is a real copy, the rest links to the original, which stays as it was", () => {
  const src = mkdtempSync(join(tmpdir(), "kbloat-src-"));
  mkdirSync(join(src, "init"));
  writeFileSync(join(src, "init", "Kconfig"), "bool\nend\n");
  writeFileSync(join(src, "Makefile"), "all:\n");
  const shadow = join(mkdtempSync(join(tmpdir(), "kbloat-shadow-")), "tree.src");
  const log: string[] = [];
  assert.equal(
    preparePatchedSource(src, shadow, [{ path: "a.patch", text: diff("init/Kconfig", "bool", "tristate") }], (t) => log.push(t)),
    null,
  );
  assert.equal(readFileSync(join(shadow, "init", "Kconfig"), "utf8"), "tristate\nend\n");
  assert.equal(readFileSync(join(src, "init", "Kconfig"), "utf8"), "bool\nend\n", "the original is untouched");
  assert.ok(lstatSync(join(shadow, "Makefile")).isSymbolicLink());
  assert.ok(!lstatSync(join(shadow, "init", "Kconfig")).isSymbolicLink());
  // the next build patches something else: Kconfig is the original again, newer than before
  const before = statSync(join(shadow, "init", "Kconfig")).mtimeMs;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  writeFileSync(join(src, "other"), "x\nend\n");
  assert.equal(
    preparePatchedSource(src, shadow, [{ path: "b.patch", text: diff("other", "x", "y") }], () => {}),
    null,
  );
  assert.equal(readFileSync(join(shadow, "init", "Kconfig"), "utf8"), "bool\nend\n");
  assert.ok(statSync(join(shadow, "init", "Kconfig")).mtimeMs > before, "newer than what was built from the patched one");
  assert.equal(readFileSync(join(shadow, "other"), "utf8"), "y\nend\n");
  // a patch that does not apply says so
  const refused = preparePatchedSource(src, shadow, [{ path: "c.patch", text: diff("init/Kconfig", "nothing-like-it", "z") }], () => {});
  assert.match(refused ?? "", /^c\.patch does not apply: /);
});

test("a copy made from another tree is made again", () => {
  const a = mkdtempSync(join(tmpdir(), "kbloat-src-"));
  const b = mkdtempSync(join(tmpdir(), "kbloat-src-"));
  writeFileSync(join(a, "f"), "from a\nend\n");
  writeFileSync(join(b, "f"), "from b\nend\n");
  const shadow = join(mkdtempSync(join(tmpdir(), "kbloat-shadow-")), "tree.src");
  assert.equal(
    preparePatchedSource(a, shadow, [], () => {}),
    null,
  );
  assert.equal(readFileSync(join(shadow, "f"), "utf8"), "from a\nend\n");
  assert.equal(
    preparePatchedSource(b, shadow, [], () => {}),
    null,
  );
  assert.equal(readFileSync(join(shadow, "f"), "utf8"), "from b\nend\n");
});
