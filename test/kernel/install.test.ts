// kbloat as people install it: the tarball `npm pack` makes, installed by npm into a new
// prefix (its dependencies from the registry, better-sqlite3 compiled), then run from a folder
// outside the checkout with a database of its own: --help, --version, completion, a measure
// and show of an ELF file that gcc links here, checked against size, and publish (the web pages
// are in the package). Slow (npm install compiles better-sqlite3), hence in this suite; it needs
// dist/ built (npm run build), as the package does.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { SCHEMA_VERSION } from "../../src/adapters/sqlite-schema.js";
import { ROOT } from "./kernel-env.js";

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const work = mkdtempSync(join(tmpdir(), "kbloat-install-"));
const prefix = join(work, "prefix");
const elsewhere = join(work, "elsewhere");
const db = join(work, "data", "kbloat.db");
let tarball = "";

/** npm's settings from an `npm run` above this test would point the install at the checkout */
function npmEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_(config_(prefix|global_prefix|local_prefix)|package_.*|lifecycle_.*)$/.test(key)) delete env[key];
  delete env.NODE_PATH;
  return env;
}

/** the installed kbloat, run from a folder outside the checkout */
function installed(args: string[]) {
  const env = { ...npmEnv(), PATH: `${join(prefix, "bin")}:${process.env.PATH}`, KBLOAT_DB: db, KBLOAT_CACHE: join(work, "cache"), NO_COLOR: "1" };
  const r = spawnSync("kbloat", args, { cwd: elsewhere, encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(() => {
  for (const built of ["dist/cli/main.js", "dist/web-pages/index.html"]) {
    if (!existsSync(join(ROOT, built))) throw new Error(`${built} is missing: build kbloat first (npm run build), the package ships dist/`);
  }
  mkdirSync(elsewhere);
  // --ignore-scripts: pack the dist/ that is built, without running the build again (prepare)
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", env: npmEnv() }),
  );
  tarball = join(work, packed[0].filename);
});

after(() => rmSync(work, { recursive: true, force: true }));

describe("the package, installed into a new prefix", () => {
  test("the tarball holds the CLI, the web pages and the CI gate, and none of the checkout's sources", () => {
    const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).split("\n");
    for (const f of [
      "bin/kbloat.js",
      "dist/cli/main.js",
      "dist/web-pages/index.html",
      "contrib/ci/kbloat-check.sh",
      "contrib/ci/gitlab-ci.yml",
      "contrib/ci/github-workflow.yml",
    ]) {
      assert.ok(files.includes(`package/${f}`), `${f} is in the package`);
    }
    assert.deepEqual(
      files.filter((f) => /^package\/(src|test|bench|node_modules)\//.test(f)),
      [],
    );
  });

  test("npm install -g --prefix installs it with its dependencies", (t) => {
    const started = Date.now();
    // npm 11 asks which packages may run install scripts: better-sqlite3's compiles its binding
    // (kbloat's own prepare, npm run build, does not run for a tarball, which is built already)
    const args = ["install", "-g", "--prefix", prefix, "--allow-scripts=better-sqlite3", "--no-audit", "--no-fund", tarball];
    const r = spawnSync("npm", args, { cwd: elsewhere, encoding: "utf8", env: npmEnv() });
    assert.equal(r.status, 0, `npm install exited ${r.status}:\n${r.stderr.slice(-4000)}`);
    t.diagnostic(`npm install -g took ${Math.round((Date.now() - started) / 1000)} s`);
    const home = realpathSync(join(prefix, "lib", "node_modules", "kbloat"));
    assert.ok(!home.startsWith(`${ROOT}/`) && home !== ROOT, `installed as a copy, not a link to the checkout: ${home}`);
    assert.ok(existsSync(join(home, "node_modules", "better-sqlite3")) || existsSync(join(prefix, "lib", "node_modules", "better-sqlite3")));
  });

  test("kbloat --help and kbloat --version", () => {
    const help = installed(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    for (const verb of ["build", "measure", "show", "diff", "check", "completion"]) assert.match(help.stdout, new RegExp(`^  ${verb} `, "m"));
    assert.deepEqual(installed(["--version"]), { code: 0, stdout: `kbloat ${pkg.version} (database schema ${SCHEMA_VERSION})\n`, stderr: "" });
  });

  test("measure and show an ELF file: the totals are size's", () => {
    const d = join(work, "elf");
    mkdirSync(d);
    writeFileSync(
      join(d, "start.c"),
      "int counter; char buffer[4096]; const char table[200] = { 1 };\nvoid _start(void) { for (;;) counter += table[counter & 127] + buffer[counter & 4095]; }\n",
    );
    execFileSync("gcc", ["-O2", "-nostdlib", "-static", "-o", join(d, "vmlinux"), join(d, "start.c")]);
    const measured = installed(["measure", join(d, "vmlinux"), "--name", "start@installed"]);
    assert.equal(measured.code, 0, measured.stderr);
    const [text, data, bss, dec] = execFileSync("size", [join(d, "vmlinux")], { encoding: "utf8" })
      .split("\n")[1]
      .trim()
      .split(/\s+/)
      .map(Number);
    const shown = JSON.parse(installed(["--format", "json", "show", "start@installed", "--by", "section"]).stdout);
    assert.deepEqual([shown.totals.text, shown.totals.data, shown.totals.bss, shown.totals.total], [text, data, bss, dec]);
    assert.equal(
      shown.rows.reduce((s: number, r: { size: number }) => s + r.size, 0),
      dec,
      "the sections add up to size's dec",
    );
    const plain = installed(["show", "start@installed", "--by", "section"]);
    assert.equal(plain.code, 0, plain.stderr);
    assert.match(plain.stdout, new RegExp(`size {5}text ${text} {2}data ${data} {2}bss ${bss} {2}dec ${dec}`));
    assert.equal(JSON.parse(installed(["--format", "json", "list"]).stdout).database_schema, SCHEMA_VERSION);
  });

  test("completion, publish and the CI gate work from the package alone", () => {
    const bash = installed(["completion", "bash"]);
    assert.equal(bash.code, 0, bash.stderr);
    execFileSync("bash", ["-n"], { input: bash.stdout });
    const site = join(work, "site");
    const published = installed(["publish", site]);
    assert.equal(published.code, 0, published.stderr);
    assert.ok(existsSync(join(site, "index.html")) && existsSync(join(site, "api", "index.json")));
    const gate = spawnSync("bash", [join(prefix, "lib", "node_modules", "kbloat", "contrib", "ci", "kbloat-check.sh"), "--help"], { encoding: "utf8" });
    assert.equal(gate.status, 2);
    assert.match(gate.stderr, /^usage: kbloat-check\.sh --base REV --head REV --budget BYTES/);
  });
});
