// The module loader's layout: regions in the loader's order, each section aligned, each region
// rounded to pages; what stays loaded and what init frees.

import assert from "node:assert/strict";
import { test } from "node:test";
import { SHF_ALLOC, SHF_EXECINSTR, SHF_WRITE } from "../../src/core/elf.js";
import { layOutModule } from "../../src/core/module-layout.js";

const AX = SHF_ALLOC | SHF_EXECINSTR;
const A = SHF_ALLOC;
const WA = SHF_ALLOC | SHF_WRITE;
const sec = (name: string, flags: number, size: number, addralign = 1) => ({ name, flags, size, addralign });
const page = { moduleUnload: true, pageSize: 4096 };

test("each section goes to its region, aligned; each region is rounded to pages", () => {
  const l = layOutModule(
    [
      sec(".text", AX, 100, 16),
      sec(".text.unlikely", AX, 10, 16), // 100 -> 112 + 10
      sec(".rodata", A, 5000, 32),
      sec(".data", WA, 8, 8),
      sec(".bss", WA, 1, 64), // 8 -> 64 + 1
      sec(".data..ro_after_init", WA, 40, 8),
      sec(".gnu.linkonce.this_module", WA, 1280, 64), // 65 -> 128 + 1280
      sec(".init.text", AX, 50, 16),
      sec(".exit.text", AX, 20, 16), // core while modules can be unloaded: 122 -> 128 + 20
      sec(".modinfo", A, 300, 1),
      sec("__versions", A, 64, 32),
      sec(".comment", 0, 40, 1),
    ],
    page,
  );
  assert.deepEqual(l.regions, { text: 148, rodata: 5000, ro_after_init: 40, data: 1408, init_text: 50, init_rodata: 0, init_data: 0 } as typeof l.regions);
  assert.equal(l.loaded, 4096 + 8192 + 4096 + 4096);
  assert.equal(l.init, 4096);
});

test(".exit sections are init when modules cannot be unloaded; a read-only-after-init section among init ones is init data", () => {
  const s = [sec(".text", AX, 10), sec(".exit.text", AX, 20, 16), sec(".init.data", WA, 8), sec(".init.rodata", A, 4)];
  assert.equal(layOutModule(s, page).regions.text, 16 + 20);
  const noUnload = layOutModule(s, { ...page, moduleUnload: false });
  assert.equal(noUnload.regions.text, 10);
  assert.equal(noUnload.regions.init_text, 20);
  assert.deepEqual([noUnload.regions.init_data, noUnload.regions.init_rodata], [8, 4]);
  const jump = layOutModule([sec(".init.x", WA, 8), { ...sec("__jump_table", WA, 16, 8) }], page);
  assert.equal(jump.regions.ro_after_init, 16);
  assert.equal(jump.loaded, 4096);
});
