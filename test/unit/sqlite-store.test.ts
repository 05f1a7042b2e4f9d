// What is SQLite's own: names are interned, a replaced build's rows are gone, and migrations
// are versioned (PRAGMA user_version). What every store does is in store-contract.test.ts.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
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
  const names = raw.prepare("SELECT name FROM names ORDER BY name").pluck().all();
  assert.deepEqual(
    names,
    [...new Set([...m.objects.map((o) => o.path), ...m.subsystems.values()])].sort(),
    "object paths and subsystems are interned, symbol names are not",
  );
  assert.deepEqual(
    raw.prepare("SELECT build_id, count FROM symbol_tables").all(),
    [{ build_id: second.id, count: m.symbols.length }],
    "one row of columns a build, the replaced build's gone",
  );
  raw.close();
});

test("a database of schema 1 is upgraded in place and keeps its builds", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "kbloat-store-")), "old.db");
  const raw = new Database(path);
  for (const stmt of MIGRATIONS[0]) raw.exec(stmt as string);
  raw.pragma("user_version = 1");
  raw
    .prepare(
      "INSERT INTO builds (identity, name, source, revision, recipe, recipe_hash, arch, toolchain, status, created, total) VALUES ('i', 'old@tiny', 's', 'r', 'tiny', 'h', 'x86_64', 'gcc', 'ok', '2024', 5)",
    )
    .run();
  raw.prepare("INSERT INTO names (id, name) VALUES (1, 'start_kernel')").run();
  raw.prepare("INSERT INTO names (id, name) VALUES (2, 'init/main.o')").run();
  raw.prepare("INSERT INTO symbols (build_id, seq, name_id, type, size) VALUES (1, 0, 1, 'T', 40)").run();
  raw.prepare("INSERT INTO objects (build_id, path_id, text, data, bss) VALUES (1, 2, 40, 0, 0)").run();
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
  assert.equal(after.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'symbols'").pluck().get(), 0, "the rows moved into columns");
  const kept = after.prepare("SELECT name FROM names").pluck().all();
  assert.ok(kept.includes("init/main.o") && !kept.includes("start_kernel"), "a name only symbols used is gone, an object's stays");
  after.close();
});

test("schema 10 moves every build's symbols into columns: objects, addresses and nm's order kept, unknown objects left unknown", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "kbloat-store-")), "nine.db");
  const raw = new Database(path);
  for (const steps of MIGRATIONS.slice(0, 9)) for (const step of steps) typeof step === "string" ? raw.exec(step) : step(raw);
  raw.pragma("user_version = 9");
  const build = raw.prepare(
    "INSERT INTO builds (identity, name, source, revision, recipe, recipe_hash, arch, toolchain, status, created, total, symbol_objects) VALUES (?, ?, 's', 'r', 'tiny', 'h', 'x86_64', 'gcc', 'ok', '2024', 5, ?)",
  );
  build.run("a", "a@tiny", 1);
  build.run("b", "b@tiny", null);
  const name = raw.prepare("INSERT INTO names (name) VALUES (?)");
  for (const n of ["zeta", "alpha", "fs/a.o", "alpha.cold"]) name.run(n);
  const symbol = raw.prepare("INSERT INTO symbols (build_id, seq, name_id, type, size, object_id, addr) VALUES (?, ?, ?, ?, ?, ?, ?)");
  symbol.run(1, 0, 1, "T", 40, 3, "ffffffff81000000");
  symbol.run(1, 1, 2, "t", 8, null, null);
  symbol.run(1, 2, 4, "t", 12, 3, "ffffffff81000040");
  symbol.run(2, 0, 2, "D", 4, null, null);
  raw.close();
  const store = openSqliteStore(path);
  assert.deepEqual(await store.loadSymbols(1), [
    { name: "zeta", type: "T", size: 40, object: "fs/a.o", addr: "ffffffff81000000" },
    { name: "alpha", type: "t", size: 8, object: null },
    { name: "alpha.cold", type: "t", size: 12, object: "fs/a.o", addr: "ffffffff81000040" },
  ]);
  assert.deepEqual(await store.loadSymbols(2), [{ name: "alpha", type: "D", size: 4 }], "b recorded no objects: not known stays not known");
  assert.deepEqual(await store.loadSymbolSizes(1), { names: ["zeta", "alpha", "alpha.cold"], types: ["T", "t", "t"], sizes: [40, 8, 12] });
  await store.close();
});

test("a new database another process holds the write lock on is waited for, not refused", async () => {
  const path = join(mkdtempSync(join(tmpdir(), "kbloat-locked-")), "kbloat.db");
  // the other process takes the lock on the fresh file, as a second kbloat creating it does,
  // and lets go after a while; switching to WAL meets that lock with an immediate SQLITE_BUSY
  const holder = spawn(
    process.execPath,
    [
      "-e",
      `const db = new (require("better-sqlite3"))(${JSON.stringify(path)}); db.exec("BEGIN IMMEDIATE; CREATE TABLE t (x)");
            console.log("held"); setTimeout(() => { db.exec("COMMIT"); db.close(); }, 700);`,
    ],
    { cwd: new URL("../..", import.meta.url).pathname, stdio: ["ignore", "pipe", "inherit"] },
  );
  const exited = new Promise((r) => holder.on("exit", r));
  await new Promise((r) => holder.stdout.once("data", r));
  const before = Date.now();
  const store = openSqliteStore(path);
  const waited = Date.now() - before;
  await exited;
  await store.close();
  assert.ok(waited >= 300, `opened after ${waited} ms, while the lock was still held`);
  const raw = new Database(path, { readonly: true });
  assert.equal(raw.pragma("journal_mode", { simple: true }), "wal");
  assert.equal(raw.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  raw.close();
});
