// One contract for every BuildStore: the embedded SQLite file and a real PostgreSQL server
// (started by kbloat's own script) give back exactly what was stored, replace a Build of the
// same identity, keep one Build when two writers store it at once, and read one snapshot.

import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { execa } from "execa";
import pg from "pg";
import { POSTGRES_MIGRATIONS, POSTGRES_SCHEMA_8 } from "../../src/adapters/postgres-schema.js";
import { openPostgresStore } from "../../src/adapters/postgres-store.js";
import { SCHEMA_VERSION } from "../../src/adapters/sqlite-schema.js";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import type { BuildStore, StoredMeasurement } from "../../src/app/build-record.js";
import { openReadOnlyStore, openStore } from "../../src/app/open-store.js";
import { runCli } from "../../src/cli/main.js";
import { symbolSizeColumnsOf } from "../../src/core/symbol-columns.js";
import { UserError } from "../../src/core/user-error.js";
import { type PostgresServer, startPostgres } from "./postgres-server.js";
import { culprit, info, m, manySymbols } from "./store-fixtures.js";

const WRITER = new URL("./store-writer.ts", import.meta.url).pathname;

let server: PostgresServer;
let databases = 0;
before(() => {
  server = startPostgres();
});
after(() => server?.remove());

/** two handles on one new, empty database of the kind */
interface Backend {
  name: string;
  open(): Promise<{ db: string; a: BuildStore; b: BuildStore; readOnly: () => BuildStore }>;
}

const backends: Backend[] = [
  {
    name: "SQLite",
    async open() {
      const path = join(mkdtempSync(join(tmpdir(), "kbloat-contract-")), "k.db");
      return { db: path, a: openSqliteStore(path), b: openSqliteStore(path), readOnly: () => openReadOnlyStore(path) };
    },
  },
  {
    name: "PostgreSQL",
    async open() {
      const url = await server.newDatabase(`contract_${++databases}`);
      return { db: url, a: openPostgresStore(url), b: openPostgresStore(url), readOnly: () => openReadOnlyStore(url) };
    },
  },
];

for (const backend of backends) {
  describe(`the ${backend.name} store`, () => {
    test("a build round-trips whole, and the same identity replaces it", async () => {
      const { a, b } = await backend.open();
      const first = await a.saveBuild(info("id-1", "6.12.1@tiny"), m);
      assert.deepEqual(await a.loadMeasurement(first.id), m);
      const { symbols: _, ...withoutSymbols } = m;
      assert.deepEqual(await b.loadMeasurementWithoutSymbols(first.id), withoutSymbols, "all but the symbols, read by another connection");
      assert.deepEqual(first.sourceIdentity, { kind: "tarball", sha256: "ab".repeat(32) });
      assert.equal(first.sourceLocation, "/tarballs/linux.tar.xz");
      assert.deepEqual(await b.loadRecipe(first.id), info("", "").recipeData, "the whole recipe, read by another connection");
      const second = await a.saveBuild(info("id-1", "6.12.1@tiny"), { ...m, content: 91 });
      assert.equal((await a.listBuilds()).length, 1);
      assert.equal((await b.loadMeasurement(second.id))?.content, 91);
      const failed = await a.saveBuild({ ...info("id-2", "6.12.2@tiny"), status: "failed", failedStep: "link", logTail: "ld: error", recipeData: null }, null);
      assert.equal(failed.failedStep, "link");
      assert.equal(await a.loadMeasurement(failed.id), undefined);
      assert.equal(await a.loadMeasurementWithoutSymbols(failed.id), undefined);
      assert.equal(await a.loadRecipe(failed.id), null);
      assert.equal((await b.findBuild("6.12.1@tiny"))?.id, second.id);
      assert.equal((await b.findBuild(String(failed.id)))?.name, "6.12.2@tiny");
      assert.equal((await b.findBuildByIdentity("id-2"))?.id, failed.id);
      assert.equal(await b.findBuild("nothing@tiny"), undefined);
      await a.close();
      await b.close();
    });

    test("symbols' objects and addresses round-trip: an object, none, or not known", async () => {
      const { a, b } = await backend.open();
      const symbols = [
        { name: "early_dynamic_pgts", type: "B", size: 262144, addr: "ffffffff83a00000", object: "arch/x86/kernel/head64.o" },
        { name: "helper", type: "t", size: 8, object: "lib/helper.o" },
        { name: "_end", type: "B", size: 0, object: null },
      ];
      const known = await a.saveBuild(info("id-1", "a@tiny"), { ...m, symbols });
      assert.deepEqual((await b.loadMeasurement(known.id))?.symbols, symbols);
      assert.deepEqual(await b.loadSymbols(known.id), symbols);
      assert.deepEqual(await b.loadSymbolSizes(known.id), symbolSizeColumnsOf(symbols), "sizes alone, in nm's order");
      assert.deepEqual(await b.loadSymbolSizes(known.id + 1000), { names: [], types: [], sizes: [] }, "no such build: no symbols");
      const unknown = await a.saveBuild(info("id-2", "b@tiny"), m);
      const loaded = await b.loadSymbols(unknown.id);
      assert.deepEqual(loaded, m.symbols);
      assert.ok(
        loaded.every((s) => !("object" in s) && !("addr" in s)),
        "not known is not null",
      );
      assert.deepEqual(await b.loadObjects(unknown.id), { objects: m.objects, subsystems: m.subsystems });
      await a.close();
      await b.close();
    });

    test("the modules a build made round-trip with their objects; replacing the build replaces them", async () => {
      const { a, b } = await backend.open();
      const ext4 = {
        path: "fs/ext4/ext4.ko",
        file: 912_344,
        text: 500_000,
        data: 20_000,
        bss: 300,
        loaded: 540_672,
        init: 8192,
        objects: ["fs/ext4/super.o", "fs/ext4/inode.o"],
      };
      const loop = {
        path: "drivers/block/loop.ko",
        file: 60_000,
        text: 30_000,
        data: 2000,
        bss: 40,
        loaded: 40_960,
        init: 4096,
        objects: ["drivers/block/loop.o"],
      };
      const x = await a.saveBuild(info("id-1", "a@tiny"), { ...m, modules: [ext4, loop] });
      assert.deepEqual(await b.loadModules(x.id), [loop, ext4], "by path");
      const y = await a.saveBuild(info("id-2", "b@tiny"), m);
      assert.deepEqual(await b.loadModules(y.id), []);
      const again = await a.saveBuild(info("id-1", "a@tiny"), { ...m, modules: [loop] });
      assert.deepEqual(await b.loadModules(again.id), [loop]);
      assert.deepEqual(await b.loadModules(x.id), [], "the replaced build's modules went with it");
      await a.close();
      await b.close();
    });

    test("input sets and culprits round-trip; a commit found again replaces its row", async () => {
      const { a, b } = await backend.open();
      const x = await a.saveBuild(info("id-1", "a@tiny"), { ...m, inputs: ["init/main.c", "include/linux/init.h"] });
      const y = await a.saveBuild(info("id-2", "b@tiny"), m);
      assert.deepEqual(await b.loadBuildInputs(x.id), new Set(["init/main.c", "include/linux/init.h"]));
      assert.equal(await b.loadBuildInputs(y.id), null, "not recorded is not the same as empty");
      await a.saveCulprits([culprit("c1", 8192), culprit("c2", -4096)]);
      await a.saveCulprits([{ ...culprit("c1", 8000), threshold: 512 }]);
      const all = await b.listCulprits();
      assert.deepEqual(
        all.map((c) => [c.commit, c.delta, c.threshold]),
        [
          ["c1", 8000, 512],
          ["c2", -4096, 1024],
        ],
      );
      assert.deepEqual(all[1], culprit("c2", -4096));
      await a.close();
      await b.close();
    });

    test("two kbloats storing one Build at once leave one row with all of its symbols", async () => {
      const { a, db } = await backend.open();
      const writer = (identity: string) => execa("node", ["--import", "tsx", WRITER, db, identity]);
      await Promise.all([writer("same"), writer("same"), writer("other")]);
      const builds = await a.listBuilds();
      assert.deepEqual(builds.map((x) => x.identity).sort(), ["other", "same"]);
      const expected = manySymbols(5000);
      for (const x of builds) assert.deepEqual(await a.loadSymbols(x.id), expected);
      await a.close();
    });

    test("a read-only store reads one snapshot while another connection stores a build, and never writes", async () => {
      const { a, readOnly } = await backend.open();
      await a.saveBuild(info("id-1", "a@tiny"), m);
      const reader = readOnly();
      const [seen, again] = await reader.readSnapshot(async () => {
        const first = await reader.listBuilds();
        await a.saveBuild(info("id-2", "b@tiny"), m);
        return [first, await reader.listBuilds()];
      });
      assert.deepEqual([seen.length, again.length], [1, 1], "one state for the whole read");
      assert.equal((await reader.listBuilds()).length, 2, "the next read sees the new build");
      await reader.close();
      await a.close();
    });
  });
}

describe("PostgreSQL and SQLite", () => {
  test("kbloat --db gives the same show and diff on either", async () => {
    const run = async (db: string, args: string[]) => {
      let stdout = "";
      let stderr = "";
      const io = {
        stdout: { write: (x: string) => void (stdout += x) },
        stderr: { write: (x: string) => void (stderr += x) },
        env: { ...process.env, KBLOAT_CACHE: join(tmpdir(), "kbloat-contract-cache") },
      };
      const code = await runCli(["--db", db, ...args], io);
      assert.equal(code, 0, stderr);
      return stdout;
    };
    const grown: StoredMeasurement = {
      ...m,
      totals: { ...m.totals, text: 140, total: 163 },
      content: 130,
      symbols: [...m.symbols, { name: "new_helper", type: "T", size: 40 }],
    };
    const outputs: string[][] = [];
    for (const db of [join(mkdtempSync(join(tmpdir(), "kbloat-contract-")), "k.db"), await server.newDatabase("cli")]) {
      const store = openStore(db);
      await store.saveBuild(info("base", "6.12.1@tiny"), m);
      await store.saveBuild(info("head", "6.12.2@tiny"), grown);
      await store.close();
      outputs.push([
        await run(db, ["show", "1", "--format", "json"]),
        await run(db, ["diff", "1", "2", "--format", "bloat-o-meter"]),
        await run(db, ["diff", "6.12.1@tiny", "6.12.2@tiny", "--by", "symbol"]),
      ]);
    }
    assert.match(outputs[1][1], /new_helper/);
    assert.deepEqual(outputs[1], outputs[0]);
  });

  test("make the same tables and columns", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "kbloat-contract-")), "k.db");
    await openSqliteStore(path).close();
    const lite = new Database(path, { readonly: true });
    const tables = (lite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]).filter(
      (t) => !t.startsWith("sqlite_"),
    );
    const sqliteColumns = tables.map((t) => [t, (lite.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY name`).pluck().all(t) as string[]).join(",")]);
    lite.close();
    const url = await server.newDatabase("schema_compare");
    const store = openPostgresStore(url);
    await store.listBuilds();
    await store.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const res = await client.query(
      "SELECT table_name, string_agg(column_name::text, ',' ORDER BY column_name::text COLLATE \"C\") AS cols FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'kbloat_schema' GROUP BY table_name ORDER BY table_name",
    );
    await client.end();
    assert.deepEqual(
      res.rows.map((r) => [r.table_name, r.cols]),
      sqliteColumns,
    );
  });

  test("a database of schema 9 moves its symbols into columns, objects and addresses kept", async () => {
    const url = await server.newDatabase("schema_nine");
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const stmt of [...POSTGRES_SCHEMA_8, ...(POSTGRES_MIGRATIONS[9] as string[])]) await client.query(stmt);
    await client.query("CREATE TABLE kbloat_schema (version INTEGER NOT NULL); INSERT INTO kbloat_schema VALUES (9)");
    await client.query(`INSERT INTO builds (identity, name, source, revision, recipe, recipe_hash, arch, toolchain, status, created, total, symbol_objects)
      VALUES ('a', 'a@tiny', 's', 'r', 'tiny', 'h', 'x86_64', 'gcc', 'ok', '2024', 5, 1)`);
    await client.query("INSERT INTO names (name) VALUES ('zeta'), ('alpha'), ('fs/a.o')");
    await client.query(
      "INSERT INTO symbols (build_id, seq, name_id, type, size, object_id, addr) VALUES (1, 0, 1, 'T', 40, 3, 'ffffffff81000000'), (1, 1, 2, 't', 8, NULL, NULL)",
    );
    const store = openPostgresStore(url);
    assert.deepEqual(await store.loadSymbols(1), [
      { name: "zeta", type: "T", size: 40, object: "fs/a.o", addr: "ffffffff81000000" },
      { name: "alpha", type: "t", size: 8, object: null },
    ]);
    await store.close();
    const left = await client.query(
      "SELECT to_regclass('symbols')::text AS t, (SELECT count(*)::int FROM names) AS names, (SELECT version FROM kbloat_schema) AS v",
    );
    await client.end();
    assert.deepEqual(left.rows[0], { t: null, names: 0, v: SCHEMA_VERSION }, "no symbols table, no name only symbols used");
  });

  test("a server that goes away while kbloat runs: a cause and a fix, and no half-written Build", async () => {
    const own = startPostgres();
    try {
      const store = openPostgresStore(own.url);
      const kept = await store.saveBuild(info("kept", "a@tiny"), m);
      own.stop();
      await assert.rejects(
        store.saveBuild(info("lost", "b@tiny"), { ...m, symbols: manySymbols(20000) }),
        (e: unknown) =>
          e instanceof UserError &&
          /^lost the PostgreSQL database postgres:\/\/kbloat@127\.0\.0\.1:\d+\/kbloat: /.test(e.message) &&
          /rerun the same command/.test(e.hint ?? ""),
      );
      await store.close();
      own.restart();
      const again = openPostgresStore(own.url);
      assert.deepEqual(
        (await again.listBuilds()).map((b) => b.identity),
        ["kept"],
      );
      assert.deepEqual(await again.loadSymbols(kept.id), m.symbols);
      await again.close();
      const client = new pg.Client({ connectionString: own.url });
      await client.connect();
      const rows = await client.query("SELECT build_id, count FROM symbol_tables");
      await client.end();
      assert.deepEqual(rows.rows, [{ build_id: kept.id, count: m.symbols.length }], "no symbol of the lost Build is left behind");
    } finally {
      own.remove();
    }
  });

  test("an unreachable server or a database without kbloat's tables: a cause and a fix, nothing created", async () => {
    const down = openPostgresStore("postgres://kbloat:secret@127.0.0.1:1/kbloat");
    await assert.rejects(
      down.listBuilds(),
      (e: unknown) =>
        e instanceof UserError &&
        /cannot use the PostgreSQL database postgres:\/\/kbloat:\*\*\*@127\.0\.0\.1:1\/kbloat: .*ECONNREFUSED/.test(e.message) &&
        /start the server/.test(e.hint ?? ""),
    );
    await down.close();
    const url = await server.newDatabase("empty");
    const reader = openReadOnlyStore(url);
    await assert.rejects(reader.listBuilds(), (e: unknown) => e instanceof UserError && /holds no kbloat builds/.test(e.message));
    await reader.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'");
    await client.end();
    assert.equal(tables.rows[0].n, 0);
  });
});
