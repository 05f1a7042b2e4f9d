// The SQLite store: a build and its measurement round-trip exactly, names are interned,
// a build with the same identity replaces the old one, and migrations are versioned.

import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { MIGRATIONS, SCHEMA_VERSION } from "../../src/adapters/sqlite-schema.js";
import type { BuildToSave, StoredCulprit, StoredMeasurement } from "../../src/app/build-record.js";

const info = (identity: string, name: string): BuildToSave => ({
  identity,
  name,
  source: "linux.tar.xz",
  revision: "6.12.1",
  sourceIdentity: null,
  sourceLocation: null,
  recipeData: null,
  recipe: "tiny",
  recipeHash: "abc",
  arch: "x86_64",
  toolchain: "gcc 12",
  sourceDir: "/src",
  buildDir: "/out",
  status: "ok",
  failedStep: null,
  logTail: null,
  durationMs: 1234,
  compiled: 500,
});

const m: StoredMeasurement = {
  totals: { text: 100, data: 20, bss: 3, total: 123 },
  content: 90,
  linkerMade: { text: 2, data: 0, bss: 3 },
  image: 77,
  sections: [{ name: ".text", size: 100, addr: "18446744071578845184", class: "text" }],
  symbols: [
    { name: "start_kernel", type: "T", size: 40 },
    { name: "helper", type: "t", size: 8 },
    { name: "helper", type: "t", size: 12 },
  ],
  objects: [{ path: "init/main.o", text: 50, data: 20, bss: 3 }],
  subsystems: new Map([["init/main.o", "INIT"]]),
  config: "CONFIG_X=y\n",
};

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

test("symbols' addresses round-trip, full 64-bit ones included, and stay absent where not recorded", async () => {
  const store = openSqliteStore(":memory:");
  const symbols = [
    { name: "early_dynamic_pgts", type: "B", size: 262144, addr: "ffffffff83a00000", object: "arch/x86/kernel/head64.o" },
    { name: "__pi_early_dynamic_pgts", type: "b", size: 262144, addr: "ffffffff83a00000", object: "arch/x86/kernel/head64.o" },
    { name: "old", type: "T", size: 4, object: null },
  ];
  const b = await store.saveBuild(info("id-addr", "a@tiny"), { ...m, symbols });
  assert.deepEqual(await store.loadSymbols(b.id), symbols);
  await store.close();
});

test("symbols' objects round-trip: an object, none, or not known", async () => {
  const store = openSqliteStore(":memory:");
  const symbols = [
    { name: "start_kernel", type: "T", size: 40, object: "init/main.o" },
    { name: "helper", type: "t", size: 8, object: "lib/helper.o" }, // an object with no ObjectSize row still interns
    { name: "_end", type: "B", size: 0, object: null },
  ];
  const known = await store.saveBuild(info("id-1", "a@tiny"), { ...m, symbols });
  assert.deepEqual((await store.loadMeasurement(known.id))?.symbols, symbols);
  assert.deepEqual(await store.loadSymbols(known.id), symbols);
  const unknown = await store.saveBuild(info("id-2", "b@tiny"), m);
  const loaded = await store.loadSymbols(unknown.id);
  assert.deepEqual(loaded, m.symbols);
  assert.ok(loaded.every((s) => !("object" in s)), "not known is not null");
  await store.close();
});

const culprit = (commit: string, delta: number): StoredCulprit => ({
  recipeHash: "abc",
  recipe: "tiny",
  commit,
  commits: [commit],
  subject: `subject of ${commit}`,
  author: "Kernel Dev",
  date: "2024-11-17T10:00:00+01:00",
  delta,
  sizeDelta: { text: 0, data: delta, bss: 0, total: delta },
  imageDelta: null,
  subsystems: ["INIT"],
  bySubsystem: [{ name: "INIT", delta }],
  baseBuild: 1,
  headBuild: 2,
  range: "a..b",
  threshold: 1024,
});

test("input sets and culprits round-trip; a commit found again replaces its row", async () => {
  const store = openSqliteStore(":memory:");
  const a = await store.saveBuild(info("id-1", "a@tiny"), { ...m, inputs: ["init/main.c", "include/linux/init.h"] });
  const b = await store.saveBuild(info("id-2", "b@tiny"), m);
  assert.deepEqual(await store.loadBuildInputs(a.id), new Set(["init/main.c", "include/linux/init.h"]));
  assert.equal(await store.loadBuildInputs(b.id), null, "not recorded is not the same as empty");
  await store.saveCulprits([culprit("c1", 8192), culprit("c2", -4096)]);
  await store.saveCulprits([{ ...culprit("c1", 8000), threshold: 512 }]);
  const all = await store.listCulprits();
  assert.deepEqual(all.map((c) => [c.commit, c.delta, c.threshold]), [["c1", 8000, 512], ["c2", -4096, 1024]]);
  assert.deepEqual(all[1], culprit("c2", -4096));
  await store.close();
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
