// The web layer without a browser: every document the pages read, by path, from a small real
// database; the same documents in a published folder; 404s that say what exists; no file
// outside the site, whatever the path; bad publish targets.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import type { BuildToSave, BuildStore, StoredMeasurement } from "../../src/app/build-record.js";
import { listSitePaths, readSiteDocument, type SiteContext } from "../../src/app/site-documents.js";
import { showView } from "../../src/app/views/build-view.js";
import { diffView } from "../../src/app/views/diff-view.js";
import { fromMeasurementDoc, type MeasurementDoc, type SymbolsDoc } from "../../src/app/views/measurement-doc.js";
import { seriesKey } from "../../src/app/views/series-view.js";
import { GRAINS } from "../../src/core/breakdown.js";
import { UserError } from "../../src/core/user-error.js";
import { publishSite } from "../../src/web/publish-site.js";
import { createWebApp } from "../../src/web/server.js";

const dir = mkdtempSync(join(tmpdir(), "kbloat-web-"));
let store: BuildStore;
let ctx: SiteContext;
const pages = join(dir, "pages");

const info = (n: number, status: "ok" | "failed" = "ok"): BuildToSave => ({
  identity: `tar:${n}|6.${n}.0|h|gcc`,
  name: `6.${n}.0@tiny`,
  source: `linux-6.${n}.tar.xz`,
  revision: `6.${n}.0`,
  sourceIdentity: null,
  sourceLocation: null,
  recipeData: null,
  recipe: "tiny",
  recipeHash: "h",
  arch: "x86_64",
  toolchain: "gcc 12",
  sourceDir: null,
  buildDir: null,
  status,
  failedStep: status === "ok" ? null : "compile",
  logTail: status === "ok" ? null : "init/main.c:1: error: <b>boom</b>\nmake: *** [vmlinux] Error 2",
  durationMs: 1000,
  compiled: 10,
});

const measurement = (grow: number): StoredMeasurement => ({
  totals: { text: 4000 + grow, data: 800, bss: 400, total: 5200 + grow },
  content: 3000 + grow,
  linkerMade: { text: 0, data: 0, bss: 64 },
  image: 2048,
  sections: [
    { name: ".text", size: 4000 + grow, addr: "0", class: "text" },
    { name: ".data", size: 800, addr: "8192", class: "data" },
    { name: ".bss", size: 400, addr: "12288", class: "bss" },
  ],
  symbols: [
    { name: "start_kernel", type: "T", size: 100 + grow, object: "init/main.o" },
    { name: "<img src=x>", type: "t", size: 50, object: "mm/slub.o" },
    { name: "jiffies", type: "D", size: 8, object: null },
  ],
  objects: [
    { path: "init/main.o", text: 1000 + grow, data: 100, bss: 0 },
    { path: "mm/slub.o", text: 1500, data: 200, bss: 200 },
  ],
  subsystems: new Map([["mm/slub.o", "SLAB ALLOCATOR"]]),
  config: "CONFIG_X=y\n",
});

before(async () => {
  mkdirSync(join(pages, "assets"), { recursive: true });
  writeFileSync(join(pages, "index.html"), "<!doctype html><title>kbloat</title>");
  writeFileSync(join(pages, "assets", "app.js"), "console.log(1)");
  writeFileSync(join(dir, "secret.json"), '{"secret":true}');
  symlinkSync(join(dir, "secret.json"), join(pages, "assets", "link.json"));
  store = openSqliteStore(join(dir, "k.db"));
  await store.saveBuild(info(1), measurement(0));
  await store.saveBuild(info(2, "failed"), null);
  await store.saveBuild(info(3), measurement(640));
  ctx = { store, cache: join(dir, "cache") };
});
after(() => store.close());

describe("documents", () => {
  test("the index lists the builds and the series", async () => {
    const doc = (await readSiteDocument(ctx, "api/index.json")) as {
      builds: { count: number; first: number; last: number };
      recipes: { recipe: string; key: string; builds: number }[];
    };
    assert.deepEqual(doc.builds, { count: 3, first: 1, last: 3 });
    const list = (await readSiteDocument(ctx, "api/builds.json")) as { builds: { id: number }[] };
    assert.deepEqual(
      list.builds.map((b) => b.id),
      [1, 2, 3],
    );
    assert.deepEqual(
      doc.recipes.map((r) => [r.recipe, r.key, r.builds]),
      [["tiny", seriesKey("tiny"), 3]],
    );
  });

  test("a build document gives back the measurement: every grain's view is the CLI's", async () => {
    const doc = (await readSiteDocument(ctx, "api/builds/3.json")) as MeasurementDoc;
    const symbols = (await readSiteDocument(ctx, "api/symbols/3.json")) as SymbolsDoc;
    const back = fromMeasurementDoc(JSON.parse(JSON.stringify(doc)), JSON.parse(JSON.stringify(symbols)));
    const stored = { build: (await store.findBuild("3"))!, m: (await store.loadMeasurement(3))! };
    for (const by of GRAINS.filter((g) => g !== "option")) {
      assert.deepEqual(showView(back.build, back.m, { by, depth: 1 }), showView(stored.build, stored.m, { by, depth: 1 }), by);
    }
    assert.deepEqual(
      back.m?.symbols.map((s) => s.object),
      ["init/main.o", "mm/slub.o", null],
    );
    assert.match(doc.option_note ?? "", /source tree of build 3/, "no Kbuild files, so no --by option, and the page says why");
  });

  test("a build's objects alone, as the stacked timeline reads them, are the measurement's", async () => {
    const m = (await store.loadMeasurement(3))!;
    assert.deepEqual(await store.loadObjects(3), { objects: m.objects, subsystems: m.subsystems });
  });

  test("the diff document equals the view of the two stored builds", async () => {
    const doc = await readSiteDocument(ctx, "api/diff/1/3/dir.json");
    const side = async (id: number) => ({ build: (await store.findBuild(String(id)))!, m: (await store.loadMeasurement(id))! });
    assert.deepEqual(doc, diffView(await side(1), await side(3), { by: "dir", depth: 1 }));
  });

  test("a failed build is a gap in its series, with the last line of its log as the cause", async () => {
    const doc = (await readSiteDocument(ctx, `api/series/${seriesKey("tiny")}.json`)) as {
      builds: { id: number; content: number | null; cause: string | null }[];
    };
    assert.deepEqual(
      doc.builds.map((b) => [b.id, b.content]),
      [
        [1, 3000],
        [2, null],
        [3, 3640],
      ],
    );
    assert.equal(doc.builds[1].cause, "make: *** [vmlinux] Error 2");
  });

  test("unknown builds, series and grains are NotInSite, saying what exists", async () => {
    await assert.rejects(readSiteDocument(ctx, "api/builds/99.json"), /no build 99; the builds are 1\.\.3/);
    await assert.rejects(
      readSiteDocument(ctx, "api/series/nope.json"),
      new RegExp(`no series nope; the series are: ${seriesKey("tiny").replace(/[+.]/g, "\\$&")}`),
    );
    await assert.rejects(readSiteDocument(ctx, "api/diff/1/3/colour.json"), /no grain colour; the grains are: section, dir/);
    await assert.rejects(readSiteDocument(ctx, "api/symbols/2.json"), /failed: it has no symbols/);
    // an unknown path names every kind of document, each of which is then found
    const listed = await readSiteDocument(ctx, "api/nope.json").then(
      () => assert.fail("api/nope.json was found"),
      (e: Error) => e.message.replace(/^no document api\/nope\.json; the documents are /, "").split(", "),
    );
    const key = seriesKey("tiny");
    const example = (name: string) => name.replace("KEY", key).replace("GRAIN", "dir").replace("ID", "1").replace("A/B", "1/3");
    assert.equal(listed.length, 9, listed.join(", "));
    for (const name of listed) assert.ok(await readSiteDocument(ctx, example(name)), name);
  });
});

describe("serve", () => {
  const request = (path: string) => createWebApp(ctx, pages).request(path);

  test("documents as JSON, 404 with the reason", async () => {
    const ok = await request("/api/builds/1.json");
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as MeasurementDoc).build.name, "6.1.0@tiny");
    const missing = await request("/api/builds/7.json");
    assert.equal(missing.status, 404);
    assert.match(((await missing.json()) as { error: string }).error, /no build 7/);
  });

  test("the pages' files, and nothing outside them", async () => {
    assert.equal((await request("/")).status, 200);
    assert.equal(await (await request("/assets/app.js")).text(), "console.log(1)");
    for (const path of [
      "/..%2fsecret.json",
      "/%2e%2e/secret.json",
      "/assets/..%2f..%2fsecret.json",
      "/assets/link.json",
      "/%2fetc%2fpasswd",
      "//etc/passwd",
      "/assets/%00.js",
      "/nope.html",
      "/..%5csecret.json",
    ]) {
      const r = await request(path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(await r.text(), /secret|root:/, path);
    }
  });
});

describe("publish", () => {
  test("every document the server gives, as files beside the pages", async () => {
    const out = join(dir, "site");
    const r = await publishSite(ctx, pages, out, false, () => {});
    const paths = await listSitePaths(ctx);
    assert.equal(r.documents, paths.length);
    for (const p of paths) assert.deepEqual(JSON.parse(readFileSync(join(out, p), "utf8")), JSON.parse(JSON.stringify(await readSiteDocument(ctx, p))), p);
    assert.ok(readdirSync(out).includes("index.html"));
    assert.ok(!paths.some((p) => p.includes("api/symbols/2.")), "no symbols for a failed build");
  });

  test("a file, a folder that is not empty, or one that cannot be made: a cause and a fix", async () => {
    writeFileSync(join(dir, "a-file"), "x");
    const expectUserError = async (target: string, pattern: RegExp, force = false) => {
      await assert.rejects(
        publishSite(ctx, pages, target, force, () => {}),
        (e: unknown) => e instanceof UserError && pattern.test(e.message) && (e.hint ?? "").length > 0,
      );
    };
    await expectUserError(join(dir, "a-file"), /it is a file/);
    await expectUserError(join(dir, "site"), /not empty/);
    await expectUserError(join(dir, "a-file", "sub"), /cannot publish into/);
    await publishSite(ctx, pages, join(dir, "site"), true, () => {});
  });
});

describe("reading never writes, and reads one state of the database", () => {
  test("a missing database is an error and nothing is created", async () => {
    const { openReadOnlyStore } = await import("../../src/app/open-store.js");
    const { existsSync } = await import("node:fs");
    const path = join(dir, "no", "such.db");
    assert.throws(
      () => openReadOnlyStore(path),
      (e: unknown) => e instanceof UserError && /no database at/.test(e.message),
    );
    assert.equal(existsSync(join(dir, "no")), false);
  });

  test("a read-only store sees a snapshot while another connection stores a build", async () => {
    const { openReadOnlyStore } = await import("../../src/app/open-store.js");
    const path = join(dir, "snap.db");
    const writer = openSqliteStore(path);
    await writer.saveBuild(info(1), measurement(0));
    const reader = openReadOnlyStore(path);
    const [before, after] = await reader.readSnapshot(async () => {
      const a = await reader.listBuilds();
      await writer.saveBuild(info(3), measurement(8));
      return [a, await reader.listBuilds()];
    });
    assert.deepEqual([before.length, after.length], [1, 1], "one state for the whole read");
    assert.equal((await reader.listBuilds()).length, 2, "the next read sees the new build");
    await assert.rejects(reader.saveBuild(info(4), null), /readonly/i);
    await reader.close();
    await writer.close();
  });
});

test("a read-only store upgrades an older database in place first, then reads it", async () => {
  const { openReadOnlyStore } = await import("../../src/app/open-store.js");
  const { MIGRATIONS, SCHEMA_VERSION } = await import("../../src/adapters/sqlite-schema.js");
  const Database = (await import("better-sqlite3")).default;
  const path = join(dir, "old.db");
  const raw = new Database(path);
  for (const stmt of MIGRATIONS[0]) raw.exec(stmt as string);
  raw.pragma("user_version = 1");
  raw.close();
  const reader = openReadOnlyStore(path);
  assert.deepEqual(await reader.listBuilds(), []);
  await reader.close();
  const check = new Database(path, { readonly: true });
  assert.equal(check.pragma("user_version", { simple: true }), SCHEMA_VERSION);
  check.close();
});
