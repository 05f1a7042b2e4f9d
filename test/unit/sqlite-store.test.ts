// What is SQLite's own: names are interned, a replaced build's rows are gone, and migrations
// are versioned (PRAGMA user_version). What every store does is in store-contract.test.ts.

import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { MIGRATIONS, SCHEMA_VERSION } from "../../src/adapters/sqlite-schema.js";
import { info, m } from "./store-fixtures.js";

test("a build round-trips, and the same identity replaces it", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "kbloat-store-")), "k.db");
  const store = openSqliteStore(path);
  const first = await store.saveBuild(info("id-1", "6.12.1@tiny"), m);
  assert.equal(first.id, 1);
  assert.deepEqual(await store.loadMeasurement(first.id), m);
  const second = await store.saveBuild(info("id-1", "6.12.1@tiny"), { ...m, content: 91 });
  assert.equal((await store.listBuilds()).length, 1);
  assert.equal((await store.loadMeasurement(second.id))?.content, 91);
  const failed = await store.saveBuild({ ...info("id-2", "6.12.2@tiny"), status: "failed", failedStep: "link", logTail: "ld: error" }, null);
  assert.equal(failed.failedStep, "link");
  assert.equal(await store.loadMeasurement(failed.id), undefined);
  assert.equal((await store.findBuild("6.12.1@tiny"))?.id, second.id);
  assert.equal((await store.findBuild(String(failed.id)))?.name, "6.12.2@tiny");
  await store.close();
  const raw = new Database(path, { readonly: true });
  assert.equal(raw.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  const names = raw.prepare("SELECT count(*) AS n FROM names WHERE name = 'helper'").get() as { n: number };
  assert.equal(names.n, 1, "symbol names are interned");
  assert.equal((raw.prepare("SELECT count(*) AS n FROM symbols").get() as { n: number }).n, 3, "the replaced build's rows are gone");
  raw.close();
});

test("a database of schema 1 is upgraded in place and keeps its builds", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "kbloat-store-")), "old.db");
  const raw = new Database(path);
  for (const stmt of MIGRATIONS[0]) raw.exec(stmt as string);
  raw.pragma("user_version = 1");
  raw.prepare("INSERT INTO builds (identity, name, source, revision, recipe, recipe_hash, arch, toolchain, status, created, total) VALUES ('i', 'old@tiny', 's', 'r', 'tiny', 'h', 'x86_64', 'gcc', 'ok', '2024', 5)").run();
  raw.prepare("INSERT INTO names (id, name) VALUES (1, 'start_kernel')").run();
  raw.prepare("INSERT INTO symbols (build_id, seq, name_id, type, size) VALUES (1, 0, 1, 'T', 40)").run();
  raw.close();
  const store = openSqliteStore(path);
  const [old] = await store.listBuilds();
  assert.equal(old.name, "old@tiny");
  assert.equal(await store.loadBuildInputs(old.id), null);
  assert.deepEqual(await store.listCulprits(), []);
  assert.deepEqual(await store.loadSymbols(old.id), [{ name: "start_kernel", type: "T", size: 40 }], "an old build's objects are not known");
  const symbols = [{ name: "start_kernel", type: "T", size: 41, object: "init/main.o" }];
  const fresh = await store.saveBuild(info("id-new", "new@tiny"), { ...m, symbols });
  assert.deepEqual(await store.loadSymbols(fresh.id), symbols, "the upgraded database records them");
  await store.close();
  const after = new Database(path, { readonly: true });
  assert.equal(after.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  after.close();
});
