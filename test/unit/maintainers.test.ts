import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createSubsystemMatcher, parseMaintainers } from "../../src/core/maintainers.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/maintainers/", import.meta.url));
const REAL_MAINTAINERS = "/tmp/k/linux-source-6.12/MAINTAINERS";

function readExpected(file: string): Array<[path: string, subsystem: string | null]> {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [path, subsystem] = line.split("\t");
      assert.ok(subsystem !== undefined, `${file}: no tab in line ${JSON.stringify(line)}`);
      return [path, subsystem === "-" ? null : subsystem];
    });
}

describe("MAINTAINERS scenarios", () => {
  for (const scenario of readdirSync(FIXTURES).sort()) {
    test(scenario, () => {
      const dir = `${FIXTURES}${scenario}/`;
      const match = createSubsystemMatcher(parseMaintainers(readFileSync(`${dir}MAINTAINERS`, "utf8")));
      const expected = readExpected(`${dir}expected_subsystems.txt`);
      assert.ok(expected.length > 0);
      const actual = expected.map(([path]) => [path, match(path)]);
      assert.deepEqual(actual, expected);
    });
  }
});

describe("parseMaintainers", () => {
  test("reads the title and F:, X:, N: fields of each entry, ignoring the others", () => {
    const text = ["Intro text", "", "FOO DRIVER", "M:\tA <a@b>", "F:\tdrivers/foo/", "X:\tdrivers/foo/bar/", "N:\tfoo", "K:\tfoo_", "", "BAR", "F:  bar.c  "].join("\n");
    assert.deepEqual(parseMaintainers(text), [
      { name: "FOO DRIVER", files: ["drivers/foo/"], excludes: ["drivers/foo/bar/"], regexes: ["foo"] },
      { name: "BAR", files: ["bar.c"], excludes: [], regexes: [] },
    ]);
  });

  test("accepts CRLF line ends and skips field lines before any title", () => {
    const text = "F:\torphan.c\r\nBAZ\r\nF:\tbaz/\r\n";
    assert.deepEqual(parseMaintainers(text), [{ name: "BAZ", files: ["baz/"], excludes: [], regexes: [] }]);
  });

  test("a title line with no field lines after it is no entry", () => {
    assert.deepEqual(parseMaintainers("Maintainers List\n----------------\n\n"), []);
  });

  test("matches nothing without entries", () => {
    assert.equal(createSubsystemMatcher([])("kernel/fork.o"), null);
  });
});

describe("the kernel's MAINTAINERS (6.12)", () => {
  const present = existsSync(REAL_MAINTAINERS);
  const skip = present ? false : `${REAL_MAINTAINERS} is absent (it is only on dev machines)`;

  // Each expected value is the first (most specific) subsystem printed by, in linux-source-6.12,
  //   perl scripts/get_maintainer.pl --no-git --no-git-fallback --subsystem --no-email --no-l --no-m --no-r -f <source>
  // lib/maple_tree.c: MAPLE TREE (lib/maple_tree.c) ties with LIBRARY CODE (lib/*) at depth 2 and
  // get_maintainer.pl prints them in either order; the exact file name wins here.
  const EXPECTED: Array<[string, string]> = [
    ["kernel/sched/core.o", "SCHEDULER"],
    ["mm/slub.o", "SLAB ALLOCATOR"],
    ["fs/namei.o", "FILESYSTEMS (VFS and infrastructure)"],
    ["arch/x86/kernel/head_64.o", "X86 ARCHITECTURE (32-BIT AND 64-BIT)"],
    ["lib/maple_tree.o", "MAPLE TREE"],
    ["drivers/tty/serial/8250/8250_core.o", "TTY LAYER AND SERIAL DRIVERS"],
    ["arch/x86/events/intel/core.o", "PERFORMANCE EVENTS SUBSYSTEM"],
    ["kernel/events/core.o", "PERFORMANCE EVENTS SUBSYSTEM"],
    ["init/main.o", "THE REST"],
    ["net/core/dev.o", "NETWORKING [GENERAL]"],
  ];

  test("maps well-known objects as get_maintainer.pl does, 5000 lookups well under a second", { skip }, () => {
    const text = readFileSync(REAL_MAINTAINERS, "utf8");
    const entries = parseMaintainers(text);
    assert.equal(entries[0].name, "3C59X NETWORK DRIVER");
    assert.equal(entries.at(-1)?.name, "THE REST");
    const match = createSubsystemMatcher(entries);
    assert.deepEqual(
      EXPECTED.map(([path]) => [path, match(path)]),
      EXPECTED,
    );

    // object paths for the sources MAINTAINERS names, plus one in each directory it names
    const paths: string[] = [];
    for (const e of entries) {
      for (const f of e.files) {
        if (/^[\w/.,+-]+\.[cS]$/.test(f)) paths.push(`${f.slice(0, -2)}.o`);
        else if (/^[\w/.,+-]+\/$/.test(f)) paths.push(`${f}lookup_probe.o`);
      }
    }
    assert.ok(paths.length > 1000);
    const start = performance.now();
    for (let i = 0; i < 5000; i++) assert.notEqual(match(paths[i % paths.length]), null);
    const elapsed = performance.now() - start;
    assert.ok(elapsed < 1000, `5000 lookups took ${elapsed.toFixed(0)} ms`);
  });
});
