// The subsystem matcher on the kernel's own MAINTAINERS (6.12.117's), against the kernel's own
// scripts/get_maintainer.pl on the same tree: for well-known objects and for a sample of the
// files MAINTAINERS names, kbloat's subsystem is the most specific one get_maintainer.pl prints.

import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { resolveKernelSource } from "../../src/adapters/kernel-source.js";
import { cacheDir } from "../../src/adapters/paths.js";
import { createSubsystemMatcher, type MaintainersEntry, parseMaintainers } from "../../src/core/maintainers.js";
import { tarball, tool } from "./kernel-env.js";

let tree = "";
let entries: MaintainersEntry[] = [];

before(async () => {
  tree = (await resolveKernelSource(tarball("6.12"), undefined, cacheDir(), () => {})).dir;
  entries = parseMaintainers(readFileSync(join(tree, "MAINTAINERS"), "utf8"));
});

/** The subsystems get_maintainer.pl prints for a source file, most specific first. */
function getMaintainer(source: string): string[] {
  const args = ["scripts/get_maintainer.pl", "--no-git", "--no-git-fallback", "--subsystem", "--no-email", "--no-l", "--no-m", "--no-r", "-f", source];
  return tool("perl", args, tree).split("\n").filter(Boolean);
}

const WELL_KNOWN = [
  "kernel/sched/core.c",
  "mm/slub.c",
  "fs/namei.c",
  "arch/x86/kernel/head_64.S",
  "drivers/tty/serial/8250/8250_core.c",
  "arch/x86/events/intel/core.c",
  "kernel/events/core.c",
  "init/main.c",
  "net/core/dev.c",
];

describe("the kernel's MAINTAINERS (6.12)", () => {
  test("is read whole: its first and last entries", () => {
    assert.equal(entries[0].name, "3C59X NETWORK DRIVER");
    assert.equal(entries.at(-1)?.name, "THE REST");
    assert.ok(entries.length > 2500, `${entries.length} entries`);
  });

  test("well-known objects get the subsystem get_maintainer.pl names first", () => {
    const match = createSubsystemMatcher(entries);
    const ours = WELL_KNOWN.map((c) => [c, match(c.replace(/\.[cS]$/, ".o"))]);
    assert.deepEqual(
      ours,
      WELL_KNOWN.map((c) => [c, getMaintainer(c)[0]]),
    );
  });

  test("a sample of the files MAINTAINERS names: ours is get_maintainer.pl's first, or ties with it at the same depth", (t) => {
    const match = createSubsystemMatcher(entries);
    const files = entries.flatMap((e) => e.files).filter((f) => /^[\w/.,+-]+\.c$/.test(f) && existsSync(join(tree, f)));
    const sample = files.filter((_, i) => i % Math.ceil(files.length / 30) === 0);
    assert.ok(sample.length >= 25, `${sample.length} files`);
    let first = 0;
    for (const f of sample) {
      const theirs = getMaintainer(f);
      const ours = match(f.replace(/\.c$/, ".o"));
      // get_maintainer.pl prints subsystems that tie at the same depth in Perl's hash order, which
      // changes from run to run (lib/maple_tree.c: MAPLE TREE by its file, LIBRARY CODE by lib/*);
      // kbloat lets the exact file win. Ours must be one it prints, and not the last resort.
      assert.ok(ours !== null && theirs.includes(ours), `${f}: ours ${ours}, get_maintainer.pl ${theirs.join(" | ")}`);
      assert.notEqual(ours, "THE REST", `${f}: named by an entry, not the last resort`);
      if (ours === theirs[0]) first++;
      else t.diagnostic(`${f}: ours ${ours}; get_maintainer.pl prints ${theirs.join(" | ")}`);
    }
    t.diagnostic(`${first} of ${sample.length} equal get_maintainer.pl's first line`);
    assert.ok(first >= sample.length * 0.8, `${first} of ${sample.length} first`);
  });
});
