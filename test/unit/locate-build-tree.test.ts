// Which link map belongs to a vmlinux, in both eras of the kernel's link: before ~6.15 the
// linker writes vmlinux (map: vmlinux.map), since then vmlinux.unstripped, which objcopy
// strips into vmlinux (kbloat's linker wrapper: vmlinux.unstripped.map; CONFIG_VMLINUX_MAP: vmlinux.map).

import assert from "node:assert/strict";
import { mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { findLinkMap, locateBuildTree } from "../../src/adapters/locate-build-tree.js";

/** A build tree with these files, each written `age` seconds ago. */
function tree(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), "kbloat-tree-"));
  const now = Date.now() / 1000;
  for (const [name, age] of Object.entries(files)) {
    writeFileSync(join(dir, name), name);
    utimesSync(join(dir, name), now - age, now - age);
  }
  return dir;
}

test("each era's map is found: vmlinux.map before 6.15, vmlinux.unstripped.map after", () => {
  const old = tree({ vmlinux: 0, "vmlinux.map": 0 });
  assert.equal(findLinkMap(join(old, "vmlinux"), old), join(old, "vmlinux.map"));
  const now = tree({ "vmlinux.unstripped": 1, vmlinux: 0, "vmlinux.unstripped.map": 1 });
  assert.equal(locateBuildTree(join(now, "vmlinux")).linkMap, join(now, "vmlinux.unstripped.map"));
  assert.equal(findLinkMap(join(tree({ vmlinux: 0 }), "vmlinux"), tree({})), null);
});

test("a tree reused across eras keeps the other era's map: the newest is the last link's", () => {
  const forward = tree({ "vmlinux.map": 3600, "vmlinux.unstripped": 2, "vmlinux.unstripped.map": 2, vmlinux: 1 });
  assert.equal(findLinkMap(join(forward, "vmlinux"), forward), join(forward, "vmlinux.unstripped.map"));
  const back = tree({ "vmlinux.unstripped": 3600, "vmlinux.unstripped.map": 3600, "vmlinux.map": 1, vmlinux: 1 });
  assert.equal(findLinkMap(join(back, "vmlinux"), back), join(back, "vmlinux.map"));
});

test("a vmlinux measured under another name keeps its own map beside it", () => {
  const dir = tree({ "vmlinux-7.2": 0, "vmlinux-7.2.map": 0, "vmlinux.map": 60 });
  assert.equal(findLinkMap(join(dir, "vmlinux-7.2"), dir), join(dir, "vmlinux-7.2.map"));
});
