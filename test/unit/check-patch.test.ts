// check's verdicts in milliseconds, on planted git histories with only make scripted
// (scripted-history.ts): the budget is held against content bytes (size's padded figures stand
// still), a Size-Justification trailer passes a patch over budget, a head that does not build is
// its own verdict, a base that does not build is an error. The real-kernel truth is check.test.ts.

import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { checkPatch } from "../../src/app/check-patch.js";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import { plantHistory, recipe, scriptedBuilder, symbolsText } from "./scripted-history.js";

const base = { subject: "base", files: { "init/main.c": symbolsText([["start_kernel", "T", 4000]]), "mm/slab.c": symbolsText([["kmalloc", "T", 900]]) } };
const grow = (bytes: number, body?: string) => ({
  subject: "mm: a <table> & more",
  body,
  files: {
    "mm/slab.c": symbolsText([
      ["kmalloc", "T", 900],
      ["kmalloc_table", "D", bytes],
    ]),
  },
});

async function check(commits: Parameters<typeof plantHistory>[0], budget: number) {
  const { repo } = plantHistory(commits);
  const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), "kbloat-check-")), "kbloat.db"));
  const scripted = scriptedBuilder();
  const r = await checkPatch({ base: "HEAD~1", head: "HEAD", budget, repo, recipe }, store, "/nonexistent-cache", () => {}, scripted.open);
  return { r, scripted };
}

describe("check against a budget", () => {
  test("within the budget passes; one byte over fails, on content while size's dec stands still", async () => {
    const { r: pass } = await check([base, grow(300)], 300);
    assert.equal(pass.verdict, "pass");
    assert.equal(pass.delta, 300);
    assert.equal(pass.metric, "content");
    const { r: over } = await check([base, grow(301)], 300);
    assert.equal(over.verdict, "over-budget");
    assert.equal(over.delta, 301);
    assert.equal(over.headFigures?.text, over.baseFigures.text, "text is padded to 2 MiB on both sides");
    assert.deepEqual(over.objects, [{ name: "mm/slab.o", delta: 301 }]);
    assert.match(over.bloatOMeter ?? "", /^add\/remove: 1\/0 grow\/shrink: 0\/0 up\/down: 301\/0 \(301\)\n/);
    assert.match(over.bloatOMeter ?? "", /\nkmalloc_table +- +301 +\+301\n/);
    assert.equal(over.head.revision.subject, "mm: a <table> & more");
  });

  test("a Size-Justification trailer passes it over budget, and says why", async () => {
    const { r } = await check([base, grow(4096, "Size-Justification: the table replaces a\n  4 KiB runtime allocation")], 0);
    assert.equal(r.verdict, "justified");
    assert.equal(r.justification, "the table replaces a 4 KiB runtime allocation");
    const { r: plain } = await check([base, grow(4096, "Reviewed-by: Someone <s@example.org>")], 0);
    assert.equal(plain.verdict, "over-budget");
    assert.equal(plain.justification, null);
  });

  test("a head that does not build is a verdict of its own; a base that does not is an error", async () => {
    const broken = { subject: "broken", files: { BROKEN: "mm/slab.c:1:1: error: boom" } };
    const { r } = await check([base, broken], 0);
    assert.equal(r.verdict, "head-failed");
    assert.equal(r.delta, null);
    assert.equal(r.head.record.logTail, "mm/slab.c:1:1: error: boom");
    await assert.rejects(check([base, broken, { subject: "fixed", files: { BROKEN: null } }], 0), /the base HEAD~1 \(.*\) does not build/);
  });

  test("base and head are the series' two points: a second check builds nothing", async () => {
    const commits = [base, grow(64)];
    const { repo } = plantHistory(commits);
    const store = openSqliteStore(join(mkdtempSync(join(tmpdir(), "kbloat-check-")), "kbloat.db"));
    const scripted = scriptedBuilder();
    const req = { base: "HEAD~1", head: "HEAD", budget: 0, repo, recipe };
    await checkPatch(req, store, "/nonexistent-cache", () => {}, scripted.open);
    assert.equal(scripted.built.length, 2);
    const again = await checkPatch(req, store, "/nonexistent-cache", () => {}, scripted.open);
    assert.equal(scripted.built.length, 2);
    assert.equal(again.delta, 64);
  });
});
