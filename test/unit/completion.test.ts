// Shell completion: the script `kbloat completion bash` prints, sourced in a real bash and run
// as bash runs it on Tab (COMP_LINE, COMP_POINT, _kbloat), against the built CLI: verbs,
// options, --by and --format values, and the build names of a real database, which are text
// to quote, never to run. zsh's script is checked by zsh itself when zsh is installed.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, describe, test } from "node:test";
import { runCli } from "../../src/cli/main.js";
import { GRAINS } from "../../src/core/breakdown.js";
import { SHAME_GRAINS } from "../../src/core/shame.js";
import { kbloatOnPath } from "./kbloat-on-path.js";

const dir = mkdtempSync(join(tmpdir(), "kbloat-completion-"));
const PATH = kbloatOnPath(dir);
const kbloat = join(dir, "bin", "kbloat");
const db = join(dir, "kbloat.db");
/** a build name a shell would run if it evaluated it */
const HOSTILE = `odd $(touch ${join(dir, "PWNED")}) name`;

async function kbloatInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: { write: (s) => void (stdout += s) }, stderr: { write: (s) => void (stderr += s) }, env: process.env });
  return { code, stdout, stderr };
}

/**
 * What bash offers for the words after `kbloat`, the last one being completed (the cursor at
 * the end of the line), and its stderr. Bash replaces what follows the last COMP_WORDBREAKS
 * character ("=", "@", ":" ...) of that word with what is offered.
 */
function complete(words: string[], env: NodeJS.ProcessEnv = {}): { offered: string[]; stderr: string } {
  const script = `source ${join(dir, "kbloat.bash")}
COMP_LINE="kbloat $1"; COMP_POINT=\${#COMP_LINE}
_kbloat
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync("bash", ["-c", script, "bash", words.join(" ")], {
    encoding: "utf8",
    env: { ...process.env, PATH, KBLOAT_DB: join(dir, "no-such.db"), ...env },
  });
  assert.equal(r.status, 0, r.stderr);
  return { offered: r.stdout.split("\n").filter(Boolean), stderr: r.stderr };
}

before(async () => {
  // the script as the built CLI prints it, which must be the one the sources make
  const built = spawnSync(kbloat, ["completion", "bash"], { encoding: "utf8" });
  const fromSource = await kbloatInProcess(["completion", "bash"]);
  assert.equal(built.stdout, fromSource.stdout, `dist/ is older than src/ (${built.stderr.trim()}): compile it with npm run build`);
  writeFileSync(join(dir, "kbloat.bash"), built.stdout);
  // two measured builds: ELF files that gcc links here
  for (const [name, bytes] of [
    ["v1@tiny", 200],
    [HOSTILE, 300],
  ] as const) {
    const d = join(dir, `elf-${bytes}`);
    mkdirSync(d);
    writeFileSync(join(d, "start.c"), `int counter; const char table[${bytes}] = { 1 }; void _start(void) { for (;;) counter++; }\n`);
    execFileSync("gcc", ["-O2", "-nostdlib", "-static", "-o", join(d, "vmlinux"), join(d, "start.c")]);
    const r = await kbloatInProcess(["--db", db, "measure", join(d, "vmlinux"), "--name", name]);
    assert.equal(r.code, 0, r.stderr);
  }
});

describe("kbloat completion bash", () => {
  test("the script is valid bash", () => {
    execFileSync("bash", ["-n", join(dir, "kbloat.bash")]);
  });

  test("verbs, and no hidden helper", () => {
    assert.deepEqual(complete(["s"]).offered, ["serve", "shame", "show"]);
    const all = complete([""]).offered;
    for (const verb of ["build", "measure", "list", "show", "diff", "check", "completion", "help"]) assert.ok(all.includes(verb), verb);
    assert.ok(!all.some((v) => v.startsWith("__")), all.join(" "));
    assert.deepEqual(complete(["--format", "json", "li"]).offered, ["list"]);
    assert.deepEqual(complete(["help", "sh"]).offered, ["shame", "show"]);
  });

  test("options of the verb, and the global ones", () => {
    assert.deepEqual(complete(["show", "--d"]).offered, ["--depth", "--db"]);
    assert.deepEqual(complete(["check", "--b"]).offered, ["--base", "--budget"]);
    assert.deepEqual(complete(["--v"]).offered, ["--version"]);
  });

  test("the values of --by and --format, also as --by=VALUE", () => {
    assert.deepEqual(complete(["show", "--by", ""]).offered, [...GRAINS]);
    assert.deepEqual(complete(["shame", "--by", ""]).offered, [...SHAME_GRAINS]);
    assert.deepEqual(complete(["diff", "--by=s"]).offered, ["section", "subsystem", "symbol"]);
    assert.deepEqual(complete(["--format", ""]).offered, ["text", "json", "csv", "md", "bloat-o-meter"]);
    assert.deepEqual(complete(["completion", ""]).offered, ["bash", "zsh"]);
  });

  test("an option's value is not taken for an argument", () => {
    assert.deepEqual(complete(["--db", db, "show", "--by", "dir", "v"]).offered, ["v1@tiny"]);
    // after diff's two builds, nothing more is a build
    assert.deepEqual(complete(["--db", db, "diff", "v1@tiny", "v1@tiny", ""]).offered, []);
  });

  test("stored build names, from --db or $KBLOAT_DB, quoted and never run", () => {
    const quoted = HOSTILE.replace(/[ $()]/g, "\\$&");
    assert.deepEqual(complete(["--db", db, "show", ""]).offered.sort(), [quoted, "v1@tiny"].sort());
    assert.deepEqual(complete(["diff", "v1@tiny", "v"], { KBLOAT_DB: db }).offered, ["v1@tiny"]);
    // past the "@", which ends a word for bash: the rest of the name
    assert.deepEqual(complete(["show", "v1@t"], { KBLOAT_DB: db }).offered, ["tiny"]);
    assert.deepEqual(complete(["--db=" + db, "diff", "v1@tiny", "v1@"]).offered, ["tiny"]);
    assert.deepEqual(complete(["modules", "o"], { KBLOAT_DB: db }).offered, [quoted]);
    assert.equal(existsSync(join(dir, "PWNED")), false, "the name was never evaluated");
  });

  test("without a database: no names and no noise", () => {
    const r = complete(["show", ""]);
    assert.deepEqual(r.offered, []);
    assert.equal(r.stderr, "");
    const hidden = spawnSync(kbloat, ["--db", join(dir, "none.db"), "__complete-builds"], { encoding: "utf8" });
    assert.deepEqual([hidden.status, hidden.stdout, hidden.stderr], [0, "", ""]);
    assert.equal(existsSync(join(dir, "none.db")), false, "nothing is created");
  });
});

describe("kbloat completion zsh", () => {
  test("zsh is installed (scripts/setup.sh installs it)", () =>
    assert.equal(spawnSync("zsh", ["--version"]).status, 0, "zsh is missing: run bash scripts/setup.sh"));

  // compadd, _describe, compset and _files exist only inside zsh's completion widgets: stand-ins
  // print what would be offered, so _kbloat's own decisions run in a plain zsh
  const harness = `compdef() { :; }
compset() { [[ $1 == -P ]] && words[CURRENT]=\${words[CURRENT]#*=}; }
_files() { print -r -- '<files>'; }
compadd() { if [[ $1 == -a ]]; then print -rl -- "\${(@P)2}"; else shift; print -rl -- "$@"; fi; }
_describe() { local a; shift 3; for a in "$@"; do [[ $a == -- ]] || print -rl -- "\${(@P)a}"; done; }
source ${join(dir, "kbloat.zsh")}
words=(kbloat "$@"); CURRENT=$#words
_kbloat`;
  const offered = (words: string[]) => {
    const r = spawnSync("zsh", ["-f", "-c", harness, "zsh", ...words], { encoding: "utf8", env: { ...process.env, PATH } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split("\n").filter(Boolean);
  };

  before(async () => writeFileSync(join(dir, "kbloat.zsh"), (await kbloatInProcess(["completion", "zsh"])).stdout));

  test("the script is valid zsh", () => {
    execFileSync("zsh", ["-n", join(dir, "kbloat.zsh")]);
  });

  test("verbs with descriptions, values, and build names as plain words", () => {
    assert.ok(offered([""]).includes("show:where the bytes of one build go"));
    assert.deepEqual(offered(["show", "--by", ""]), [...GRAINS]);
    assert.deepEqual(offered(["show", "--by=s"]), [...GRAINS]);
    assert.deepEqual(offered(["--db", db, "show", ""]).sort(), [HOSTILE, "v1@tiny"].sort());
    assert.deepEqual(offered(["build", ""]), ["<files>"]);
    assert.equal(existsSync(join(dir, "PWNED")), false);
  });
});
