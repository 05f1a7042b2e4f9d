// Release order of kernel versions, as the Makefile and Debian spell them.

import assert from "node:assert/strict";
import { test } from "node:test";
import { compareKernelVersions } from "../../src/core/kernel-version.js";

const sorted = (versions: string[]) => [...versions].sort(compareKernelVersions);

test("releases of six years sort by version, not as strings", () => {
  assert.deepEqual(sorted(["6.12.117", "5.10.223", "7.2.13", "6.1.192", "6.12.9", "5.10.218"]), [
    "5.10.218",
    "5.10.223",
    "6.1.192",
    "6.12.9",
    "6.12.117",
    "7.2.13",
  ]);
});

test("a 7.3 release candidate sorts after 7.2 and before 7.3, however its Makefile spells it", () => {
  // a 7.3-rc tarball's Makefile has SUBLEVEL = 0 and EXTRAVERSION = -rc7: kbloat reads 7.3.0-rc7
  for (const rc of ["7.3.0-rc7", "7.3-rc7", "7.3~rc7"]) {
    assert.deepEqual(sorted(["7.3", rc, "7.3.1", "7.2.13"]), ["7.2.13", rc, "7.3", "7.3.1"], rc);
  }
  assert.deepEqual(sorted(["7.3.0-rc7", "7.3.0-rc2", "7.3.0"]), ["7.3.0-rc2", "7.3.0-rc7", "7.3.0"]);
  assert.equal(Math.sign(compareKernelVersions("7.3.0-rc1", "7.3.0-rc10")), -1);
});

test("what is not a version sorts as a string", () => {
  assert.equal(Math.sign(compareKernelVersions("abc", "abd")), -1);
  assert.equal(compareKernelVersions("same", "same"), 0);
});
