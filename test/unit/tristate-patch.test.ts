// The bool → tristate patch: the type line of each definition, three lines of context, and a
// diff that GNU patch applies to the file it was written from.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeTristatePatch } from "../../src/core/kconfig/tristate-patch.js";

const KCONFIG = [
  "config EPOLL",
  '\tbool "Enable eventpoll support" if EXPERT',
  "\tdefault y",
  "\thelp",
  "\t  Disabling this option will cause the kernel to be built without",
  "\t  support for epoll family of system calls.",
  "",
  "config SIGNALFD",
  '\tbool "Enable signalfd() system call" if EXPERT',
  "\tdefault y",
  "",
  "config HIDDEN",
  "\tdef_bool y",
  "",
].join("\n");

test("each definition's bool line becomes tristate, def_bool def_tristate, and patch -p1 applies it", () => {
  const files = new Map([["init/Kconfig", KCONFIG]]);
  const p = writeTristatePatch(
    [
      { file: "init/Kconfig", line: 8 },
      { file: "init/Kconfig", line: 12 },
    ],
    files,
  );
  assert.ok(p);
  assert.deepEqual(p.files, ["init/Kconfig"]);
  assert.equal(
    p.text,
    [
      "--- a/init/Kconfig",
      "+++ b/init/Kconfig",
      "@@ -6,8 +6,8 @@",
      " \t  support for epoll family of system calls.",
      " ",
      " config SIGNALFD",
      '-\tbool "Enable signalfd() system call" if EXPERT',
      '+\ttristate "Enable signalfd() system call" if EXPERT',
      " \tdefault y",
      " ",
      " config HIDDEN",
      "-\tdef_bool y",
      "+\tdef_tristate y",
      "",
    ].join("\n"),
  );
  const dir = mkdtempSync(join(tmpdir(), "kbloat-patch-"));
  mkdirSync(join(dir, "init"));
  writeFileSync(join(dir, "init", "Kconfig"), KCONFIG);
  execFileSync("patch", ["-p1", "--batch", "--forward", "-d", dir], { input: p.text });
  const patched = readFileSync(join(dir, "init", "Kconfig"), "utf8");
  assert.equal(patched, KCONFIG.replace('\tbool "Enable signalfd', '\ttristate "Enable signalfd').replace("def_bool y", "def_tristate y"));
});

test("nothing to change gives no patch: a tristate already, or a type the entry does not write", () => {
  const files = new Map([["Kconfig", 'config A\n\ttristate "a"\nconfig B\n\tdepends on A\n']]);
  assert.equal(
    writeTristatePatch(
      [
        { file: "Kconfig", line: 1 },
        { file: "Kconfig", line: 3 },
      ],
      files,
    ),
    null,
  );
});
