// Diffs between releases whose trees disagree: a subsystem diff maps both sides with one
// MAINTAINERS (the head's, or --maintainers FILE) and says which; --bloat-o-meter-from names a
// tree, a script or a release, and bad ones are refused with the fix.

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { bloatOMeterRulesFrom, bloatOMeterRulesOfBuild } from "../../src/app/bloat-o-meter-rules.js";
import type { BuildRecord, StoredMeasurement } from "../../src/app/build-record.js";
import { withOneMaintainers } from "../../src/app/subsystems.js";
import { diffView } from "../../src/app/views/diff-view.js";
import { UserError } from "../../src/core/user-error.js";

const work = mkdtempSync(join(tmpdir(), "kbloat-across-"));
after(() => rmSync(work, { recursive: true, force: true }));

/** A kernel tree with just a Makefile of the release and a MAINTAINERS */
function tree(name: string, release: string, maintainers: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, "arch"), { recursive: true });
  const [v, p, s] = release.split(".");
  writeFileSync(join(dir, "Makefile"), `VERSION = ${v}\nPATCHLEVEL = ${p}\nSUBLEVEL = ${s ?? ""}\nEXTRAVERSION =\n`);
  writeFileSync(join(dir, "Kconfig"), "");
  writeFileSync(join(dir, "MAINTAINERS"), maintainers);
  return dir;
}

// 6.1 files lib/sort.o under nothing and mm/memblock.o under MEMBLOCK; 6.12 reorganised: a new
// LIBRARY CODE entry takes lib/, MEMBLOCK became MEMBLOCK AND MEMORY HOTPLUG
const OLD = tree("linux-6.1", "6.1.192", "MEMBLOCK\nS:\tMaintained\nF:\tmm/memblock.c\n\nSCHEDULER\nS:\tMaintained\nF:\tkernel/sched/\n");
const NEW = tree(
  "linux-6.12",
  "6.12.117",
  "LIBRARY CODE\nS:\tSupported\nF:\tlib/\n\nMEMBLOCK AND MEMORY HOTPLUG\nS:\tMaintained\nF:\tmm/memblock.c\n\nSCHEDULER\nS:\tMaintained\nF:\tkernel/sched/\n",
);

const record = (id: number, release: string, sourceDir: string | null): BuildRecord => ({
  id,
  created: "2026-12-02T00:00:00Z",
  identity: `tar:${id}`,
  name: `${release}@tiny`,
  source: `linux-source-${release}.tar.xz`,
  revision: release,
  sourceIdentity: null,
  sourceLocation: null,
  recipe: "tiny",
  recipeHash: "h",
  arch: "x86_64",
  toolchain: "gcc 12",
  sourceDir,
  buildDir: null,
  status: "ok",
  failedStep: null,
  logTail: null,
  durationMs: 1000,
  compiled: 1,
  figures: null,
  modular: null,
});

const measured = (objects: [string, number][], subsystems: [string, string][]): StoredMeasurement => {
  const total = objects.reduce((n, [, t]) => n + t, 0);
  return {
    totals: { text: total, data: 0, bss: 0, total },
    content: total,
    linkerMade: null,
    image: null,
    sections: [{ name: ".text", size: total, addr: "0", class: "text" }],
    symbols: [],
    objects: objects.map(([path, text]) => ({ path, text, data: 0, bss: 0 })),
    subsystems: new Map(subsystems),
    config: null,
  };
};

// each side as stored: mapped with its own release's MAINTAINERS
const base = {
  build: record(1, "6.1.192", OLD),
  m: measured(
    [
      ["lib/sort.o", 1000],
      ["mm/memblock.o", 16000],
      ["kernel/sched/core.o", 50000],
    ],
    [
      ["mm/memblock.o", "MEMBLOCK"],
      ["kernel/sched/core.o", "SCHEDULER"],
    ],
  ),
};
const head = {
  build: record(2, "6.12.117", NEW),
  m: measured(
    [
      ["lib/sort.o", 1100],
      ["mm/memblock.o", 16500],
      ["kernel/sched/core.o", 52000],
    ],
    [
      ["lib/sort.o", "LIBRARY CODE"],
      ["mm/memblock.o", "MEMBLOCK AND MEMORY HOTPLUG"],
      ["kernel/sched/core.o", "SCHEDULER"],
    ],
  ),
};
const req = { by: "subsystem" as const, depth: 1 };
const rowsOf = (v: ReturnType<typeof diffView>) => Object.fromEntries(v.rows.map((r) => [r.name, [r.old, r.new, r.delta]]));

describe("a subsystem diff across releases", () => {
  test("each side's own MAINTAINERS makes a reorganisation look like code that came and went", () => {
    const rows = rowsOf(diffView(base, head, req));
    assert.deepEqual(rows["LIBRARY CODE"], [0, 1100, 1100]);
    assert.deepEqual(rows.MEMBLOCK, [16000, 0, -16000]);
  });

  test("with the head's MAINTAINERS on both sides, only the growth shows, and the diff says which file", () => {
    const one = withOneMaintainers(base, head);
    const v = diffView(one.base, one.head, req, { maintainers: one.maintainers });
    assert.equal(v.maintainers, "6.12.117@tiny's MAINTAINERS");
    const rows = rowsOf(v);
    assert.deepEqual(rows["LIBRARY CODE"], [1000, 1100, 100]);
    assert.deepEqual(rows["MEMBLOCK AND MEMORY HOTPLUG"], [16000, 16500, 500]);
    assert.equal(rows.MEMBLOCK, undefined);
    assert.equal(
      v.rows.reduce((n, r) => n + r.delta, 0),
      v.totals.delta,
      "the rows add up to size's change",
    );
    // the stored mappings are not touched
    assert.equal(base.m.subsystems.get("mm/memblock.o"), "MEMBLOCK");
  });

  test("--maintainers FILE maps both sides with that file", () => {
    const one = withOneMaintainers(base, head, join(OLD, "MAINTAINERS"));
    assert.equal(one.maintainers, join(OLD, "MAINTAINERS"));
    const rows = rowsOf(diffView(one.base, one.head, req));
    assert.deepEqual(rows.MEMBLOCK, [16000, 16500, 500]);
    assert.equal(rows["LIBRARY CODE"], undefined);
  });

  test("without the head's tree, each side keeps its own mapping, and says so", () => {
    const gone = { ...head, build: record(2, "6.12.117", join(work, "deleted")) };
    const one = withOneMaintainers(base, gone);
    assert.match(one.maintainers, /each build's own MAINTAINERS/);
    assert.equal(one.head.m.subsystems.get("lib/sort.o"), "LIBRARY CODE");
  });

  test("a --maintainers that does not exist, or is not a MAINTAINERS, is refused with the fix", () => {
    assert.throws(
      () => withOneMaintainers(base, head, join(work, "nope")),
      (e: unknown) => e instanceof UserError && /no such file/.test(e.message),
    );
    writeFileSync(join(work, "notes.txt"), "just some text\n");
    assert.throws(
      () => withOneMaintainers(base, head, join(work, "notes.txt")),
      (e: unknown) => e instanceof UserError && /no MAINTAINERS entries/.test(e.message),
    );
  });
});

describe("which scripts/bloat-o-meter a diff follows", () => {
  test("a build whose tree has no script follows its release; a build with no release, the newest", () => {
    assert.equal(bloatOMeterRulesOfBuild(record(1, "6.1.192", OLD)).from, "6.1's scripts/bloat-o-meter (the nearest kbloat knows to 6.1.192)");
    const git = { ...record(3, "x", null), revision: "0123456789abcdef0123456789abcdef01234567" };
    assert.match(bloatOMeterRulesOfBuild(git).from, /^7\.2's/);
  });

  test("--bloat-o-meter-from takes a release, and refuses what is neither a tree, a script nor a release", () => {
    assert.match(bloatOMeterRulesFrom("5.10").from, /^5\.10's/);
    assert.throws(
      () => bloatOMeterRulesFrom("linux-5.10"),
      (e: unknown) => e instanceof UserError && /not a kernel release/.test(e.message),
    );
    assert.throws(
      () => bloatOMeterRulesFrom(OLD),
      (e: unknown) => e instanceof UserError && /holds no scripts\/bloat-o-meter/.test(e.message),
    );
    mkdirSync(join(OLD, "scripts"), { recursive: true });
    writeFileSync(join(OLD, "scripts", "bloat-o-meter"), "#!/bin/sh\necho not the script\n");
    assert.throws(
      () => bloatOMeterRulesFrom(OLD),
      (e: unknown) => e instanceof UserError && /not a scripts\/bloat-o-meter kbloat can read/.test(e.message),
    );
    rmSync(join(OLD, "scripts"), { recursive: true });
  });
});
