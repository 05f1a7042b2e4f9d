// renderBloatOMeter against golden files made by the kernel's own scripts/bloat-o-meter of each
// release kbloat knows (scripts/update-bloat-o-meter-golden.sh): one folder per scenario, in it
// one folder per release's script (5.10, 6.1, 6.12, 7.2), all four modes.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  BLOAT_O_METER_ERAS,
  type BloatOMeterMode,
  bloatOMeterRulesOf,
  NEWEST_BLOAT_O_METER,
  readBloatOMeterRules,
  renderBloatOMeter,
} from "../../src/core/bloat-o-meter.js";
import type { SymbolSize } from "../../src/core/measurement.js";

const root = join(import.meta.dirname, "..", "fixtures", "bloat-o-meter");

/** `nm --size-sort` lines: size (hex), type, name */
function readNm(path: string): SymbolSize[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => {
      const [size, type, name] = l.split(" ");
      return { name, type, size: Number.parseInt(size, 16) };
    });
}

const scenarios = readdirSync(root);

describe("bloat-o-meter output, byte for byte, as each release's script prints it", () => {
  test("there are scenarios, each with the output of every known release's script", () => {
    assert.ok(scenarios.length >= 6);
    for (const scenario of scenarios)
      assert.deepEqual(
        readdirSync(join(root, scenario))
          .filter((f) => !f.endsWith(".nm"))
          .sort(),
        [...BLOAT_O_METER_ERAS].sort(),
      );
  });
  for (const scenario of scenarios) {
    for (const era of BLOAT_O_METER_ERAS) {
      for (const mode of ["all", "c", "d", "t"] as BloatOMeterMode[]) {
        test(`${scenario}, ${era}'s script (${mode === "all" ? "default" : `-${mode}`})`, () => {
          const dir = join(root, scenario);
          const expected = readFileSync(join(dir, era, `expected_${mode}.txt`), "utf8");
          assert.equal(renderBloatOMeter(readNm(join(dir, "old.nm")), readNm(join(dir, "new.nm")), mode, bloatOMeterRulesOf(era)), expected);
        });
      }
    }
  }
});

describe("which script a release follows", () => {
  test("a release between the ones read takes the nearest older one; an -rc the release before it", () => {
    const era = (v: string) => bloatOMeterRulesOf(v).from.split("'")[0];
    assert.deepEqual(["5.10.223", "5.15.170", "6.1", "6.6.60", "6.12.117", "6.13-rc1", "7.2.13", "7.3-rc7", "7.3~rc7", "4.19.300"].map(era), [
      "5.10",
      "5.10",
      "6.1",
      "6.1",
      "6.12",
      "6.12",
      "7.2",
      "7.2",
      "7.2",
      "5.10",
    ]);
    assert.match(bloatOMeterRulesOf("6.6.60").from, /nearest kbloat knows to 6\.6\.60/);
  });
  test("with no release known, the newest script", () => assert.equal(NEWEST_BLOAT_O_METER.from, "7.2's scripts/bloat-o-meter"));
  test("a file that is not bloat-o-meter gives no rules", () => {
    assert.equal(readBloatOMeterRules("#!/bin/sh\necho hello\n", "x"), null);
    assert.equal(readBloatOMeterRules("", "x"), null);
  });
});
