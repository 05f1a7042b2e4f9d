// The guru on a kernel kbloat did not build: a 6.12 tree made with plain make (the .config of
// kbloat's tinyconfig build with a few options on), measured with kbloat measure, first without
// a link map (CONFIG_VMLINUX_MAP off), then with the kernel's own one. modules on it must equal
// modules on the kbloat-built Build of the same source and .config: the same options, verdicts and
// reasons; the same bytes once there is a map, and labelled approximate while there is none.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { kbloat, kbloatOk, showJson, tarball, testDb } from "./kernel-env.js";

const db = testDb("plain-make");
const out = mkdtempSync(join(tmpdir(), "kbloat-plain-make-"));
const OPTIONS = ["--enable", "PRINTK", "--enable", "BUG", "--enable", "FUTEX"];

interface ModulesJson {
  build: { id: number; arch?: string };
  kernel_proper: number;
  approximate: boolean;
  options: { symbol: string; type: string; verdict: string; reason: string; bytes: number }[];
}

let source: string;
let made: ModulesJson;

/**
 * make as a user runs it, in the tree kbloat unpacked, into a directory of its own. The build
 * stamp is the one kbloat pins, as a reproducible build sets it: linux_banner holds it, and its
 * length is bytes of the kernel proper.
 */
function make(...args: string[]): void {
  const env = {
    ...process.env,
    KBUILD_BUILD_TIMESTAMP: "Thu Jan  1 00:00:00 UTC 1970",
    KBUILD_BUILD_USER: "kbloat",
    KBUILD_BUILD_HOST: "kbloat",
    KBUILD_BUILD_VERSION: "1",
  };
  execFileSync("make", ["-s", "-C", source, `O=${out}`, "ARCH=x86_64", "CC=ccache gcc", ...args], { stdio: ["ignore", "ignore", "pipe"], env });
}

function modules(id: string): ModulesJson {
  return JSON.parse(kbloatOk(db, ["--format", "json", "modules", id]));
}

function measure(name: string): string {
  const r = JSON.parse(kbloatOk(db, ["--format", "json", "measure", join(out, "vmlinux"), "--build-dir", out, "--source", source, "--name", name]));
  return String(r.build.id);
}

/** VMLINUX_MAP, turned on below to get the kernel's own map, is the one option the trees differ in (0 bytes) */
const others = (r: ModulesJson) => r.options.filter((o) => o.symbol !== "VMLINUX_MAP");
/** by symbol: the report lists options by bytes, and approximate bytes order them otherwise */
const verdicts = (r: ModulesJson) =>
  others(r)
    .map((o) => ({ symbol: o.symbol, type: o.type, verdict: o.verdict, reason: o.reason }))
    .sort((a, b) => (a.symbol < b.symbol ? -1 : 1));

before(() => {
  kbloatOk(db, ["build", tarball("6.12"), "--recipe", "tiny", ...OPTIONS]);
  const built = showJson(db, "1").build;
  source = built.source_dir;
  made = modules("1");
  writeFileSync(join(out, ".config"), readFileSync(join(built.build_dir, ".config")));
  make("olddefconfig");
  make(`-j${2}`, "vmlinux", "bzImage");
});

after(() => rmSync(out, { recursive: true, force: true }));

test("measure records what modules needs: ARCH, toolchain and release, read from the tree", () => {
  const id = measure("plain@nomap");
  const list = JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.find((b: { id: number }) => String(b.id) === id);
  assert.equal(list.arch, "x86_64");
  assert.match(list.toolchain, /gcc/);
  assert.equal(list.revision, readFileSync(join(out, "include", "config", "kernel.release"), "utf8").trim());
});

test("without a link map: the same options, verdicts and reasons, the bytes labelled approximate", () => {
  const r = modules("2");
  assert.equal(r.approximate, true);
  assert.equal(made.approximate, false);
  assert.deepEqual(verdicts(r), verdicts(made));
  const text = kbloat(db, ["modules", "2"]);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /approximate/);
  const csv = kbloatOk(db, ["--format", "csv", "modules", "2"]).trim().split("\n");
  assert.ok(csv[0].endsWith(",approximate") && csv.slice(1).every((l) => l.endsWith(",true")), csv[1]);
});

test("without a link map content is unknown, and stays unknown: show says so, options --exact refuses", () => {
  assert.equal(showJson(db, "2").totals.content, null);
  assert.match(kbloatOk(db, ["show", "2"]), /content\s+unknown/);
  const exact = kbloat(db, ["options", "2", "--exact", "1"]);
  assert.equal(exact.code, 2);
  assert.match(exact.stderr, /has no content figure \(no link map was read\)/);
  // nothing was started for it: no copy of the tree to build in
  assert.equal(JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length, 2);
});

test("with the kernel's own link map (CONFIG_VMLINUX_MAP): equal to the kbloat-built report, byte for byte", () => {
  execFileSync(join(source, "scripts", "config"), ["--file", join(out, ".config"), "--enable", "VMLINUX_MAP"]);
  make("olddefconfig");
  make(`-j${2}`, "vmlinux");
  const id = measure("plain@map");
  const r = modules(id);
  assert.equal(r.approximate, false);
  assert.deepEqual(verdicts(r), verdicts(made));
  assert.equal(r.kernel_proper, made.kernel_proper);
  assert.deepEqual(
    others(r).map((o) => [o.symbol, o.bytes]),
    others(made).map((o) => [o.symbol, o.bytes]),
  );
  assert.equal(r.options.find((o) => o.symbol === "VMLINUX_MAP")?.bytes, 0);
});
