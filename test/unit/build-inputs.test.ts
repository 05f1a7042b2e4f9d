// The build's input set from kbuild's .cmd files, and which commits cannot matter to vmlinux.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { computeConfigInputsDigest, computeRelevance, isCommitRelevant, isConfigInput, parseCmdFileInputs } from "../../src/core/build-inputs.js";

const fixture = readFileSync(join(import.meta.dirname, "..", "fixtures", "build-inputs", "dot-main.o.cmd"), "utf8");

test("a .cmd file names its source and every header it read, relative to the tree", () => {
  assert.deepEqual(parseCmdFileInputs(fixture, "/src/linux"), [
    // the command line: an include directory (no commit changes a directory) and the source
    "arch/x86/include",
    "init/main.c",
    "init/main.c",
    "include/linux/compiler-version.h",
    "include/linux/kconfig.h",
    "include/linux/types.h",
    "include/generated/autoconf.h",
    "arch/x86/include/asm/page.h",
  ]);
});

test("a generator rule's command line names what it read: the syscall table, its script (savedcmd_, and cmd_ before 6.2)", () => {
  const cmd = (name: string) => readFileSync(join(import.meta.dirname, "..", "fixtures", "build-inputs", name), "utf8");
  assert.deepEqual(parseCmdFileInputs(cmd("dot-syscalls_64.h.cmd"), "/src/linux"), ["scripts/syscalltbl.sh", "arch/x86/entry/syscalls/syscall_64.tbl"]);
  assert.deepEqual(parseCmdFileInputs(cmd("dot-capflags.c.cmd"), "/src/linux/"), [
    "arch/x86/kernel/cpu/mkcapflags.sh",
    "arch/x86/include/asm/cpufeatures.h",
    "arch/x86/include/asm/vmxfeatures.h",
    "arch/x86/kernel/cpu/mkcapflags.sh",
  ]);
  // a path that only starts like the tree is another tree
  assert.deepEqual(parseCmdFileInputs("savedcmd_x := cat /src/linux-other/a.tbl /src/linux/b.tbl > x\n", "/src/linux"), ["b.tbl"]);
});

const inputs = new Set(parseCmdFileInputs(fixture, "/src/linux"));
const m = (path: string) => ({ status: "M", path });

test("what the build read, and the build's structure, are relevant", () => {
  assert.equal(computeRelevance(m("init/main.c"), inputs), "read by the build");
  assert.match(computeRelevance(m("drivers/net/Kconfig"), inputs) ?? "", /build structure/);
  assert.match(computeRelevance(m("drivers/gpu/Makefile"), inputs) ?? "", /build structure/);
  assert.match(computeRelevance(m("arch/x86/kernel/vmlinux.lds.S"), inputs) ?? "", /build structure/);
  assert.match(computeRelevance(m("scripts/link-vmlinux.sh"), inputs) ?? "", /tooling/);
  assert.match(computeRelevance(m("Makefile"), inputs) ?? "", /build structure/);
});

test("documentation, unbuilt drivers and unread headers are not", () => {
  assert.equal(computeRelevance(m("Documentation/admin-guide/README.rst"), inputs), null);
  assert.equal(computeRelevance(m("drivers/gpu/drm/i915/i915_drv.c"), inputs), null);
  assert.equal(computeRelevance(m("include/linux/netdevice.h"), inputs), null);
  assert.equal(computeRelevance(m("MAINTAINERS"), inputs), null);
  assert.equal(isCommitRelevant([m("Documentation/a.rst"), m("drivers/gpu/drm/x.c")], inputs), false);
});

test("a new header may shadow another, so it is relevant; a commit with no changes is unsure, so it is built", () => {
  assert.equal(computeRelevance({ status: "A", path: "arch/x86/include/asm/new.h" }, inputs), "new header");
  assert.equal(isCommitRelevant([], inputs), true);
  assert.equal(isCommitRelevant([m("Documentation/a.rst"), m("include/linux/types.h")], inputs), true);
});

test("config inputs: Kconfig files, fragments, kconfig and its scripts, arch Makefiles, top-level files; not C, headers or docs", () => {
  for (const p of [
    "Kconfig",
    "init/Kconfig",
    "lib/Kconfig.debug",
    "arch/x86/Kconfig.assembler",
    "kernel/configs/tiny.config",
    "arch/x86/configs/x86_64_defconfig",
  ]) {
    assert.ok(isConfigInput(p), p);
  }
  for (const p of [
    "scripts/kconfig/conf.c",
    "scripts/Kconfig.include",
    "arch/powerpc/tools/gcc-check-mprofile-kernel.sh",
    "arch/x86/Makefile",
    "arch/x86/Makefile_32.cpu",
    "Makefile",
  ]) {
    assert.ok(isConfigInput(p), p);
  }
  for (const p of [
    "init/main.c",
    "include/linux/kernel.h",
    "init/Makefile",
    "Documentation/admin-guide/README.rst",
    "arch/x86/kernel/setup.c",
    "MAINTAINERS",
    ".gitignore",
  ]) {
    assert.ok(!isConfigInput(p), p);
  }
});

test("the config inputs' digest changes with a Kconfig file's blob, not with a C file's", () => {
  const entry = (blob: string, path: string) => `100644 ${blob} 0\t${path}\0`;
  const tree = (kconfig: string, main: string) => entry(kconfig, "init/Kconfig") + entry(main, "init/main.c") + entry("c".repeat(40), "Makefile");
  const digest = (index: string) => computeConfigInputsDigest(index, (text) => text);
  assert.equal(digest(tree("a".repeat(40), "b".repeat(40))), digest(tree("a".repeat(40), "d".repeat(40))));
  assert.notEqual(digest(tree("a".repeat(40), "b".repeat(40))), digest(tree("e".repeat(40), "b".repeat(40))));
  // a Kconfig file that appears is a change too
  assert.notEqual(digest(tree("a".repeat(40), "b".repeat(40))), digest(tree("a".repeat(40), "b".repeat(40)) + entry("f".repeat(40), "drivers/new/Kconfig")));
});
