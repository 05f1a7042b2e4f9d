// What the tree readers made is used again only while every file they read, and every folder
// they listed, is as it was: a changed, added or removed Kconfig file is seen.

import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readKconfigTree } from "../../src/adapters/read-kconfig-tree.js";
import { KEPT_ENTRIES, readThroughCacheSync } from "../../src/adapters/tree-read-cache.js";

const fresh = () => mkdtempSync(join(tmpdir(), "kbloat-parse-cache-"));

test("a second read is served from the cache until a file it read, or a folder it listed, changes", () => {
  const tree = fresh();
  const cache = fresh();
  writeFileSync(join(tree, "a"), "one");
  let reads = 0;
  const read = () =>
    readThroughCacheSync(cache, { tree }, [], (t) => {
      reads++;
      return { a: t.readText(join(tree, "a")), b: t.readText(join(tree, "b")), names: t.list(tree) };
    });
  assert.deepEqual(read(), { a: "one", b: null, names: ["a"] });
  assert.deepEqual(read(), { a: "one", b: null, names: ["a"] });
  assert.equal(reads, 1, "the second read came from the cache");
  writeFileSync(join(tree, "a"), "two");
  utimesSync(join(tree, "a"), new Date(), new Date(Date.now() + 5000));
  assert.equal(read().a, "two");
  writeFileSync(join(tree, "b"), "new");
  assert.deepEqual(read(), { a: "two", b: "new", names: ["a", "b"] }, "a file that was absent and is there now");
  assert.equal(reads, 3);
  assert.equal(readdirSync(join(cache, "parsed")).length, 1, "one entry per key");
  rmSync(join(tree, "b"));
  assert.deepEqual(read().names, ["a"]);
  assert.deepEqual(readThroughCacheSync(null, { tree }, [], () => "no cache"), "no cache");
});

test("readKconfigTree: the same model from the cache, and a changed Kconfig file is seen", () => {
  const tree = fresh();
  const cache = fresh();
  cpSync(join(import.meta.dirname, "..", "fixtures", "kconfig", "hidden-prompts-name-what-shows-them"), tree, { recursive: true });
  const direct = readKconfigTree(tree, { arch: "x86_64", cache: null });
  const first = readKconfigTree(tree, { arch: "x86_64", cache });
  const second = readKconfigTree(tree, { arch: "x86_64", cache });
  assert.deepEqual(second.model, direct.model);
  assert.deepEqual(first.model, direct.model);
  assert.equal(second.model.symbols.get("CPU_SUP_INTEL")?.type, "bool");
  writeFileSync(join(tree, "Kconfig"), `${readFileSync(join(tree, "Kconfig"), "utf8")}\nconfig KBLOAT_ADDED\n\tbool "added"\n`);
  utimesSync(join(tree, "Kconfig"), new Date(), new Date(Date.now() + 5000));
  assert.ok(readKconfigTree(tree, { arch: "x86_64", cache }).model.symbols.has("KBLOAT_ADDED"), "the change is seen");
});

test("the least recently used entries go beyond the ones kept", () => {
  const cache = fresh();
  const tree = fresh();
  // apart in time, so that the file system's clock orders them
  const pause = () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  for (let i = 0; i <= KEPT_ENTRIES + 2; i++) {
    readThroughCacheSync(cache, { tree, i }, [], () => i);
    pause();
  }
  assert.equal(readdirSync(join(cache, "parsed")).length, KEPT_ENTRIES);
  let reads = 0;
  readThroughCacheSync(cache, { tree, i: KEPT_ENTRIES + 2 }, [], () => reads++);
  assert.equal(reads, 0, "the newest is kept");
  readThroughCacheSync(cache, { tree, i: 0 }, [], () => reads++);
  assert.equal(reads, 1, "the oldest went");
});
