// The modularization guru on real x86_64 tinyconfig kernels: every =y option gets a verdict and
// a reason, every byte of the kernel proper lands in exactly one place, --by option adds up to
// size's totals, and options --exact measures what turning an option off really saves.

import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { checkRollupSums } from "../../src/core/rollup.js";
import { kbloat, kbloatOk, showJson, tarball, testDb } from "./kernel-env.js";

const db = testDb("modules");

interface ModulesJson {
  kernel_proper: number;
  summary: { could_leave: number; bool_to_tristate: number; forced_by_select: number; core: number; unconditional: number; unattributed: number; unexplained: number };
  options: { symbol: string; type: string; value: string; bytes: number; verdict: string; reason: string; selected_by: string[] }[];
  kconfig_errors: string[];
}

before(() => {
  kbloatOk(db, ["build", tarball("6.1")]);
  kbloatOk(db, ["build", tarball("6.12")]);
});

describe("modules on tinyconfig", () => {
  for (const id of ["1", "2"]) {
    test(`build ${id}: a verdict and a reason for every =y option, and the parts add up to the kernel proper`, () => {
      const r: ModulesJson = JSON.parse(kbloatOk(db, ["--format", "json", "modules", id]));
      const config = showJson(db, id).build;
      assert.deepEqual(r.kconfig_errors, [], "the Kconfig reader understands the whole tree");
      assert.ok(r.options.length > 300, `${r.options.length} options`);
      for (const o of r.options) {
        assert.ok(["module-now", "bool-to-tristate", "forced-by-select", "core"].includes(o.verdict), `${o.symbol}: ${o.verdict}`);
        assert.ok(o.reason.length > 0 && ["bool", "tristate"].includes(o.type) && o.value === "y", o.symbol);
        if (o.verdict === "forced-by-select") assert.ok(o.selected_by.length > 0, o.symbol);
      }
      // tinyconfig has no modules: nothing can be a module now
      assert.equal(r.summary.could_leave, 0);
      const s = r.summary;
      assert.equal(s.could_leave + s.bool_to_tristate + s.forced_by_select + s.core + s.unattributed + s.unexplained, r.kernel_proper, `${config.name}: every content byte in one place`);
      assert.ok(s.unattributed + s.unexplained < r.kernel_proper / 100, `unplaced ${s.unattributed} + ${s.unexplained}`);
      // the verdicts agree with the .config: a forced option's selectors are all =y
      const options = new Map(r.options.map((o) => [o.symbol, o]));
      for (const o of r.options.filter((x) => x.verdict === "forced-by-select")) for (const by of o.selected_by) assert.ok(options.has(by), `${o.symbol} selected by ${by}, which is not =y`);
    });
  }

  test("--why names the whole chain of selects, and a symbol that is not =y or does not exist is a clear error", () => {
    const why = JSON.parse(kbloatOk(db, ["--format", "json", "modules", "2", "--why", "CONFIG_IRQ_DOMAIN"]));
    assert.equal(why.option.verdict, "forced-by-select");
    assert.deepEqual(why.option.chain, ["IRQ_DOMAIN", "IRQ_DOMAIN_HIERARCHY", "X86_LOCAL_APIC"]);
    const off = kbloat(db, ["modules", "2", "--why", "PRINTK"]);
    assert.equal(off.code, 2);
    assert.match(off.stderr, /PRINTK is not built in to build 2 .*: it is not set/);
    const unknown = kbloat(db, ["modules", "2", "--why", "KBLOAT_NOPE"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no Kconfig symbol KBLOAT_NOPE in the tree of build 2/);
  });

  test("options and show --by option add up: to the content, and to size's totals", () => {
    const options = JSON.parse(kbloatOk(db, ["--format", "json", "options", "2"]));
    const show = showJson(db, "2", "option");
    assert.equal(options.total, show.totals.content);
    assert.equal(options.rows.reduce((t: number, r: { size: number }) => t + r.size, 0), show.totals.content);
    checkRollupSums(show.rows.map((r) => ({ ...r })), show.totals);
    assert.ok(show.rows.some((r) => r.name === "[obj-y]") && show.rows.some((r) => r.name === "CONFIG_MMU"));
    const diff = JSON.parse(kbloatOk(db, ["--format", "json", "diff", "1", "2", "--by", "option"]));
    const sum = diff.rows.reduce((t: number, r: { delta: number }) => t + r.delta, 0);
    assert.equal(sum, diff.totals.delta);
  });
});

// tinyconfig (MODULES=n, so +mod moves nothing) with signalfd (a file of its own; its header is used by two other files): a bool that could leave as a tristate
const MOD = ["--recipe", "tiny+mod", "--enable", "SIGNALFD"];

describe("a +mod recipe", () => {
  test("stores what could still leave and the core with each build, and track shows them", () => {
    kbloatOk(db, ["build", tarball("6.12"), ...MOD]);
    const id = String(JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.at(-1).id);
    const r: ModulesJson = JSON.parse(kbloatOk(db, ["--format", "json", "modules", id]));
    const series = JSON.parse(kbloatOk(db, ["--format", "json", "track", tarball("6.12"), ...MOD]));
    const [point] = series.builds;
    assert.equal(point.how, "stored");
    assert.equal(point.could_leave, r.summary.could_leave + r.summary.bool_to_tristate);
    assert.equal(point.core, r.summary.core);
    assert.ok(point.core > 0 && point.core < point.content);
    const cma = r.options.find((o) => o.symbol === "SIGNALFD");
    assert.equal(cma?.verdict, "bool-to-tristate");
    assert.ok(point.could_leave >= (cma?.bytes ?? 0) && (cma?.bytes ?? 0) > 0);
    assert.match(kbloatOk(db, ["track", tarball("6.12"), ...MOD]), /could leave\s+core/);
  });
});

describe("options --exact", () => {
  test("turning SIGNALFD off takes out what its static figure says, or the report says why not", (t) => {
    const id = String(JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.at(-1).id);
    const r = JSON.parse(kbloatOk(db, ["--format", "json", "options", id, "--exact", "1"]));
    assert.equal(r.options.length, 1);
    const [cma] = r.options;
    assert.equal(cma.symbol, "SIGNALFD");
    assert.ok(cma.measured !== null && cma.static > 0, JSON.stringify(cma));
    const within = Math.abs(cma.measured - cma.static) <= cma.static / 10;
    assert.ok(within || cma.note, `static ${cma.static}, measured ${cma.measured}, and no reason given`);
    assert.ok(r.skipped.includes("CPU_SUP_INTEL"), "options no user can turn off are listed as such");
    // the build without it is stored, and equals what its content says
    const off = showJson(db, String(cma.build));
    assert.equal(showJson(db, id).totals.content! - off.totals.content!, cma.measured);
    t.diagnostic(kbloatOk(db, ["options", id, "--exact", "1"]));
  });
});
