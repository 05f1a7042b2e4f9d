// contrib/ci/kbloat-check.sh when the gate cannot run: exit status 2, and a report that says why
// and what to do, for the merge request to show. The gate on a real kernel, over and within its
// budget, is in test/kernel/blame.test.ts.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { kbloatOnPath, ROOT } from "./kbloat-on-path.js";

const dir = mkdtempSync(join(tmpdir(), "kbloat-ci-script-"));
const PATH = kbloatOnPath(dir);
const repo = join(dir, "not-a-kernel");
mkdirSync(repo);
const git = (...args: string[]) => execFileSync("git", ["-C", repo, "-c", "user.name=Dev", "-c", "user.email=dev@example.org", ...args], { encoding: "utf8" });
git("init", "-q", "-b", "main");
git("commit", "-q", "--allow-empty", "-m", "one");
git("commit", "-q", "--allow-empty", "-m", "two");

function gate(args: string[], env: NodeJS.ProcessEnv = {}) {
  const report = join(dir, `report-${Math.random().toString(36).slice(2)}.md`);
  const r = spawnSync("bash", [join(ROOT, "contrib", "ci", "kbloat-check.sh"), "--report", report, ...args], {
    encoding: "utf8",
    cwd: dir,
    env: { ...process.env, PATH, KBLOAT_DB: join(dir, "kbloat.db"), KBLOAT_CACHE: join(dir, "cache"), ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, report: existsSync(report) ? readFileSync(report, "utf8") : null };
}

describe("contrib/ci/kbloat-check.sh, when the check cannot run", () => {
  test("a missing input: the usage, exit 2", () => {
    const r = gate(["--base", "HEAD~1", "--head", "HEAD", "--repo", repo]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--base, --head and --budget are needed \(or KBLOAT_BASE, KBLOAT_HEAD, KBLOAT_BUDGET\)\nusage: kbloat-check\.sh/);
  });

  test("a base the clone does not have: the report says to fetch more history", () => {
    const r = gate(["--base", "v0.0-missing", "--head", "HEAD", "--budget", "0", "--repo", repo]);
    assert.equal(r.code, 2);
    assert.match(r.report ?? "", /^### kbloat check: ERROR: v0\.0-missing is not a commit of the repository .*\n\nfetch it /);
    assert.match(r.report ?? "", /clone with more history \(GitLab: GIT_DEPTH: 0; GitHub: fetch-depth: 0\)/);
    assert.match(r.stderr, /^kbloat-check: v0\.0-missing is not a commit/m);
  });

  test("inputs from the environment, and kbloat's own error in the report", () => {
    const r = gate([], { KBLOAT_BASE: "HEAD~1", KBLOAT_HEAD: "HEAD", KBLOAT_BUDGET: "0", KBLOAT_REPO: repo });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.report ?? "", /^### kbloat check: ERROR: the check could not run \(exit status 2\)\n\n```\n/);
    assert.match(r.report ?? "", /^kbloat: the base [0-9a-f]{40} .* does not build, so there is nothing to compare against$/m);
    assert.equal(r.stdout, r.report, "the report is printed to the log too");
  });

  test("a budget that is not a number is kbloat's error, with exit 2", () => {
    const r = gate(["--base", "HEAD~1", "--head", "HEAD", "--budget", "4k", "--repo", repo]);
    assert.equal(r.code, 2);
    assert.match(r.report ?? "", /kbloat: --budget wants a whole number, not "4k"/);
  });
});
