// Six years of kernels on one toolchain: x86_64 tinyconfig of the oldest release kbloat tracks
// (5.10.223, whose arch Makefile still lists head-y) and of the newest (7.2.13, which links
// vmlinux.unstripped and strips it into vmlinux, and whose Kconfig says `depends on X if Y`),
// from Debian's packages (scripts/fetch-releases.sh fetches them on a fresh machine). Each is
// checked against its own era's tools: size, nm, the link map and the archives the final link
// loads, the kernel's own conf_parse(). Two clean tiny builds; everything else reads their trees.

import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { readKbuildTree } from "../../src/adapters/read-kbuild-tree.js";
import { readKconfigTree } from "../../src/adapters/read-kconfig-tree.js";
import { bloatOMeterRulesOf, readBloatOMeterRules } from "../../src/core/bloat-o-meter.js";
import { openSqliteStore } from "../../src/adapters/sqlite-store.js";
import type { KbuildTree } from "../../src/core/kbuild/kbuild-types.js";
import { parseMakeConfigValues } from "../../src/core/kbuild/make-config-values.js";
import { formatKconfigMessage } from "../../src/core/kconfig/model.js";
import { parseMaintainers } from "../../src/core/maintainers.js";
import { checkRollupSums, isRestRow, UNATTRIBUTED } from "../../src/core/rollup.js";
import { buildKernelView, confEnv, kernelView } from "./kconfig-kernel-view.js";
import { kbloat, kbloatOk, type Release, type ShowJson, showJson, tarball, testDb, tool } from "./kernel-env.js";
import { allocatedSections, archiveMembers, nmSymbols, sizeSections, sizeTotals, symbolRowsByName } from "./kernel-tools.js";

const OLDEST = "5.10.223";
const NEWEST = "7.2.13";
const RELEASES: Release[] = [OLDEST, NEWEST];

/** What the final link loads that no kbuild file lists: scripts/link-vmlinux.sh and Makefile.vmlinux make them. */
const LINK_VMLINUX_OWN: Record<string, string> = {
  "init/version-timestamp.o": "built by link-vmlinux.sh (6.1+) with the final UTS_VERSION",
  ".vmlinux.export.o": "Makefile.vmlinux's table of exported symbols (6.4+)",
};

interface Kernel {
  show: ShowJson;
  objects: ShowJson;
  tree: KbuildTree;
  /** the link map kbloat's linker wrapper wrote, and what that link loaded */
  linkMap: string;
  loaded: string[];
  buildMs: number;
  readMs: number;
}

const db = testDb("eras");
const work = mkdtempSync(join(tmpdir(), "kbloat-eras-"));
const kernels = new Map<Release, Kernel>();
after(() => rmSync(work, { recursive: true, force: true }));

before(async () => {
  const store = openSqliteStore(db);
  for (const v of RELEASES) {
    const t0 = performance.now();
    const built = JSON.parse(kbloatOk(db, ["--format", "json", "build", tarball(v), "--recipe", "tiny"]));
    const buildMs = performance.now() - t0;
    const id = String(built.build.id);
    const show = showJson(db, id);
    const dir = show.build.build_dir;
    // the .config stored with the build: the one in the tree changes while another kbloat configures it
    const config = parseMakeConfigValues((await store.loadMeasurement(show.build.id))?.config ?? "");
    const t1 = performance.now();
    const tree = await readKbuildTree(show.build.source_dir, { srcarch: "x86", arch: "x86_64", config }, null);
    const readMs = performance.now() - t1;
    const linkMap = join(dir, existsSync(join(dir, "vmlinux.unstripped")) ? "vmlinux.unstripped.map" : "vmlinux.map");
    const loaded = readFileSync(linkMap, "latin1")
      .split("\n")
      .filter((l) => l.startsWith("LOAD "))
      .map((l) => l.slice(5).trim());
    kernels.set(v, { show, objects: showJson(db, id, "object"), tree, linkMap, loaded, buildMs, readMs });
  }
  await store.close();
});

const kernel = (v: Release) => kernels.get(v) as Kernel;
const vmlinux = (k: Kernel) => join(k.show.build.build_dir, "vmlinux");
const objectRows = (s: ShowJson) => s.rows.filter((r) => !isRestRow(r.name));

describe("a kernel of each era, x86_64 tinyconfig, as its own era's tools count it", () => {
  for (const v of RELEASES) {
    test(`${v}: builds on this toolchain; totals equal size's, sections size -A's`, (t) => {
      const k = kernel(v);
      const { content, image, total: dec } = k.show.totals;
      t.diagnostic(`${k.show.build.name} in ${(k.buildMs / 1000).toFixed(0)} s (${k.show.build.status}); content ${content}, image ${image}, size dec ${dec}`);
      assert.equal(k.show.build.status, "ok");
      const { text, data, bss, total } = k.show.totals;
      assert.deepEqual({ text, data, bss, total }, sizeTotals(vmlinux(k)));
      const sysv = sizeSections(vmlinux(k));
      assert.deepEqual(new Set(k.show.rows.map((r) => r.name)), allocatedSections(vmlinux(k)));
      for (const r of k.show.rows) assert.equal(r.size, sysv.get(r.name), `section ${r.name}`);
      checkRollupSums(k.show.rows, k.show.totals);
    });

    test(`${v}: the symbols are vmlinux's, as nm lists them`, () => {
      const k = kernel(v);
      const rows: { name: string; size: number }[] = showJson(db, String(k.show.build.id), "symbol").rows;
      assert.ok(rows.length > 5000);
      assert.deepEqual(symbolRowsByName(rows), nmSymbols(vmlinux(k)));
    });

    test(`${v}: the link era's map gives the content; kbloat measure of the tree finds it and gives the same`, (t) => {
      const k = kernel(v);
      const unstripped = existsSync(join(k.show.build.build_dir, "vmlinux.unstripped"));
      assert.equal(unstripped, v === NEWEST, "7.x links vmlinux.unstripped and strips it into vmlinux; 5.10 links vmlinux itself");
      const claimed = objectRows(k.objects).reduce((s, r) => s + r.size, 0);
      assert.equal(claimed, k.show.totals.content);
      assert.ok((k.show.totals.content ?? 0) > 1_000_000 && (k.show.totals.content ?? 0) < k.show.totals.total / 2);
      checkRollupSums(k.objects.rows, k.objects.totals);
      const dir = k.show.build.build_dir;
      const measured = JSON.parse(kbloatOk(db, ["--format", "json", "measure", vmlinux(k), "--build-dir", dir, "--name", `${v}@measured`]));
      const id = String(measured.build.id);
      const objects = showJson(db, id, "object");
      assert.equal(objects.totals.content, k.show.totals.content);
      assert.deepEqual(objects.rows, k.objects.rows);
      assert.deepEqual(showJson(db, id, "symbol").rows, showJson(db, String(k.show.build.id), "symbol").rows);
      assert.equal(objects.totals.image, k.show.totals.image);
      t.diagnostic(`map ${k.linkMap.slice(dir.length + 1)}: ${objectRows(objects).length} objects, content ${objects.totals.content}`);
    });

    test(`${v}: the Kbuild reader places every object of the link map but link-vmlinux.sh's own`, (t) => {
      const k = kernel(v);
      const found = new Set(k.tree.objects.map((o) => o.path));
      const unplaced = objectRows(k.objects)
        .map((r) => r.name)
        .filter((p) => !found.has(p));
      const read = `read ${k.tree.objects.length} objects from ${k.tree.filesRead} files in ${k.readMs.toFixed(0)} ms`;
      t.diagnostic(`${objectRows(k.objects).length} objects in the link map; unplaced: ${unplaced.join(" ") || "none"}; ${read}`);
      for (const p of unplaced) assert.ok(p in LINK_VMLINUX_OWN, `${p} is in the link map, but no kbuild file lists it`);
      assert.deepEqual(k.tree.unevaluated, [], "every conditional that holds objects is decided by the .config");
      assert.deepEqual(k.tree.problems, []);
    });

    test(`${v}: the built-ins are exactly what the final link loads (vmlinux.a, or head-y and each built-in.a and lib.a before 6.1)`, (t) => {
      const k = kernel(v);
      const dir = k.show.build.build_dir;
      const archives = k.loaded.filter((p) => p.endsWith(".a"));
      const ofKind = (...kinds: string[]) =>
        k.tree.objects
          .filter((o) => kinds.includes(o.kind) && o.parts === undefined)
          .map((o) => o.path)
          .sort();
      // 7.x puts the lib.a archives into vmlinux.a, linked whole; 5.10 links them as libraries
      if (v === NEWEST) assert.deepEqual(archives, ["vmlinux.a"]);
      assert.deepEqual(ofKind("obj", "lib"), archives.flatMap((a) => archiveMembers(dir, a)).sort());
      assert.deepEqual(ofKind("lib"), ["lib/lib.a", "arch/x86/lib/lib.a"].flatMap((a) => archiveMembers(dir, a)).sort());
      const loose = k.loaded.filter((p) => p.endsWith(".o") && !(p in LINK_VMLINUX_OWN)).sort();
      assert.deepEqual(ofKind("head"), loose, "head-y's objects are the ones linked on their own");
      assert.equal(loose.length > 0, v === OLDEST, "head-y is gone since 6.1");
      t.diagnostic(`the link loads ${archives.join(" ")}${loose.length ? `, and ${loose.join(" ")}` : ""}`);
    });

    test(`${v}: the Kconfig reader reads the whole x86 tree with no error, every symbol with conf_parse()'s type`, (t) => {
      const k = kernel(v);
      const { source_dir: tree, build_dir: out } = k.show.build;
      const env = confEnv(tree, k.show.build.name.split("@")[0]);
      // the kernel's own scripts/kconfig objects, which configuring the build tree compiled
      const symbols = kernelView(buildKernelView(tree, out, join(work, `kconfig-symbols-${v}`)), out, env);
      const t0 = performance.now();
      const read = readKconfigTree(tree, { arch: "x86_64", env });
      const ms = performance.now() - t0;
      assert.deepEqual(read.errors.map(formatKconfigMessage), []);
      assert.equal(read.skippedEntries + read.skippedAttributes, 0);
      const theirs = new Map([...symbols].filter(([, s]) => s.defined).map(([n, s]) => [n, s.type]));
      assert.ok(theirs.size > 14000, `${theirs.size} symbols`);
      assert.deepEqual(new Map([...read.model.symbols.values()].map((s) => [s.name, s.type])), theirs);
      t.diagnostic(`${read.model.files.length} files, ${theirs.size} symbols, read in ${ms.toFixed(0)} ms`);
    });

    test(`${v}: modules places all but a tiny fraction of the content`, (t) => {
      const k = kernel(v);
      const report = JSON.parse(kbloatOk(db, ["--format", "json", "modules", String(k.show.build.id)]));
      assert.deepEqual(report.kconfig_errors, []);
      assert.equal(report.kernel_proper, k.show.totals.content);
      const { unattributed } = report.summary;
      const share = ((100 * unattributed) / report.kernel_proper).toFixed(3);
      t.diagnostic(`kernel proper ${report.kernel_proper}, unplaced ${unattributed} (${share} %), ${report.options.length} options =y`);
      assert.ok(unattributed <= report.kernel_proper / 1000, `${unattributed} bytes unplaced`);
    });
  }
});

describe("symbols that share their bytes", () => {
  for (const v of RELEASES) {
    test(`${v}: --by symbol counts each address once, as nm's sized symbols deduplicated by address give it`, (t) => {
      const k = kernel(v);
      const rows = showJson(db, String(k.show.build.id), "symbol").rows;
      const un = rows.find((r) => r.name === UNATTRIBUTED);
      assert.ok(!un || (un.text >= 0 && un.data >= 0 && un.bss >= 0), `[unattributed] ${JSON.stringify(un)}`);
      // nm -S: "address size type name" for every sized symbol; one set of bytes per address, size and kind
      const kind = (type: string) => ("tTwWrRiI".includes(type) ? "text" : "bB".includes(type) ? "bss" : "data");
      const distinct = new Map<string, number>();
      for (const line of tool("nm", ["-S", vmlinux(k)]).split("\n")) {
        const [addr, size, type, name] = line.split(" ");
        if (!name || "UwvaA".includes(type) || Number.parseInt(size, 16) === 0) continue;
        distinct.set(`${addr}:${size}:${kind(type)}`, Number.parseInt(size, 16));
      }
      const named = rows.filter((r) => !isRestRow(r.name)).reduce((n, r) => n + r.size, 0);
      assert.equal(
        named,
        [...distinct.values()].reduce((n, x) => n + x, 0),
      );
      const aliased = rows.filter((r) => r.name.includes(" (= "));
      t.diagnostic(`${aliased.length} symbols with aliases, ${aliased.reduce((n, r) => n + r.size, 0)} bytes counted once`);
      if (v === NEWEST) assert.ok(rows.some((r) => r.name === "early_dynamic_pgts (= __pi_early_dynamic_pgts)" && r.size === 262144));
    });
  }
});

describe("from the oldest era to the newest", () => {
  const ids = () => [String(kernel(OLDEST).show.build.id), String(kernel(NEWEST).show.build.id)];
  const script = (v: Release) => join(kernel(v).show.build.source_dir, "scripts", "bloat-o-meter");

  test("each era's own scripts/bloat-o-meter reads as the rules kbloat has for that release", () => {
    for (const v of RELEASES) {
      const read = readBloatOMeterRules(readFileSync(script(v), "utf8"), v);
      const known = bloatOMeterRulesOf(v);
      assert.ok(read, `${v}'s script is of a shape kbloat reads`);
      assert.deepEqual({ ...read, from: "" }, { ...known, from: "" });
    }
  });

  for (const mode of [[], ["-c"], ["-d"], ["-t"]]) {
    const flags = mode.join(" ") || "(default)";
    test(`diff --format bloat-o-meter ${flags} is the head's script byte for byte, and the base's with --bloat-o-meter-from`, () => {
      const [a, b] = ids();
      const args = ["diff", a, b, "--format", "bloat-o-meter", ...mode];
      const files = [vmlinux(kernel(OLDEST)), vmlinux(kernel(NEWEST))];
      const newest = tool("python3", [script(NEWEST), ...mode, ...files]);
      const oldest = tool("python3", [script(OLDEST), ...mode, ...files]);
      // weak functions count since 6.12's script; -d counts no w/W, and prints the same here
      if (mode[0] !== "-d") assert.notEqual(newest, oldest, "the two eras' scripts disagree on these kernels");
      const ours = kbloat(db, args);
      assert.equal(ours.stdout, newest);
      assert.match(ours.stderr, /as 7\.2\.13@tiny's scripts\/bloat-o-meter prints it/);
      assert.equal(kbloatOk(db, [...args, "--bloat-o-meter-from", kernel(OLDEST).show.build.source_dir]), oldest);
      assert.equal(kbloatOk(db, [...args, "--bloat-o-meter-from", "5.10"]), oldest);
    });
  }

  test("a subsystem diff maps both with the head's MAINTAINERS, says so, and its rows add up", (t) => {
    const [a, b] = ids();
    const one = JSON.parse(kbloatOk(db, ["--format", "json", "diff", a, b, "--by", "subsystem"]));
    assert.equal(one.maintainers, `${kernel(NEWEST).show.build.name}'s MAINTAINERS`);
    assert.equal(
      one.rows.reduce((n: number, r: { delta: number }) => n + r.delta, 0),
      one.totals.delta,
    );
    const oldFile = join(kernel(OLDEST).show.build.source_dir, "MAINTAINERS");
    const old = JSON.parse(kbloatOk(db, ["--format", "json", "diff", a, b, "--by", "subsystem", "--maintainers", oldFile]));
    assert.equal(old.maintainers, oldFile);
    assert.equal(
      old.rows.reduce((n: number, r: { delta: number }) => n + r.delta, 0),
      old.totals.delta,
    );
    // every subsystem on either side is an entry of the one file used
    const titles = (file: string) => new Set(parseMaintainers(readFileSync(file, "utf8")).map((e) => e.name));
    const named = (d: { rows: { name: string }[] }) => d.rows.map((r) => r.name).filter((n) => !n.startsWith("["));
    const newTitles = titles(join(kernel(NEWEST).show.build.source_dir, "MAINTAINERS"));
    const oldTitles = titles(oldFile);
    assert.deepEqual(
      named(one).filter((n: string) => !newTitles.has(n)),
      [],
    );
    assert.deepEqual(
      named(old).filter((n: string) => !oldTitles.has(n)),
      [],
    );
    const renamed = named(one).filter((n: string) => !oldTitles.has(n));
    t.diagnostic(`${named(one).length} subsystems by 7.2's MAINTAINERS, ${renamed.length} of them not in 5.10's: ${renamed.slice(0, 5).join("; ")}`);
    assert.ok(renamed.length > 0, "MAINTAINERS changed between the eras, so the choice of file matters");
  });
});
