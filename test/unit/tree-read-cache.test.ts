// What the tree readers made is used again only while every file they read, and every folder
// they listed, is as it was: a changed, added or removed Kconfig file is seen.

import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { readKconfigFacts } from "../../src/adapters/read-kconfig-facts.js";
import { readKconfigTree } from "../../src/adapters/read-kconfig-tree.js";
import { KEPT_ENTRIES, readThroughCacheSync } from "../../src/adapters/tree-read-cache.js";
import { describeBuiltin } from "../../src/core/kconfig/describe-builtin.js";
import { parseDotConfig } from "../../src/core/kconfig/dot-config.js";
import { explainBuiltins } from "../../src/core/kconfig/explain-builtins.js";
import type { KconfigFacts } from "../../src/core/kconfig/kconfig-facts.js";

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
  assert.deepEqual(
    readThroughCacheSync(null, { tree }, [], () => "no cache"),
    "no cache",
  );
});

test("readKconfigFacts: the same facts from the cache as read, and a changed, added or removed Kconfig file is seen", async () => {
  const tree = fresh();
  const cache = fresh();
  cpSync(join(import.meta.dirname, "..", "fixtures", "kconfig", "sources-relative-optional-and-globbed"), tree, { recursive: true });
  const config = parseDotConfig("CONFIG_DRIVERS=y\nCONFIG_NET_DRIVER=y\nCONFIG_EXT4=y\n");
  const read = async () => (await readKconfigFacts(tree, { arch: "x86_64" }, cache)).facts;
  const explained = (f: KconfigFacts) => explainBuiltins(f, config).map(describeBuiltin);
  const whole = readKconfigTree(tree, { arch: "x86_64" }).model;
  const first = await read();
  assert.equal(readdirSync(join(cache, "parsed")).length, 1, "kept");
  const second = await read();
  assert.deepEqual([...second.symbols.keys()], [...whole.symbols.keys()]);
  assert.deepEqual(explained(second), explained(whole));
  assert.deepEqual(explained(first), explained(whole));
  // changed: a file it read
  const edit = (path: string, text: string) => {
    writeFileSync(join(tree, path), text);
    utimesSync(join(tree, path), new Date(), new Date(Date.now() + 5000));
  };
  edit("drivers/net/Kconfig", 'config NET_DRIVER\n\ttristate "A network driver"\n');
  assert.equal((await read()).symbols.get("NET_DRIVER")?.type, "tristate", "a changed file is seen");
  // added: the file an osource found absent, and a folder a glob matches
  mkdirSync(join(tree, "missing"));
  edit("missing/Kconfig", 'config ADDED\n\tbool "added"\n');
  assert.ok((await read()).symbols.has("ADDED"), "a file that was absent is seen");
  mkdirSync(join(tree, "fs", "xfs"));
  edit("fs/xfs/Kconfig", 'config XFS\n\ttristate "xfs"\n');
  assert.ok((await read()).symbols.has("XFS"), "a file a glob now matches is seen");
  // removed
  rmSync(join(tree, "fs", "btrfs", "Kconfig"));
  const after = await read();
  assert.ok(!after.symbols.has("BTRFS") && after.symbols.has("EXT4"), "a removed file is seen");
  assert.deepEqual(explained(after), explained(readKconfigTree(tree, { arch: "x86_64" }).model));
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
