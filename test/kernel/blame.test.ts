// blame on a real kernel history: a git repository made from Debian's 6.12 sources, then
// scripted commits with known effects. blame must name exactly the commits at or above the
// threshold, with content deltas equal to the bytes planted (also where size's totals do not
// move), skip the commit that breaks the build, prune the documentation-only commit, and use
// fewer builds than there are commits.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { kbloatOnPath } from "../unit/kbloat-on-path.js";
import { kbloat, kbloatOk, ROOT, showJson, tarball, testDb } from "./kernel-env.js";
import { createPlantedRepo, type PlantedRepo } from "./planted-repo.js";

const db = testDb("blame");
const work = mkdtempSync(join(tmpdir(), "kbloat-blame-"));
const repo = join(work, "linux");
let git: PlantedRepo["git"];
let write: PlantedRepo["write"];
let append: PlantedRepo["append"];
let commit: PlantedRepo["commit"];

const planted: Record<string, string> = {};

before(() => {
  kbloatOk(db, ["build", tarball("6.12")]);
  ({ git, write, append, commit } = createPlantedRepo(showJson(db, "1").build.source_dir, repo));
  let n = 0;
  const docs = () => {
    append("Documentation/admin-guide/README.rst", `\nA line of documentation (${++n}).\n`);
    return commit(`docs: a documentation-only change (${n})`);
  };
  // built and read by the build, but no change in any byte of vmlinux
  const neutral = () => {
    append("init/main.c", `\n/* a comment (${++n}) */\n`);
    return commit(`init: a comment-only change (${n})`);
  };
  planted.docs = docs();
  write("init/kbloat_table.c", "const char kbloat_table[8192] = { 1 };\n");
  append("init/Makefile", "\nobj-y += kbloat_table.o\n");
  planted.table = commit("init: add an 8 KiB table in a new obj-y file");
  neutral();
  neutral();
  write("init/kbloat_small.c", "const char kbloat_small[200] = { 1 };\n");
  append("init/Makefile", "obj-y += kbloat_small.o\n");
  planted.small = commit("init: add a 200-byte table");
  docs();
  write("init/kbloat_broken.c", "this does not compile;\n");
  append("init/Makefile", "obj-y += kbloat_broken.o\n");
  planted.broken = commit("init: break the build");
  // bss: padded to 2 MiB, so size's figures do not move
  write("init/kbloat_broken.c", "char kbloat_buffer[4096];\n");
  planted.buffer = commit("init: fix the build with a 4 KiB bss buffer");
  neutral();
  neutral();
  // an initialised array: data grows, bss shrinks, size's dec stays
  write("init/kbloat_pair.c", "char kbloat_pair[8192] = { 2 };\n");
  append("init/Makefile", "obj-y += kbloat_pair.o\n");
  planted.plus = commit("init: add an 8 KiB initialised array");
  neutral();
  docs();
  rmSync(join(repo, "init/kbloat_table.c"));
  write("init/Makefile", readFileSync(join(repo, "init/Makefile"), "utf8").replace("obj-y += kbloat_table.o\n", ""));
  planted.minus = commit("init: remove the 8 KiB table");
  neutral();
  git("tag", "head");
});

const clean = testDb("blame-clean");

after(() => {
  // this run's trees belong to a repository that is gone with it
  for (const b of JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds) {
    const dirs = showJson(db, String(b.id)).build;
    if (dirs.build_dir?.includes("/series-git-")) rmSync(dirs.build_dir, { recursive: true, force: true });
    if (dirs.source_dir?.includes("/trees/git-")) rmSync(dirs.source_dir, { recursive: true, force: true });
  }
  // the clean build's database exists only when the neighbour test got that far
  for (const b of existsSync(clean) ? JSON.parse(kbloatOk(clean, ["--format", "json", "list"])).builds : []) {
    const dirs = showJson(clean, String(b.id)).build;
    for (const dir of [dirs.build_dir, dirs.source_dir]) if (dir) rmSync(dir, { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
});

interface BlameJson {
  commits: number;
  pruned: number;
  builds: number;
  total_delta: number;
  below_threshold: number;
  skipped: string[];
  culprits: { commit: string; commits: string[]; delta: number; author: string; subject: string; size_delta: { total: number }; subsystems: string[] }[];
}

describe("blame on a real 6.12 history with planted commits", () => {
  let r: BlameJson;

  test("names exactly the commits at or above the threshold, with the bytes planted", () => {
    // local changes in the user's tree are left alone, and the builds are of the commits
    append("init/main.c", "\nconst char kbloat_uncommitted[65536] = { 1 };\n");
    write("init/kbloat_untracked.c", "const char kbloat_untracked[65536] = { 1 };\n");
    const dirty = git("status", "--porcelain");
    r = JSON.parse(kbloatOk(db, ["--format", "json", "blame", "base..head", "--repo", repo, "--threshold", "1024"]));
    assert.equal(git("status", "--porcelain"), dirty);
    git("checkout", "-q", "--", "init/main.c");
    rmSync(join(repo, "init/kbloat_untracked.c"));
    const byCommit = new Map(r.culprits.map((c) => [c.commit, c]));
    assert.equal(byCommit.get(planted.table)?.delta, 8192);
    assert.equal(byCommit.get(planted.plus)?.delta, 8192);
    assert.equal(byCommit.get(planted.minus)?.delta, -8192);
    assert.equal(byCommit.get(planted.table)?.author, "Kernel Dev");
    assert.equal(byCommit.get(planted.table)?.subject, "init: add an 8 KiB table in a new obj-y file");
    // the 4 KiB buffer sits behind the broken commit: alone, or spanning the commit that broke
    const buffer = r.culprits.find((c) => c.commits.includes(planted.buffer));
    assert.equal(buffer?.delta, 4096);
    assert.equal(r.culprits.length, 4, JSON.stringify(r.culprits.map((c) => [c.subject, c.delta])));
    assert.ok(!byCommit.has(planted.small) && !byCommit.has(planted.docs));
  });

  test("the parts add up, the broken commit is skipped, the docs commit is pruned, and builds stay few", () => {
    assert.equal(r.culprits.reduce((s, c) => s + c.delta, 0) + r.below_threshold, r.total_delta);
    assert.equal(r.total_delta, 8192 + 200 + 4096);
    assert.equal(r.below_threshold, 200);
    assert.ok(
      r.skipped.every((s) => s === planted.broken),
      `only the broken commit is skipped: ${r.skipped}`,
    );
    assert.equal(r.commits, 15);
    assert.equal(r.pruned, 3, "the three documentation-only commits are pruned");
    assert.ok(r.builds < r.commits, `${r.builds} builds for ${r.commits} commits`);
  });

  test("a change that size's totals do not show is still named", () => {
    const small = (n: number) => Math.abs(n) < 4096;
    assert.ok(
      r.culprits.some((c) => small(c.size_delta.total)),
      JSON.stringify(r.culprits.map((c) => c.size_delta)),
    );
  });

  test("a second run reuses every build", (t) => {
    const again: BlameJson = JSON.parse(kbloatOk(db, ["--format", "json", "blame", "base..head", "--repo", repo, "--threshold", "1024"]));
    assert.deepEqual(again.culprits, r.culprits);
    const builds = JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length;
    const text = kbloatOk(db, ["blame", "base..head", "--repo", repo]);
    assert.match(text, /15 commits, 3 pruned/);
    for (const line of text.split("\n")) t.diagnostic(line);
    assert.equal(JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length, builds);
  });
});

interface ShameJson {
  recipe: string;
  culprits: number;
  net: number;
  shame: { name: string; bytes: number; commits: string[]; subject?: string }[];
  thanks: { name: string; bytes: number; commits: string[] }[];
}

describe("shame ranks what blame stored", () => {
  const shame = (...args: string[]): ShameJson => JSON.parse(kbloatOk(db, ["--format", "json", "shame", ...args]));

  test("by commit: the growth largest first, the removal thanked", () => {
    const s = shame();
    assert.equal(s.recipe, "tiny");
    assert.equal(s.culprits, 4);
    assert.deepEqual(
      s.shame.map((r) => r.bytes),
      [8192, 8192, 4096],
    );
    assert.deepEqual(new Set(s.shame.slice(0, 2).map((r) => r.name)), new Set([planted.table, planted.plus]));
    assert.deepEqual(
      s.thanks.map((r) => [r.name, r.bytes]),
      [[planted.minus, -8192]],
    );
    assert.equal(s.net, 8192 + 8192 + 4096 - 8192);
  });

  test("by author and by subsystem: growth and shrinkage kept apart, every byte accounted for", () => {
    const a = shame("--by", "author");
    assert.deepEqual(
      a.shame.map((r) => [r.name, r.bytes, r.commits.length]),
      [["Kernel Dev", 20480, 3]],
    );
    assert.deepEqual(
      a.thanks.map((r) => [r.name, r.bytes]),
      [["Kernel Dev", -8192]],
    );
    const s = shame("--by", "subsystem");
    const sum = (rows: { bytes: number }[]) => rows.reduce((t, r) => t + r.bytes, 0);
    assert.equal(sum(s.shame) + sum(s.thanks), s.net);
    assert.equal(sum(s.shame), 20480);
  });

  test("the text tables (shown in the README)", (t) => {
    for (const by of ["commit", "author", "subsystem"]) {
      const text = kbloatOk(db, ["shame", "--by", by]);
      assert.match(text, /^4 culprits of tiny, by /);
      for (const line of text.split("\n")) t.diagnostic(line);
    }
  });

  test("--since keeps the commits after a revision", () => {
    const s = shame("--since", planted.buffer, "--repo", repo);
    assert.deepEqual(
      s.shame.map((r) => r.name),
      [planted.plus],
    );
    assert.deepEqual(
      s.thanks.map((r) => r.name),
      [planted.minus],
    );
    assert.equal(kbloat(db, ["shame", "--since", "no-such-rev", "--repo", repo]).code, 2);
  });
});

interface CheckJson {
  verdict: string;
  delta: number | null;
  budget: number;
  justification: string | null;
  size_delta: { total: number } | null;
}

describe("check gates a patch series", () => {
  const check = (base: string, head: string, budget: number) => {
    const r = kbloat(db, ["--format", "json", "check", "--repo", repo, "--base", base, "--head", head, "--budget", String(budget)]);
    return { code: r.code, json: r.stdout ? (JSON.parse(r.stdout) as CheckJson) : null, stderr: r.stderr };
  };

  test("over budget exits 1, within budget exits 0, with the planted bytes", (t) => {
    const over = check(`${planted.plus}^`, planted.plus, 4096);
    const text = kbloat(db, ["check", "--repo", repo, "--base", `${planted.plus}^`, "--head", planted.plus, "--budget", "4096"]);
    assert.equal(text.code, 1);
    for (const line of text.stdout.split("\n")) t.diagnostic(line);
    assert.equal(over.code, 1, over.stderr);
    assert.equal(over.json?.verdict, "over-budget");
    assert.equal(over.json?.delta, 8192);
    const within = check(`${planted.plus}^`, planted.plus, 8192);
    assert.equal(within.code, 0, within.stderr);
    assert.equal(within.json?.verdict, "pass");
  });

  test("a Size-Justification trailer lets an over-budget head pass, and a head that does not build fails", (t) => {
    git("checkout", "-q", "-b", "series", "head");
    write("init/kbloat_justified.c", "const char kbloat_justified[2048] = { 1 };\n");
    append("init/Makefile", "obj-y += kbloat_justified.o\n");
    git("add", "-A");
    git("commit", "-q", "-m", "init: a 2 KiB table\n\nSize-Justification: the table replaces a runtime computation");
    const justified = check("head", "series", 0);
    assert.equal(justified.code, 0, justified.stderr);
    assert.equal(justified.json?.verdict, "justified");
    assert.equal(justified.json?.delta, 2048);
    assert.equal(justified.json?.justification, "the table replaces a runtime computation");
    const md = kbloat(db, ["--format", "md", "check", "--repo", repo, "--base", "head", "--head", "series", "--budget", "0"]);
    assert.match(md.stdout, /^### kbloat check: PASS \(justified\): \+2,048 content bytes, budget 0$/m);
    assert.match(md.stdout, /\| content \| [0-9,]+ \| [0-9,]+ \| \+2,048 \|/);
    assert.match(md.stdout, /init\/kbloat_justified\.o/);
    for (const line of md.stdout.split("\n")) t.diagnostic(line);
    write("init/kbloat_justified.c", "not C;\n");
    commit("init: break the build again");
    const broken = check("head", "series", 100000);
    assert.equal(broken.code, 1);
    assert.equal(broken.json?.verdict, "head-failed");
  });
});

describe("the CI gate script, contrib/ci/kbloat-check.sh, on the same builds", () => {
  // the script calls kbloat from PATH, with this file's database: check's builds above are reused
  const gateDir = mkdtempSync(join(tmpdir(), "kbloat-gate-"));
  const PATH = kbloatOnPath(gateDir);
  const gate = (base: string, head: string, budget: number) => {
    const report = join(gateDir, `report-${budget}.md`);
    const script = join(ROOT, "contrib", "ci", "kbloat-check.sh");
    const args = [script, "--repo", repo, "--base", base, "--head", head, "--budget", String(budget), "--report", report];
    const r = spawnSync("bash", args, { cwd: gateDir, encoding: "utf8", env: { ...process.env, PATH, KBLOAT_DB: db, NO_COLOR: "1" } });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, report: readFileSync(report, "utf8") };
  };
  const storedBuilds = () => JSON.parse(kbloatOk(db, ["--format", "json", "list"])).builds.length;

  test("over budget: exit 1, and a Markdown report that says by how much", (t) => {
    const before = storedBuilds();
    const r = gate(`${planted.plus}^`, planted.plus, 4096);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.report, /^### kbloat check: FAIL: \+8,192 content bytes, budget \+4,096\n/);
    assert.match(r.report, /^over budget by 4,096 bytes: /m);
    assert.match(r.report, /^\| content \| [0-9,]+ \| [0-9,]+ \| \+8,192 \|$/m);
    assert.match(r.report, /^\| init\/kbloat_pair\.o \| \+8,192 \|$/m);
    assert.equal(r.stdout, r.report, "the log shows the report");
    assert.equal(storedBuilds(), before, "nothing was built again");
    for (const line of r.report.split("\n")) t.diagnostic(line);
  });

  test("within budget: exit 0, and a report that says PASS", () => {
    const r = gate(`${planted.plus}^`, planted.plus, 8192);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.report, /^### kbloat check: PASS: \+8,192 content bytes, budget \+8,192\n/);
  });

  test("a head that does not build: exit 1, and the report shows the build's error", () => {
    const r = gate("head", "series", 100000);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.report, /^### kbloat check: FAIL: the head does not build \(failed at compile\)\n/);
    assert.match(r.report, /kbloat_justified\.c/);
  });
});

describe("blame --into-merges", () => {
  let topic: string;
  let merge: string;

  before(() => {
    git("checkout", "-q", "-b", "topic", "head");
    write("init/kbloat_topic.c", "const char kbloat_topic[4096] = { 1 };\n");
    append("init/Makefile", "obj-y += kbloat_topic.o\n");
    topic = commit("init: a 4 KiB table on a topic branch");
    append("Documentation/admin-guide/README.rst", "\nA line of documentation on the topic branch.\n");
    commit("docs: a documentation-only change on the topic branch");
    git("checkout", "-q", "-b", "mainline", "head");
    append("init/main.c", "\n/* a comment on mainline */\n");
    commit("init: a comment-only change on mainline");
    git("merge", "-q", "--no-ff", "-m", "Merge branch 'topic'", "topic");
    merge = git("rev-parse", "HEAD");
  });

  test("names the merge along first-parent history, and the branch's commit with --into-merges", () => {
    const plain: BlameJson = JSON.parse(kbloatOk(db, ["--format", "json", "blame", "head..mainline", "--repo", repo]));
    assert.deepEqual(
      plain.culprits.map((c) => [c.commit, c.delta]),
      [[merge, 4096]],
    );
    const into = JSON.parse(kbloatOk(db, ["--format", "json", "blame", "head..mainline", "--repo", repo, "--into-merges"]));
    assert.deepEqual(
      into.culprits.map((c: { commit: string; delta: number; merge: string }) => [c.commit, c.delta, c.merge]),
      [[topic, 4096, merge]],
    );
    assert.equal(into.culprits.reduce((s: number, c: { delta: number }) => s + c.delta, 0) + into.below_threshold, into.total_delta);
    assert.ok(into.pruned >= 1, "the branch's documentation commit is pruned");
  });

  test("what a merge adds beyond its branch is named as the merge's own part, and stored, so shame counts it", () => {
    const before = git("rev-parse", "mainline");
    git("checkout", "-q", "-b", "topic2", "mainline");
    write("init/kbloat_topic2.c", "const char kbloat_topic2[4096] = { 1 };\n");
    append("init/Makefile", "obj-y += kbloat_topic2.o\n");
    const topic2 = commit("init: another 4 KiB table on a topic branch");
    git("checkout", "-q", "mainline");
    git("merge", "-q", "--no-ff", "--no-commit", "topic2");
    // the merge itself brings 8 KiB that no commit of the branch has
    write("init/kbloat_resolution.c", "const char kbloat_resolution[8192] = { 1 };\n");
    append("init/Makefile", "obj-y += kbloat_resolution.o\n");
    const merge2 = commit("Merge branch 'topic2'");
    const into = JSON.parse(kbloatOk(db, ["--format", "json", "blame", `${before}..mainline`, "--repo", repo, "--into-merges"]));
    const rows = into.culprits.map((c: { commit: string; delta: number; merge_rest: boolean }) => [c.commit, c.delta, c.merge_rest]);
    assert.deepEqual(rows, [
      [topic2, 4096, false],
      [merge2, 8192, true],
    ]);
    assert.equal(into.total_delta, 4096 + 8192);
    const s: ShameJson = JSON.parse(kbloatOk(db, ["--format", "json", "shame"]));
    assert.deepEqual(s.shame.find((r) => r.name === merge2)?.bytes, 8192, "the merge's own part is stored");
    const bySubsystem: ShameJson = JSON.parse(kbloatOk(db, ["--format", "json", "shame", "--by", "subsystem"]));
    const sum = (x: { bytes: number }[]) => x.reduce((t, r) => t + r.bytes, 0);
    assert.equal(sum(bySubsystem.shame) + sum(bySubsystem.thanks), bySubsystem.net, "its split by subsystem adds up to it");
  });
});

describe("pruning sees what a generator rule read", () => {
  test("a commit that changes only the syscall table (read by syscalltbl.sh, in no deps_ list) is built and named", () => {
    const start = git("rev-parse", "mainline");
    git("checkout", "-q", "-b", "syscalls", "mainline");
    append("Documentation/admin-guide/README.rst", "\nA line of documentation before the syscall.\n");
    commit("docs: a line before the syscall");
    // a syscall numbered 600 grows sys_call_table from 463 entries to 601: 138 × 8 bytes
    append("arch/x86/entry/syscalls/syscall_64.tbl", "600\tcommon\tkbloat_nosys\t\tsys_ni_syscall\n");
    const syscall = commit("x86: a syscall numbered 600");
    append("Documentation/admin-guide/README.rst", "\nA line of documentation after the syscall.\n");
    commit("docs: a line after the syscall");
    const r: BlameJson = JSON.parse(kbloatOk(db, ["--format", "json", "blame", `${start}..syscalls`, "--repo", repo, "--threshold", "1024"]));
    assert.equal(r.pruned, 2, "the two documentation commits, and only they, are pruned");
    assert.deepEqual(
      r.culprits.map((c) => c.commit),
      [syscall],
    );
    assert.ok(r.culprits[0].delta >= 138 * 8, `delta ${r.culprits[0].delta}`);
  });
});

describe("a neighbour revision in the series tree", () => {
  const trackOne = (sha: string) => {
    const built = JSON.parse(kbloatOk(db, ["--format", "json", "track", repo, sha])).builds as { id: number; how: string }[];
    assert.deepEqual(
      built.map((b) => b.how),
      ["built"],
    );
    const dirs = showJson(db, String(built[0].id)).build;
    return {
      id: String(built[0].id),
      log: readFileSync(join(dirs.build_dir, "kbloat-build.log"), "utf8"),
      config: readFileSync(join(dirs.build_dir, ".config"), "utf8"),
    };
  };

  test("one .c change: the configuration is kept, and it measures as a clean build of the same commit, symbol for symbol", () => {
    git("checkout", "-q", "-B", "neighbour", "head");
    append("kernel/panic.c", "\nint kbloat_neighbour(int x) { return x * 3 + 1; }\n");
    const sha = commit("panic: one more function");
    const tracked = trackOne(sha);
    assert.match(tracked.log, /its \.config is kept/);
    assert.doesNotMatch(tracked.log, /^\$ make .*tinyconfig/m, "no configure step ran");
    kbloatOk(clean, ["build", repo, "--rev", sha]);
    const fresh = showJson(clean, "1", "symbol");
    assert.match(readFileSync(join(fresh.build.build_dir, "kbloat-build.log"), "utf8"), /^\$ make .*tinyconfig/m, "the clean build configured");
    assert.equal(tracked.config, readFileSync(join(fresh.build.build_dir, ".config"), "utf8"));
    const kept = showJson(db, tracked.id, "symbol");
    assert.deepEqual(kept.totals, fresh.totals);
    assert.deepEqual(kept.rows, fresh.rows);
    assert.ok(kept.rows.some((r) => r.name === "kbloat_neighbour"));
  });

  test("a Kconfig change: configured again, and the new option is in its .config", () => {
    append("init/Kconfig", "\nconfig KBLOAT_NEIGHBOUR\n\tdef_bool y\n");
    const tracked = trackOne(commit("init: one more option"));
    assert.match(tracked.log, /^\$ make .*tinyconfig/m);
    assert.match(tracked.config, /^CONFIG_KBLOAT_NEIGHBOUR=y$/m);
  });
});
