// renderBloatOMeter against golden files made by the kernel's own scripts/bloat-o-meter
// (scripts/update-bloat-o-meter-golden.sh), one folder per scenario, all four modes.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { type BloatOMeterMode, renderBloatOMeter } from "../../src/core/bloat-o-meter.js";
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

describe("bloat-o-meter output, byte for byte", () => {
  test("there are scenarios", () => assert.ok(scenarios.length >= 5));
  for (const scenario of scenarios) {
    for (const mode of ["all", "c", "d", "t"] as BloatOMeterMode[]) {
      test(`${scenario} (${mode === "all" ? "default" : `-${mode}`})`, () => {
        const dir = join(root, scenario);
        const expected = readFileSync(join(dir, `expected_${mode}.txt`), "utf8");
        assert.equal(renderBloatOMeter(readNm(join(dir, "old.nm")), readNm(join(dir, "new.nm")), mode), expected);
      });
    }
  }
});
