// The report for one subsystem: addressed to exactly its M:, R: and L: lines, the bytes at stake
// in the subject, each candidate with its proof or what is missing, and no header from outside text.

import assert from "node:assert/strict";
import { test } from "node:test";
import { composeMaintainerMail, renderMaintainerMail } from "../../src/core/maintainer-mail.js";
import { parseMaintainers } from "../../src/core/maintainers.js";

const [entry] = parseMaintainers(
  [
    "FILESYSTEMS (VFS and infrastructure)",
    "M:\tAlexander Viro <viro@zeniv.linux.org.uk>",
    "M:\tChristian Brauner <brauner@kernel.org>",
    "R:\tJan Kara <jack@suse.cz>",
    "L:\tlinux-fsdevel@vger.kernel.org",
    "S:\tMaintained",
    "F:\tfs/*",
  ].join("\n"),
);
const build = { id: 7, name: "6.12.117@tiny+MODULES=y", describe: "x86_64, gcc 12", kernelProper: 1_950_000 };

test("To: the M: lines, Cc: the R: and L: lines; the subject names the bytes", () => {
  const mail = composeMaintainerMail(entry, build, [
    {
      symbol: "BINFMT_MISC",
      type: "tristate",
      verdict: "module-now",
      bytes: 9000,
      objects: ["fs/binfmt_misc.o"],
      proof: { build: 9, left: 9216, modules: [{ path: "fs/binfmt_misc.ko", file: 30_000, loaded: 12_288 }], alsoModule: [], patch: null },
      notPossible: null,
    },
    { symbol: "SIGNALFD", type: "bool", verdict: "bool-to-tristate", bytes: 1815, objects: ["fs/signalfd.o"], proof: null, notPossible: null },
  ]);
  assert.deepEqual(mail.to, ["Alexander Viro <viro@zeniv.linux.org.uk>", "Christian Brauner <brauner@kernel.org>"]);
  assert.deepEqual(mail.cc, ["Jan Kara <jack@suse.cz>", "linux-fsdevel@vger.kernel.org"]);
  assert.equal(
    mail.subject,
    "[kbloat] FILESYSTEMS (VFS and infrastructure): 10.8 KiB of the kernel proper could be modules (6.12.117@tiny+MODULES=y, x86_64, gcc 12)",
  );
  const text = renderMaintainerMail(mail);
  assert.match(
    text,
    /^To: Alexander Viro <viro@zeniv\.linux\.org\.uk>,\n {4}Christian Brauner <brauner@kernel\.org>\nCc: Jan Kara <jack@suse\.cz>,\n {4}linux-fsdevel@vger\.kernel\.org\nSubject: \[kbloat\] /,
  );
  assert.match(text, /proven: built with CONFIG_BINFMT_MISC=m, 9,216 content bytes left vmlinux/);
  assert.match(text, /fs\/binfmt_misc\.ko: 30,000 bytes on disk, 12,288 allocated when loaded/);
  assert.match(text, /while it is loaded: -3,072 bytes/);
  assert.match(text, /kbloat diff 7 9 --format bloat-o-meter/);
  assert.match(text, /CONFIG_SIGNALFD \(bool, =y\): 1,815 bytes[^]*would have to become a tristate/);
});

test("a list's note is dropped from its address, and text from MAINTAINERS cannot add header lines", () => {
  const [odd] = parseMaintainers("EVIL\nM:\tA <a@b>\nL:\tlist@x.org (moderated for non-subscribers)\nF:\tx/");
  const mail = composeMaintainerMail({ ...odd, name: "EVIL\nBcc: someone@else" }, build, [
    { symbol: "X", type: "tristate", verdict: "module-now", bytes: 1, objects: ["x/x.o"], proof: null, notPossible: null },
  ]);
  assert.deepEqual(mail.cc, ["list@x.org"]);
  const headers = renderMaintainerMail(mail).split("\n\n")[0];
  assert.doesNotMatch(headers, /^Bcc:/m);
  assert.match(renderMaintainerMail(mail), /not yet built as a module: kbloat modules 7 --prove N measures it/);
});
