// Bad input: one clear line with the fix, exit 2, nothing half-written. Driven in-process.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import Database from "better-sqlite3";
import { SCHEMA_VERSION } from "../../src/adapters/sqlite-schema.js";
import { runCli } from "../../src/cli/main.js";

const dir = mkdtempSync(join(tmpdir(), "kbloat-cli-"));
const db = join(dir, "kbloat.db");

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(["--db", db, ...args], {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    env: { ...process.env, KBLOAT_CACHE: join(dir, "cache"), ...env },
  });
  return { code, stdout, stderr };
}

function fakeKernelTree(path: string): void {
  mkdirSync(join(path, "arch"), { recursive: true });
  writeFileSync(join(path, "Makefile"), "VERSION = 6\nPATCHLEVEL = 99\nSUBLEVEL = 0\nEXTRAVERSION =\nNAME = Test\n");
  writeFileSync(join(path, "Kconfig"), 'mainmenu "test"\n');
}

async function expectError(args: string[], pattern: RegExp) {
  const r = await run(args);
  assert.equal(r.code, 2, `exit code for ${args.join(" ")}: ${r.stderr}`);
  assert.match(r.stderr, pattern);
  assert.ok(r.stderr.startsWith("kbloat: "), "one line naming the cause first");
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, "no stack trace for a user error");
}

describe("bad input", () => {
  test("a missing source path", () => expectError(["build", join(dir, "nope")], /nope does not exist/));

  test("a directory that is not a kernel", () => {
    mkdirSync(join(dir, "empty"), { recursive: true });
    return expectError(["build", join(dir, "empty")], /is not a Linux kernel source tree/);
  });

  test("a tarball that is not a kernel", () => {
    mkdirSync(join(dir, "junk"), { recursive: true });
    writeFileSync(join(dir, "junk", "README"), "hello\n");
    execFileSync("tar", ["-czf", join(dir, "junk.tar.gz"), "-C", dir, "junk"]);
    return expectError(["build", join(dir, "junk.tar.gz")], /does not hold a Linux kernel source tree/);
  });

  test("a corrupt tarball", () => {
    writeFileSync(join(dir, "broken.tar.xz"), "not xz at all");
    return expectError(["build", join(dir, "broken.tar.xz")], /cannot unpack .*broken\.tar\.xz: tar: [^\n]*; /);
  });

  test("an unknown recipe", () => {
    fakeKernelTree(join(dir, "fake"));
    return expectError(["build", join(dir, "fake"), "--recipe", "huge"], /unknown recipe "huge"/);
  });

  test("an unknown transform", () => expectError(["build", join(dir, "fake"), "--recipe", "tiny+lto"], /unknown recipe transform "\+lto"/));

  test("a symbol name that cannot be one", () => expectError(["build", join(dir, "fake"), "--enable", "NOT-A-SYMBOL"], /is not a Kconfig symbol name/));

  test("a revision that does not exist", () => {
    const repo = join(dir, "repo");
    fakeKernelTree(repo);
    const git = (...a: string[]) => execFileSync("git", ["-C", repo, ...a], { stdio: "ignore" });
    git("init", "-q");
    git("add", ".");
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "init");
    return expectError(["build", repo, "--rev", "v9.9"], /revision v9\.9 does not exist/);
  });

  test("a directory depth of 0", () => expectError(["show", "1", "--depth", "0"], /--depth wants a whole number \(1 or more\), not "0"/));

  test("a file that is not ELF", () => {
    writeFileSync(join(dir, "vmlinux-text"), "just text\n");
    return expectError(["measure", join(dir, "vmlinux-text")], /cannot read .*not an ELF file/);
  });

  test("a truncated ELF file", () => {
    const elf = readFileSync(process.execPath).subarray(0, 200);
    writeFileSync(join(dir, "vmlinux-cut"), elf);
    return expectError(["measure", join(dir, "vmlinux-cut")], /cannot read .*truncated ELF file/);
  });

  test("a database path that cannot be written", async () => {
    writeFileSync(join(dir, "a-file"), "");
    // a verb that writes: one that only reads refuses a missing database before it opens anything
    const r = await runCli(["--db", join(dir, "a-file", "sub", "kbloat.db"), "measure", join(dir, "vmlinux")], {
      stdout: { write: () => {} },
      stderr: { write: (s: string) => void (errors += s) },
      env: process.env,
    });
    assert.equal(r, 2);
    assert.match(errors, /cannot open database .*--db/s);
  });

  test("a database from a newer kbloat is refused and left alone", async () => {
    const newer = join(dir, "newer.db");
    const raw = new Database(newer);
    raw.pragma("user_version = 99");
    raw.close();
    let err = "";
    const code = await runCli(["--db", newer, "list"], { stdout: { write: () => {} }, stderr: { write: (s: string) => void (err += s) }, env: process.env });
    assert.equal(code, 2);
    assert.match(err, /schema version 99, written by a newer kbloat/);
    const again = new Database(newer);
    assert.equal(again.pragma("user_version", { simple: true }), 99);
    again.close();
  });

  test("a link map kbloat cannot read: measured all the same, without content, and said so", async () => {
    const d = join(dir, "odd-map");
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, "start.c"), "int counter; void _start(void) { for (;;) counter++; }\n");
    execFileSync("gcc", ["-O2", "-nostdlib", "-static", "-o", join(d, "vmlinux"), join(d, "start.c")]);
    writeFileSync(join(d, "vmlinux.map"), "VMA LMA Size Align Out In Symbol\n");
    const r = await run(["--db", join(d, "own.db"), "--format", "json", "measure", join(d, "vmlinux")]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /cannot read link map .*stored without per-object sizes and content/);
    const out = JSON.parse(r.stdout);
    assert.equal(out.totals.content, null);
    assert.ok(out.totals.total > 0);
  });

  test("an unknown build", () => expectError(["show", "v1.0@tiny"], /no build "v1\.0@tiny"/));

  test("a verb that only reads, on a database that is not there: an error, and nothing is created", async () => {
    const { existsSync } = await import("node:fs");
    const missing = join(dir, "typo", "kbloat.db");
    for (const args of [
      ["list"],
      ["show", "2"],
      ["diff", "1", "2"],
      ["shame"],
      ["modules", "1"],
      ["options", "1"],
      ["plot"],
      ["serve"],
      ["publish", join(dir, "site")],
    ]) {
      let stderr = "";
      const code = await runCli(["--db", missing, ...args], {
        stdout: { write: () => {} },
        stderr: { write: (x: string) => void (stderr += x) },
        env: { ...process.env, KBLOAT_CACHE: join(dir, "cache") },
      });
      assert.equal(code, 2, args.join(" "));
      assert.match(stderr, /^kbloat: no database at .*typo\/kbloat\.db\n {2}pass --db/, args.join(" "));
      assert.equal(existsSync(join(dir, "typo")), false, `${args[0]} left nothing behind`);
    }
  });

  test("serve on a port that is in use: the cause, and another port to try", async () => {
    const { createServer } = await import("node:net");
    const busy = createServer();
    await new Promise<void>((done) => busy.listen(0, "127.0.0.1", done));
    const port = (busy.address() as { port: number }).port;
    try {
      await run(["list"]);
      await expectError(
        ["serve", "--port", String(port)],
        new RegExp(`port ${port} on 127\\.0\\.0\\.1 is in use\\n {2}pick another with --port, e\\.g\\. --port ${port + 1}`),
      );
    } finally {
      busy.close();
    }
  });

  test("list on an empty database says what to do", async () => {
    const r = await run(["list"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /kbloat build SOURCE/);
    const j = JSON.parse((await run(["--format", "json", "list"])).stdout);
    assert.deepEqual(j, { schema: 1, database_schema: SCHEMA_VERSION, builds: [] });
  });
});

let errors = "";

describe("usage errors read as every other error", () => {
  for (const [args, cause] of [
    [["dif", "1", "2"], /^kbloat: unknown command 'dif'\n\(Did you mean diff\?\)\n/],
    [["diff"], /^kbloat: missing required argument 'base'\n/],
    [["show", "1", "--by", "colour"], /^kbloat: option '--by <grain>' argument 'colour' is invalid\. Allowed choices are section, dir, /],
    [["--frobnicate", "list"], /^kbloat: unknown option '--frobnicate'\n/],
  ] as const) {
    test(args.join(" "), async () => {
      const r = await run([...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, cause);
      assert.match(r.stderr, /\n {2}kbloat --help lists the verbs, kbloat VERB --help what one takes\n$/);
      assert.equal(r.stdout, "");
    });
  }
});
