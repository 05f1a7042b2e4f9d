// Which revisions `track` walks: first-parent history of A..B by tags, merges, every N, or a
// list; and the range errors a user can make.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { before, test } from "node:test";
import { listRangeRevisions, resolveRevisions } from "../../src/adapters/git-revisions.js";
import { UserError } from "../../src/core/user-error.js";

const repo = mkdtempSync(join(tmpdir(), "kbloat-git-"));
const git = (...args: string[]) =>
  execFileSync("git", ["-C", repo, "-c", "user.name=Dev", "-c", "user.email=dev@example.org", ...args], { encoding: "utf8" }).trim();
const commit = (n: number, file = "file") => {
  writeFileSync(join(repo, file), `${n}\n`);
  git("add", file);
  git("commit", "-qm", `commit ${n}`);
};

before(() => {
  git("init", "-q", "-b", "master");
  commit(0);
  git("tag", "v1");
  for (let i = 1; i <= 6; i++) commit(i);
  git("tag", "-a", "v2", "-m", "release 2");
  // a side branch merged into master: first-parent history sees only the merge
  git("checkout", "-qb", "topic");
  commit(100, "topic-file");
  commit(101, "topic-file");
  git("checkout", "-q", "master");
  commit(7);
  git("merge", "-q", "--no-ff", "topic", "-m", "Merge topic");
  commit(8);
  git("tag", "v3");
});

const names = (rs: { name: string }[]) => rs.map((r) => r.name);

test("--tags: the base, the tagged commits, and the head", async () => {
  assert.deepEqual(names(await listRangeRevisions(repo, "v1..v3", { kind: "tags" })), ["v1", "v2", "v3"]);
});

test("--merges: first-parent merges only", async () => {
  const rs = await listRangeRevisions(repo, "v1..v3", { kind: "merges" });
  assert.equal(rs.length, 3);
  assert.equal(rs[1].subject, "Merge topic");
  assert.equal(rs[2].name, "v3");
});

test("all and --every N follow first-parent history, never the side branch", async () => {
  const all = await listRangeRevisions(repo, "v1..v3", { kind: "all" });
  assert.deepEqual(
    all.map((r) => r.subject),
    ["commit 0", "commit 1", "commit 2", "commit 3", "commit 4", "commit 5", "commit 6", "commit 7", "Merge topic", "commit 8"],
  );
  assert.deepEqual(
    (await listRangeRevisions(repo, "v1..v3", { kind: "every", n: 4 })).map((r) => r.subject),
    ["commit 0", "commit 4", "Merge topic", "commit 8"],
  );
  assert.equal(all[0].author, "Dev");
});

test("an explicit list keeps the user's names and order", async () => {
  assert.deepEqual(names(await resolveRevisions(repo, ["v2", "v1"])), ["v2", "v1"]);
});

test("range errors say what is wrong and what to do", async () => {
  await assert.rejects(
    listRangeRevisions(repo, "v3..v1", { kind: "all" }),
    (e: Error) => e instanceof UserError && /v3 is not an ancestor of v1/.test(e.message),
  );
  await assert.rejects(listRangeRevisions(repo, "v3..v3", { kind: "all" }), /holds no commits/);
  await assert.rejects(listRangeRevisions(repo, "v1..nope", { kind: "all" }), /revision nope does not exist/);
  await assert.rejects(listRangeRevisions(repo, "v1", { kind: "all" }), /is not a range/);
});
