// The dashboard in real Chromium, on real builds (x86_64 tinyconfig of 6.1 and 6.12, and a
// tiny+mod build), served by `kbloat serve` and published by `kbloat publish` behind a plain
// static server. Every number checked on a page is the CLI's JSON for the same build or diff;
// clicks go through the real charts; commit text with markup in it stays text.

import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { launchBrowser, openView, screenshot, serveFolder, waitDrawn, type Watched, watchedPage } from "./browser.js";
import { kbloatOk, ROOT, showJson, tarball, testDb } from "./kernel-env.js";

const db = testDb("web");
const XSS_SUBJECT = "<img src=x onerror=alert(1)>";
const XSS_AUTHOR = '"><script>alert(2)</script>';
const COMMIT = "c0ffee".repeat(6) + "c0ff";

let browser: Browser;
let server: ChildProcess;
let published: { url: string; close: () => Promise<void> };
const sites: { name: string; url: string }[] = [];
const watched: Watched[] = [];

function startServe(database = db): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", database, "serve", "--port", "0"], { stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((done, fail) => {
    let err = "";
    proc.stderr?.on("data", (d) => {
      err += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
      if (m) done({ proc, url: m[1] });
    });
    proc.on("exit", (code) => fail(new Error(`kbloat serve exited ${code}: ${err}`)));
  });
}

before(async () => {
  kbloatOk(db, ["build", tarball("6.1")]);
  kbloatOk(db, ["build", tarball("6.12")]);
  kbloatOk(db, ["build", tarball("6.12"), "--recipe", "tiny+mod", "--enable", "SIGNALFD"]);
  const [a, b] = [showJson(db, "1"), showJson(db, "2")];
  const store = openSqliteStore(db);
  const head = (await store.findBuild("2"))!;
  const delta = (b.totals.content ?? 0) - (a.totals.content ?? 0);
  await store.saveCulprits([
    {
      recipeHash: head.recipeHash,
      recipe: "tiny",
      commit: COMMIT,
      commits: [COMMIT],
      subject: XSS_SUBJECT,
      author: XSS_AUTHOR,
      date: "2024-11-17T10:00:00Z",
      delta,
      sizeDelta: {
        text: b.totals.text - a.totals.text,
        data: b.totals.data - a.totals.data,
        bss: b.totals.bss - a.totals.bss,
        total: b.totals.total - a.totals.total,
      },
      imageDelta: (b.totals.image ?? 0) - (a.totals.image ?? 0),
      subsystems: ["<b>SUB</b>"],
      bySubsystem: [{ name: "<b>SUB</b>", delta }],
      baseBuild: 1,
      headBuild: 2,
      range: "v6.1..v6.12",
      threshold: 1024,
    },
  ]);
  await store.close();
  const served = await startServe();
  server = served.proc;
  const out = join(mkdtempSync(join(tmpdir(), "kbloat-site-")), "site");
  kbloatOk(db, ["publish", out]);
  published = await serveFolder(out);
  sites.push({ name: "serve", url: served.url }, { name: "publish", url: published.url });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.kill("SIGTERM");
  await published?.close();
});

const json = (args: string[]) => JSON.parse(kbloatOk(db, ["--format", "json", ...args]));

async function page(): Promise<Page> {
  const w = await watchedPage(browser);
  watched.push(w);
  return w.page;
}

async function tableColumn(p: Page, id: string, column: number): Promise<string[]> {
  return p.$$eval(`#${id} tbody tr`, (rows, c) => rows.map((r) => (r.children[c] as HTMLElement).innerText.trim()), column);
}

const bytes = (s: string) => Number(s.replace(/[,+]/g, ""));

/** A click where the chart drew a label: the chart, not the label, takes it, as for a person. */
async function clickLabel(p: Page, chart: string, text: string): Promise<void> {
  const label = p.locator(`${chart} svg text`, { hasText: new RegExp(`^${text}`) }).first();
  await label.waitFor();
  const box = (await label.boundingBox())!;
  await p.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function clickPoint(p: Page, id: number): Promise<void> {
  const raw = await p.getAttribute("#timeline", "data-points");
  const points: { id: number; x: number; y: number }[] = JSON.parse(raw ?? "[]");
  const at = points.find((x) => x.id === id);
  assert.ok(at, `build ${id} is a point of the timeline: ${raw}`);
  const box = (await p.locator("#timeline").boundingBox())!;
  await p.mouse.click(box.x + at.x, box.y + at.y);
}

for (const site of [{ name: "serve" }, { name: "publish" }]) {
  describe(`the pages, ${site.name === "serve" ? "from kbloat serve" : "published, from a static server"}`, () => {
    const url = () => sites.find((s) => s.name === site.name)!.url;

    test("timeline: the series' numbers, the culprit's text as text, a click opens the build", async () => {
      const p = await page();
      await openView(p, url());
      await p.waitForSelector("#timeline[data-points]");
      const series = json(["plot", "--recipe", "tiny"]);
      assert.deepEqual(
        (await tableColumn(p, "revisions", 3)).map(bytes),
        series.builds.map((b: { content: number }) => b.content),
      );
      const chartText = await p.locator("#timeline").innerText();
      assert.ok((await p.locator("#timeline svg").textContent())?.includes(XSS_SUBJECT.slice(0, 20)), "the culprit's subject is on the chart, as text");
      assert.equal(await p.locator("#timeline img, #timeline script").count(), 0, chartText);
      if (site.name === "serve") await screenshot(p, "timeline");
      await clickPoint(p, 2);
      await waitDrawn(p);
      assert.match(p.url(), /#\/build\/2$/);
    });

    test("build: the figures and rows of kbloat show; the treemap drills down and back up", async () => {
      const p = await page();
      await openView(p, `${url()}#/build/2/dir`);
      const show = showJson(db, "2", "dir");
      assert.deepEqual(
        await tableColumn(p, "rows", 0),
        show.rows.map((r) => r.name),
      );
      assert.deepEqual(
        (await tableColumn(p, "rows", 4)).map(bytes),
        show.rows.map((r) => r.size),
      );
      assert.ok((await p.locator("dl.figures").innerText()).includes(show.totals.content!.toLocaleString("en-US")));
      if (site.name === "serve") await screenshot(p, "build");
      await clickLabel(p, "#treemap", "arch");
      await waitDrawn(p);
      assert.match(p.url(), /tree=arch$/);
      await clickLabel(p, "#treemap", "x86");
      await waitDrawn(p);
      assert.match(p.url(), /tree=arch%2Fx86$/);
      assert.equal(await p.locator("#treemap-crumbs").innerText(), "vmlinux / arch / x86");
      await p.goBack();
      await waitDrawn(p);
      assert.match(p.url(), /tree=arch$/);
      await p.goBack();
      await waitDrawn(p);
      assert.match(p.url(), /#\/build\/2\/dir$/);
      await p.goForward();
      await waitDrawn(p);
      assert.match(p.url(), /tree=arch$/);
      await openView(p, `${url()}#/build/2/dir?tree=init%2Fmain.o`);
      assert.ok((await p.locator("#treemap svg").textContent())?.includes("start_kernel"), "an object opens into its symbols");
      await openView(p, `${url()}#/build/2/symbol`);
      const symbols = showJson(db, "2", "symbol");
      assert.deepEqual(
        (await tableColumn(p, "rows", 0)).slice(0, 20),
        symbols.rows.slice(0, 20).map((r) => r.name),
      );
    });

    test("diff: two picked points open the diff of kbloat diff, bloat-o-meter's summary included", async () => {
      const p = await page();
      await openView(p, url());
      await p.waitForSelector("#timeline[data-points]");
      await p.check("#pick-two");
      await clickPoint(p, 1);
      await clickPoint(p, 2);
      await waitDrawn(p);
      assert.match(p.url(), /#\/diff\/1\/2\/dir$/);
      const diff = json(["diff", "1", "2", "--by", "dir"]);
      const figure = async (name: string) => p.locator(`#figures tr[data-figure="${name}"] td`).allInnerTexts();
      assert.deepEqual((await figure("content")).map(bytes), [diff.figures.content.old, diff.figures.content.new, diff.figures.content.delta]);
      assert.deepEqual((await figure("size dec")).map(bytes), [diff.totals.old, diff.totals.new, diff.totals.delta]);
      const names = await tableColumn(p, "rows", 0);
      const deltas = (await tableColumn(p, "rows", 3)).map(bytes);
      assert.deepEqual(new Map(names.map((n, i) => [n, deltas[i]])), new Map(diff.rows.map((r: { name: string; delta: number }) => [r.name, r.delta])));
      const bom = kbloatOk(db, ["diff", "1", "2", "--format", "bloat-o-meter"]).trimEnd().split("\n");
      assert.equal(await p.locator("#bom-summary").innerText(), `${bom[0]}\n${bom.at(-1)}`);
      if (site.name === "serve") await screenshot(p, "diff");
      await p.goBack();
      await waitDrawn(p);
      assert.equal(new URL(p.url()).hash, "");
    });

    test("diff by subsystem: served, both sides by the head's MAINTAINERS as kbloat diff; published, each its own, and said", async () => {
      const p = await page();
      await openView(p, `${url()}#/diff/1/2/subsystem`);
      await waitDrawn(p);
      const note = await p.locator("#maintainers-note").innerText();
      const names = await tableColumn(p, "rows", 0);
      const deltas = (await tableColumn(p, "rows", 3)).map(bytes);
      const shown = new Map(names.map((n, i) => [n, deltas[i]]));
      const diff = json(["diff", "1", "2", "--by", "subsystem"]);
      if (site.name === "serve") {
        assert.equal(note, `subsystems as ${diff.maintainers} has them, on both sides`);
        // a page shows text as HTML does: MAINTAINERS' "HPET:\tx86" reads "HPET: x86"
        const asShown = (n: string) => n.replace(/\s+/g, " ");
        assert.deepEqual(shown, new Map(diff.rows.map((r: { name: string; delta: number }) => [asShown(r.name), r.delta])));
      } else {
        assert.match(note, /each build's objects by its own release's MAINTAINERS/);
        assert.equal(
          [...shown.values()].reduce((a, x) => a + x, 0),
          diff.totals.delta,
          "the rows still add up",
        );
      }
    });

    test("blame and shame: the stored culprit, its subject and author as literal text", async () => {
      const p = await page();
      await openView(p, `${url()}#/culprits`);
      const text = await p.locator("#culprits").innerText();
      assert.ok(text.includes(XSS_SUBJECT) && text.includes(XSS_AUTHOR), text);
      assert.equal(await p.locator("main img, main script").count(), 0);
      assert.ok((await p.locator("#shame").innerText()).includes(XSS_AUTHOR));
      if (site.name === "serve") await screenshot(p, "culprits");
      await p.locator("#culprits a").first().click();
      await waitDrawn(p);
      assert.equal(await p.locator("#culprit-subject").innerText(), XSS_SUBJECT);
      await p.click("#culprit-diff");
      await waitDrawn(p);
      assert.match(p.url(), /#\/diff\/1\/2\/object$/);
    });

    test("modules: the report of kbloat modules, filterable by verdict", async () => {
      const p = await page();
      await openView(p, `${url()}#/modules/3`);
      const report = json(["modules", "3"]);
      const summary = await p.locator("#modules-summary").innerText();
      assert.ok(summary.includes(report.kernel_proper.toLocaleString("en-US")), summary);
      assert.equal(await p.locator("#options tbody tr").count(), report.options.length);
      if (site.name === "serve") await screenshot(p, "modules");
      await p.selectOption("#pick-verdict", "core");
      await waitDrawn(p);
      const core = report.options.filter((o: { verdict: string }) => o.verdict === "core");
      assert.equal(await p.locator("#options tbody tr").count(), core.length);
    });

    test("an unknown build or grain is a page that says what exists", async () => {
      const p = await page();
      await openView(p, `${url()}#/build/999`);
      assert.match(await p.locator("#not-found").innerText(), /no build 999; the builds are 1\.\.3/);
      await openView(p, `${url()}#/diff/1/2/colour`);
      assert.match(await p.locator("#not-found").innerText(), /no grain "colour"; the grains are: section, dir/);
    });
  });
}

test("a database with no builds: the pages say how to make one", async () => {
  const empty = testDb("web-empty");
  await openSqliteStore(empty).close();
  const served = await startServe(empty);
  try {
    const p = await page();
    await openView(p, served.url);
    assert.match(await p.locator("#empty").innerText(), /No builds yet[\s\S]*kbloat build /);
    await openView(p, `${served.url}#/builds`);
    assert.match(await p.locator("#empty").innerText(), /kbloat build /);
    await openView(p, `${served.url}#/culprits`);
    assert.match(await p.locator("#no-culprits").innerText(), /kbloat blame A\.\.B/);
  } finally {
    served.proc.kill("SIGTERM");
  }
});

test("no page logged an error, threw, or opened a dialog; the only failed requests are the unknown build's", () => {
  const expected = (x: string) => x === "HTTP 404 /api/builds/999.json";
  assert.deepEqual(
    watched.flatMap((w) => w.problems).filter((x) => !expected(x)),
    [],
  );
});
