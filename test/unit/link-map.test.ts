// The link-map reader against a map GNU ld writes at test time: every object's bytes are
// exactly its own sections' sizes, and the sum never exceeds what `size` counts.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { parseElf, SHF_ALLOC } from "../../src/core/elf.js";
import { computeObjectSizes, LinkMapError, parseLinkMap } from "../../src/core/link-map.js";
import { computeSectionClass, computeSectionSizes, computeSizeTotals } from "../../src/core/size-totals.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "link-map");
const out = mkdtempSync(join(tmpdir(), "kbloat-map-"));
const objects = ["a.o", "a_very_long_file_name_that_wraps_sections.o"];

function link(): { exe: string; map: string } {
  for (const o of objects) execFileSync("gcc", ["-O2", "-fno-asynchronous-unwind-tables", "-c", join(fixtures, o.replace(/\.o$/, ".c")), "-o", join(out, o)]);
  execFileSync("ld", ["-static", "-Map=linked.map", "-o", "linked", ...objects], { cwd: out });
  return { exe: join(out, "linked"), map: join(out, "linked.map") };
}

test("objects' bytes in the link map equal their own allocated sections", () => {
  const { exe, map } = link();
  const sections = computeSectionSizes(parseElf(readFileSync(exe)).sections);
  const sizes = computeObjectSizes(parseLinkMap(readFileSync(map, "latin1")), new Map(sections.map((s) => [s.name, s.class])));
  assert.deepEqual(sizes.map((s) => s.path), objects);
  for (const o of objects) {
    const own = { text: 0, data: 0, bss: 0 };
    for (const s of parseElf(readFileSync(join(out, o))).sections) {
      if ((s.flags & SHF_ALLOC) !== 0 && s.size > 0) own[computeSectionClass(s)] += s.size;
    }
    const measured = sizes.find((s) => s.path === o);
    assert.deepEqual({ text: measured?.text, data: measured?.data, bss: measured?.bss }, own, o);
  }
  const totals = computeSizeTotals(sections);
  const content = sizes.reduce((n, s) => n + s.text + s.data + s.bss, 0);
  assert.ok(content <= totals.total && content > 1300, `content ${content} within size's ${totals.total}`);
});

test("a file that is not a link map is refused with a reason", () => {
  assert.throws(() => parseLinkMap("hello\n"), LinkMapError);
});
