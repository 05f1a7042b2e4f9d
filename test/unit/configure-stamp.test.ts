// A build tree's configure stamp: kept only while the .config it names is the one in the tree.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { readConfiguredKey, removeConfigureStamp, writeConfigureStamp } from "../../src/adapters/configure-stamp.js";

const dir = mkdtempSync(join(tmpdir(), "kbloat-stamp-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("the key written after a configure is read back while the .config is the one it made", () => {
  assert.equal(readConfiguredKey(dir), null, "no stamp yet");
  writeFileSync(join(dir, ".config"), "CONFIG_64BIT=y\n");
  writeConfigureStamp(dir, "key-1");
  assert.equal(readConfiguredKey(dir), "key-1");
});

test("a .config changed since (by hand, by menuconfig) makes the stamp void", () => {
  writeFileSync(join(dir, ".config"), "CONFIG_64BIT=y\n");
  writeConfigureStamp(dir, "key-2");
  writeFileSync(join(dir, ".config"), "CONFIG_64BIT=y\nCONFIG_PRINTK=y\n");
  assert.equal(readConfiguredKey(dir), null);
});

test("removed before configuring, and a broken stamp reads as none", () => {
  writeFileSync(join(dir, ".config"), "CONFIG_64BIT=y\n");
  writeConfigureStamp(dir, "key-3");
  removeConfigureStamp(dir);
  assert.equal(readConfiguredKey(dir), null);
  writeFileSync(join(dir, "kbloat-configured.json"), "{ not json");
  assert.equal(readConfiguredKey(dir), null);
});

test("no .config at all: no key", () => {
  writeFileSync(join(dir, ".config"), "CONFIG_64BIT=y\n");
  writeConfigureStamp(dir, "key-4");
  rmSync(join(dir, ".config"));
  assert.equal(readConfiguredKey(dir), null);
});
