// A disk that fills up while the kernel builds: the build is stored as a failure whose cause
// says so, kbloat exits 2 naming the fix, and the database (on another disk) stays whole.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import Database from "better-sqlite3";
import { kbloatOk, ROOT, showJson, tarball, testDb } from "./kernel-env.js";

const db = testDb("disk-full");
const small = mkdtempSync(join(tmpdir(), "kbloat-small-disk-"));
let mounted = false;

before(() => {
  // a 48 MiB disk: enough for configure, far too little for a tinyconfig build tree
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", "size=48m", "tmpfs", small], { encoding: "utf8" });
  mounted = r.status === 0;
  if (!mounted) throw new Error(`cannot mount a small tmpfs for this test (it needs root): ${r.stderr.trim()}`);
});

after(() => {
  if (mounted) spawnSync("umount", [small]);
  rmSync(small, { recursive: true, force: true });
});

describe("a full disk while building", () => {
  test("is stored as a failure that names the disk, exit 2, the database whole", () => {
    kbloatOk(db, ["build", tarball("6.12")]);
    const source = showJson(db, "1").build.source_dir;
    const r = spawnSync(process.execPath, [join(ROOT, "bin", "kbloat.js"), "--db", db, "build", source], {
      encoding: "utf8",
      env: { ...process.env, KBLOAT_CACHE: small, NO_COLOR: "1" },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /failed at (configure|compile|link): the disk holding .* is full .*KBLOAT_CACHE/);
    // the cause is the disk whether or not the failing tool said ENOSPC (ar may exit 1 without a word)
    assert.match(r.stderr, /is full \([0-9.]+ [KM]?i?B free/);
    const builds = JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds;
    assert.deepEqual(
      builds.map((b: { status: string }) => b.status),
      ["ok", "failed"],
    );
    assert.match(kbloatOk(db, ["show", "2"]), /the disk holding .* is full/);
    const raw = new Database(db, { readonly: true });
    assert.equal(raw.pragma("integrity_check", { simple: true }), "ok");
    raw.close();
  });
});
