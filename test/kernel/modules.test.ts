// The modularization guru on real x86_64 tinyconfig kernels: every =y option gets a verdict and
// a reason, every byte of the kernel proper lands in exactly one place, --by option adds up to
// size's totals, and options --exact measures what turning an option off really saves.

import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { parseMaintainers } from "../../src/core/maintainers.js";
import { checkRollupSums } from "../../src/core/rollup.js";
import { kbloat, kbloatOk, showJson, tarball, testDb, tool } from "./kernel-env.js";

const db = testDb("modules");

interface ModulesJson {
  kernel_proper: number;
  summary: {
    could_leave: number;
    bool_to_tristate: number;
    hidden_prompt: number;
    forced_by_select: number;
    core: number;
    unconditional: number;
    unattributed: number;
    unexplained: number;
  };
  options: { symbol: string; type: string; value: string; bytes: number; verdict: string; reason: string; selected_by: string[]; unlocked_by: string[] }[];
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
        assert.ok(["module-now", "bool-to-tristate", "hidden-prompt", "forced-by-select", "setting", "core"].includes(o.verdict), `${o.symbol}: ${o.verdict}`);
        // a candidate owns bytes; a switch with none of its own is a setting
        if (["module-now", "bool-to-tristate", "hidden-prompt"].includes(o.verdict)) assert.ok(o.bytes > 0, `${o.symbol}: ${o.verdict} with 0 bytes`);
        if (o.verdict === "setting") assert.equal(o.bytes, 0, o.symbol);
        assert.equal(o.verdict === "hidden-prompt", o.unlocked_by.length > 0, o.symbol);
        assert.ok(o.reason.length > 0 && ["bool", "tristate"].includes(o.type) && o.value === "y", o.symbol);
        if (o.verdict === "forced-by-select") assert.ok(o.selected_by.length > 0, o.symbol);
      }
      // tinyconfig has no modules: nothing can be a module now
      assert.equal(r.summary.could_leave, 0);
      const s = r.summary;
      assert.equal(
        s.could_leave + s.bool_to_tristate + s.hidden_prompt + s.forced_by_select + s.core + s.unattributed + s.unexplained,
        r.kernel_proper,
        `${config.name}: every content byte in one place`,
      );
      assert.ok(s.unattributed + s.unexplained < r.kernel_proper / 100, `unplaced ${s.unattributed} + ${s.unexplained}`);
      // the verdicts agree with the .config: a forced option's selectors are all =y
      const options = new Map(r.options.map((o) => [o.symbol, o]));
      for (const o of r.options.filter((x) => x.verdict === "forced-by-select"))
        for (const by of o.selected_by) assert.ok(options.has(by), `${o.symbol} selected by ${by}, which is not =y`);
    });
  }

  test("6.12: CPU_SUP_INTEL is not core but hidden behind PROCESSOR_SELECT; EXPERT and SLUB_TINY are settings, not bool→tristate candidates", () => {
    const r: ModulesJson = JSON.parse(kbloatOk(db, ["--format", "json", "modules", "2"]));
    const options = new Map(r.options.map((o) => [o.symbol, o]));
    const intel = options.get("CPU_SUP_INTEL");
    assert.equal(intel?.verdict, "hidden-prompt");
    assert.equal(intel?.unlocked_by[0], "PROCESSOR_SELECT");
    assert.ok(intel!.bytes > 0);
    for (const x of ["EXPERT", "SLUB_TINY"]) assert.equal(options.get(x)?.verdict, "setting", x);
    assert.ok(r.summary.hidden_prompt >= intel!.bytes);
    const why = JSON.parse(kbloatOk(db, ["--format", "json", "modules", "2", "--why", "CPU_SUP_INTEL"]));
    assert.ok(why.option.objects.includes("arch/x86/kernel/cpu/intel.o"), why.option.objects.join(" "));
    assert.match(
      kbloatOk(db, ["modules", "2", "--why", "CPU_SUP_INTEL"]),
      /can be turned off once PROCESSOR_SELECT.* set\n[^]*try {6}--enable PROCESSOR_SELECT/,
    );
  });

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
    assert.equal(
      options.rows.reduce((t: number, r: { size: number }) => t + r.size, 0),
      show.totals.content,
    );
    checkRollupSums(
      show.rows.map((r) => ({ ...r })),
      show.totals,
    );
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

  test("with the same recipe stored without +mod, the summary says what yes2modconfig took out", () => {
    const modId = String(
      JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.find((b: { name: string }) => b.name === "6.12.117@tiny+mod+SIGNALFD=y").id,
    );
    kbloatOk(db, ["build", tarball("6.12"), "--enable", "SIGNALFD"]);
    const without = JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.at(-1);
    assert.equal(without.name, "6.12.117@tiny+SIGNALFD=y");
    const r = JSON.parse(kbloatOk(db, ["--format", "json", "modules", modId]));
    assert.deepEqual(r.left_by_yes2modconfig, { bytes: showJson(db, String(without.id)).totals.content! - r.kernel_proper, build: without.id });
    assert.match(kbloatOk(db, ["modules", modId]), new RegExp(`left by yes2modconfig \\(from build ${without.id}\\)`));
  });
});

describe("options --exact", () => {
  test("turning SIGNALFD off takes out what its static figure says, or the report says why not", (t) => {
    const id = String(
      JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.find((b: { name: string }) => b.name === "6.12.117@tiny+mod+SIGNALFD=y").id,
    );
    const r = JSON.parse(kbloatOk(db, ["--format", "json", "options", id, "--exact", "SIGNALFD"]));
    assert.equal(r.options.length, 1);
    const [cma] = r.options;
    assert.equal(cma.symbol, "SIGNALFD");
    assert.ok(cma.measured !== null && cma.static > 0, JSON.stringify(cma));
    const within = Math.abs(cma.measured - cma.static) <= cma.static / 10;
    assert.ok(within || cma.note, `static ${cma.static}, measured ${cma.measured}, and no reason given`);
    assert.deepEqual(r.skipped, [], "options named are measured, none skipped");
    // the build without it is stored, and equals what its content says
    const off = showJson(db, String(cma.build));
    assert.equal(showJson(db, id).totals.content! - off.totals.content!, cma.measured);
    t.diagnostic(kbloatOk(db, ["options", id, "--exact", "SIGNALFD"]));
  });

  test("6.12 tinyconfig: building with PROCESSOR_SELECT set and CPU_SUP_INTEL off confirms the bytes modules puts behind its hidden prompt", (t) => {
    const modules: ModulesJson = JSON.parse(kbloatOk(db, ["--format", "json", "modules", "2"]));
    const intel = modules.options.find((o) => o.symbol === "CPU_SUP_INTEL")!;
    const r = JSON.parse(kbloatOk(db, ["--format", "json", "options", "2", "--exact", "CPU_SUP_INTEL"]));
    const [o] = r.options;
    assert.deepEqual(o.unlocked_by, intel.unlocked_by);
    assert.equal(o.static, intel.bytes);
    assert.ok(o.measured !== null, JSON.stringify(o));
    assert.ok(Math.abs(o.measured - o.static) <= o.static / 10 || o.note, `static ${o.static}, measured ${o.measured}, and no reason given`);
    // the build stored without it has the unlockers set and it off, and its content is what left
    const off = showJson(db, String(o.build));
    const config = readFileSync(join(off.build.build_dir, ".config"), "utf8");
    assert.match(config, /^CONFIG_PROCESSOR_SELECT=y$/m);
    assert.match(config, /^# CONFIG_CPU_SUP_INTEL is not set$/m);
    assert.equal(showJson(db, "2").totals.content! - off.totals.content!, o.measured);
    t.diagnostic(`CPU_SUP_INTEL: static ${o.static}, measured ${o.measured}${o.note ? ` (${o.note})` : ""}`);
    // the largest option a user can turn off is CPU_SUP_INTEL, now that its hidden prompt counts:
    // --exact 1 finds the same build stored
    const first = JSON.parse(kbloatOk(db, ["--format", "json", "options", "2", "--exact", "1"]));
    assert.deepEqual([first.options[0].symbol, first.options[0].build], ["CPU_SUP_INTEL", o.build]);
    // an option no setting can turn off is refused, with the way to find out why
    const selected = kbloat(db, ["options", "2", "--exact", "IRQ_DOMAIN"]);
    assert.equal(selected.code, 2);
    assert.match(selected.stderr, /CONFIG_IRQ_DOMAIN cannot be turned off in build 2 .*: another option selects it/);
  });
});

// tinyconfig with modules on, three tristates left at y and one bool, each with objects of its
// own: small enough to build in CI, with both kinds of candidate
const WITH_TRISTATES = ["--enable", "MODULES", "--enable", "IKCONFIG", "--enable", "BINFMT_MISC", "--enable", "CONFIGFS_FS", "--enable", "SIGNALFD"];
const EXPECTED_KO: Record<string, string> = {
  IKCONFIG: "kernel/configs.ko",
  BINFMT_MISC: "fs/binfmt_misc.ko",
  CONFIGFS_FS: "fs/configfs/configfs.ko",
  SIGNALFD: "fs/signalfd.ko",
};

interface ProofJson {
  symbol: string;
  static: number;
  left: number | null;
  build: number | null;
  modules: { path: string; file: number; text: number; data: number; bss: number; loaded: number; init: number }[];
  loaded: number;
  saving_if_loaded: number | null;
  verdict: string;
  cause: string | null;
  patch: string | null;
  ifdef_users: string[];
}

describe("modules --prove", () => {
  test("each candidate is built as a module: what left is the two builds' content difference, the .ko is what size says, and a second run builds only what is new", () => {
    kbloatOk(db, ["build", tarball("6.12"), ...WITH_TRISTATES]);
    const id = String(JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.at(-1).id);
    const report = JSON.parse(kbloatOk(db, ["--format", "json", "modules", id])) as ModulesJson;
    const candidates = report.options.filter((o) => o.verdict === "module-now" || o.verdict === "bool-to-tristate");
    assert.deepEqual(
      new Set(candidates.map((o) => o.symbol)),
      new Set(Object.keys(EXPECTED_KO)),
      "the three tristates and the bool; MODULES itself is no candidate",
    );
    assert.equal(report.options.find((o) => o.symbol === "MODULES")?.verdict, "core");
    const content = (build: string | number) => showJson(db, String(build)).totals.content!;
    const before: ProofJson[] = [];
    // one more each run: the earlier ones are found stored, the new one is built, and its .ko is
    // still in the tree to be measured by size
    for (let n = 1; n <= candidates.length; n++) {
      const { proofs } = JSON.parse(kbloatOk(db, ["--format", "json", "modules", id, "--prove", String(n)])) as { proofs: ProofJson[] };
      assert.equal(proofs.length, n);
      assert.deepEqual(
        proofs.slice(0, -1).map((p) => p.build),
        before.map((p) => p.build),
        "the proofs of the run before are stored, not built again",
      );
      const p = proofs.at(-1)!;
      const c = candidates[n - 1];
      assert.equal(p.symbol, c.symbol);
      before.push(p);
      if (c.verdict === "bool-to-tristate") {
        checkBoolProof(p, c, id);
        if (p.verdict !== "proven-with-patch") continue;
      } else assert.equal(p.verdict, "proven", JSON.stringify(p));
      assert.equal(p.left, content(id) - content(p.build!), `${p.symbol}: what left is the content difference of the two builds`);
      assert.ok(p.left! > 0);
      assert.deepEqual(
        p.modules.map((x) => x.path),
        [EXPECTED_KO[p.symbol]],
      );
      checkModuleFigures(p);
    }
    // a target the two largest proven savings reach, and not the largest alone
    const proven = before.filter((p) => p.verdict !== "not-possible").sort((a, b) => b.left! - a.left!);
    const target = report.kernel_proper - (proven[0].left! + proven[1].left!) + 1;
    const planned = JSON.parse(kbloatOk(db, ["--format", "json", "modules", id, "--target", String(target)])).target;
    assert.deepEqual(
      planned.picked.map((x: { symbol: string }) => x.symbol),
      [proven[0].symbol, proven[1].symbol],
    );
    assert.equal(planned.remaining, -1);
    assert.match(kbloatOk(db, ["modules", id, "--target", `${target}`]), /closed by 2 proven modularizations, 1 bytes to spare/);
    const text = kbloatOk(db, ["modules", id, "--prove", String(candidates.length)]);
    for (const p of before) assert.match(text, new RegExp(`CONFIG_${p.symbol}\\s.*(${EXPECTED_KO[p.symbol].replace(/\./g, "\\.")}.*proven|not possible)`));
  });

  test("--mail writes one report per subsystem, addressed to exactly the M:, R: and L: lines of its MAINTAINERS entry, with the proofs stored", () => {
    const id = String(
      JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.find(
        (b: { name: string }) => b.name.endsWith("+SIGNALFD=y") && b.name.includes("MODULES=y"),
      ).id,
    );
    const out = mkdtempSync(join(tmpdir(), "kbloat-mail-"));
    const listed = kbloatOk(db, ["modules", id, "--mail", "--output", out]).trim().split("\n");
    assert.ok(listed.length >= 1);
    const entries = new Map(parseMaintainers(readFileSync(join(showJson(db, id).build.source_dir, "MAINTAINERS"), "utf8")).map((e) => [e.name, e]));
    for (const line of listed) {
      const [file, subsystem] = line.split(/ {2}/);
      const entry = entries.get(subsystem)!;
      assert.ok(entry, subsystem);
      const text = readFileSync(file, "utf8");
      const header = text.split("\n\n")[0].replace(/,\n {4}/g, ", ");
      const field = (name: string) => /^(\w+): (.*)$/m.exec(header.split("\n").find((l) => l.startsWith(`${name}: `)) ?? "")?.[2].split(", ") ?? [];
      assert.deepEqual(field("To"), entry.maintainers, `${subsystem}: To`);
      assert.deepEqual(field("Cc"), [...entry.reviewers, ...entry.lists.map((l) => l.replace(/\s*\(.*\)$/, ""))], `${subsystem}: Cc`);
      assert.match(header, /^Subject: \[kbloat\] .* could be modules \(/m);
    }
    // one subsystem by name, on stdout; and one with nothing to report is a one-line error
    const [, first] = listed[0].split(/ {2}/);
    assert.match(kbloatOk(db, ["modules", id, "--mail", first]), /proven: built with CONFIG_\w+=m/);
    const reported = new Set(listed.map((l) => l.split(/ {2}/)[1]));
    const other = [...entries.keys()].find((n) => !reported.has(n) && /^[A-Z0-9 ]+$/.test(n)) as string;
    const none = kbloat(db, ["modules", id, "--mail", other]);
    assert.equal(none.code, 2, none.stdout);
    assert.match(none.stderr, new RegExp(`${other} owns no option of build \\d+ .* that could be a module`));
    assert.match(none.stderr, /subsystems that do: /);
  });

  test("--prove on a build with nothing to make a module says why, and stores nothing", () => {
    const before = JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length;
    const r = kbloat(db, ["modules", "2", "--prove", "3"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /has no option that could be a module: modules are off \(CONFIG_MODULES is not set\)[^]*--enable MODULES/);
    assert.equal(JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length, before);
  });
});

/** A bool's proof: the patch kbloat shows applies to the tree, and the outcome is what make said. */
function checkBoolProof(p: ProofJson, c: ModulesJson["options"][number], parent: string): void {
  assert.ok(p.patch, `${c.symbol}: a bool is proven with a patch`);
  assert.match(p.patch, /^-\tbool "Enable signalfd\(\) system call" if EXPERT$/m);
  assert.match(p.patch, /^\+\ttristate "Enable signalfd\(\) system call" if EXPERT$/m);
  const src = showJson(db, parent).build.source_dir;
  tool("patch", ["-p1", "--dry-run", "--batch", "-d", src, "-i", writeTemp(p.patch)]);
  assert.ok(p.build, JSON.stringify(p));
  const log = readFileSync(join(showJson(db, String(p.build)).build.build_dir, "kbloat-build.log"), "utf8");
  if (p.verdict === "proven-with-patch") return;
  assert.equal(p.verdict, "not-possible");
  const cause = p.cause ?? "";
  const named = [...cause.matchAll(/uses ([^;)]+)/g)].flatMap((m) => m[1].split(/, | and \d+ more/).filter(Boolean));
  // each symbol the cause names is one modpost named; or the compiler's error is the log's
  if (named.length > 0)
    for (const sym of named) assert.match(log, new RegExp(`modpost: "${sym}" \\[fs/signalfd\\.ko\\] undefined!`), `${sym}: named by modpost`);
  else {
    const error = /(\S+:\d+:\d+): error: ([^;]+)/.exec(cause);
    assert.ok(error, `a cause that names the compiler's error: ${cause}`);
    assert.ok(log.includes(`/${error[1]}: error: ${error[2]}`), `the log says ${error[1]}: error: ${error[2]}`);
  }
  // 6.12's signalfd.h stubs signalfd_cleanup() out #ifndef CONFIG_SIGNALFD, which a module does not define
  assert.ok(p.ifdef_users.includes("include/linux/signalfd.h"), p.ifdef_users.join(" "));
  assert.match(cause, /tests? CONFIG_SIGNALFD with #ifdef or defined\(\) \(.*include\/linux\/signalfd\.h/);
}

/** The .ko's figures against size and readelf on the file itself. */
function checkModuleFigures(p: ProofJson): void {
  const [ko] = p.modules;
  const file = join(showJson(db, String(p.build)).build.build_dir, ko.path);
  const [text, data, bss] = tool("size", [file]).split("\n")[1].trim().split(/\s+/).map(Number);
  assert.deepEqual([ko.text, ko.data, ko.bss], [text, data, bss], `${ko.path}: size's text, data and bss`);
  assert.equal(ko.file, statSync(file).size);
  // size -A's allocated sections that stay once the module is loaded, each region rounded to pages
  const sections = tool("size", ["-A", file])
    .split("\n")
    .slice(2)
    .map((l) => l.trim().split(/\s+/))
    .filter((c) => c.length === 3 && /^\d+$/.test(c[1]));
  const flags = new Map(
    tool("readelf", ["-SW", file])
      .split("\n")
      .flatMap((l) => {
        const m = /\]\s+(\S+)\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+([A-Za-z]*)\s/.exec(l);
        return m ? [[m[1], m[2]] as [string, string]] : [];
      }),
  );
  const allocated = (re: RegExp, not = /^$/) =>
    sections.filter(([name]) => flags.get(name)?.includes("A") && re.test(name) && !not.test(name)).reduce((t, c) => t + Number(c[1]), 0);
  const core = allocated(/./, /^\.(init|exit|modinfo)|^__versions$/);
  // .exit sections stay only where modules can be unloaded (MODULE_UNLOAD)
  const exit = allocated(/^\.exit/);
  assert.equal(ko.loaded % 4096, 0);
  assert.ok(ko.loaded >= core && ko.loaded < core + exit + 4 * 4096, `${ko.path}: loaded ${ko.loaded}, allocated core sections ${core} (+${exit} of .exit)`);
  assert.equal(p.saving_if_loaded, p.left! - ko.loaded);
}

function writeTemp(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "kbloat-patch-")), "change.patch");
  writeFileSync(file, text);
  return file;
}
