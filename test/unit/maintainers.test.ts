import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { createSubsystemMatcher, parseMaintainers } from "../../src/core/maintainers.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/maintainers/", import.meta.url));

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
  test("reads the title and F:, X:, N:, M:, R: and L: fields of each entry, ignoring the others", () => {
    const text = [
      "Intro text",
      "",
      "FOO DRIVER",
      "M:\tA <a@b>",
      "R:\tC D <c@d>",
      "L:\tfoo@vger.kernel.org (moderated for non-subscribers)",
      "S:\tMaintained",
      "F:\tdrivers/foo/",
      "X:\tdrivers/foo/bar/",
      "N:\tfoo",
      "K:\tfoo_",
      "",
      "BAR",
      "F:  bar.c  ",
    ].join("\n");
    assert.deepEqual(parseMaintainers(text), [
      {
        name: "FOO DRIVER",
        files: ["drivers/foo/"],
        excludes: ["drivers/foo/bar/"],
        regexes: ["foo"],
        maintainers: ["A <a@b>"],
        reviewers: ["C D <c@d>"],
        lists: ["foo@vger.kernel.org (moderated for non-subscribers)"],
      },
      { name: "BAR", files: ["bar.c"], excludes: [], regexes: [], maintainers: [], reviewers: [], lists: [] },
    ]);
  });

  test("accepts CRLF line ends and skips field lines before any title", () => {
    const text = "F:\torphan.c\r\nBAZ\r\nF:\tbaz/\r\n";
    assert.deepEqual(parseMaintainers(text), [{ name: "BAZ", files: ["baz/"], excludes: [], regexes: [], maintainers: [], reviewers: [], lists: [] }]);
  });

  test("a title line with no field lines after it is no entry", () => {
    assert.deepEqual(parseMaintainers("Maintainers List\n----------------\n\n"), []);
  });

  test("matches nothing without entries", () => {
    assert.equal(createSubsystemMatcher([])("kernel/fork.o"), null);
  });
});
