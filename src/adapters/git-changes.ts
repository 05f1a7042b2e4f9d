// What each commit changed, against its first parent (so a merge shows what it brought in).

import { execa } from "execa";
import type { ChangedPath } from "../core/build-inputs.js";
import { UserError } from "../core/user-error.js";

export async function readCommitChanges(repo: string, sha: string): Promise<ChangedPath[]> {
  const r = await execa("git", ["-C", repo, "diff-tree", "--no-commit-id", "-r", "--name-status", "--no-renames", "-m", "--first-parent", sha], {
    reject: false,
  });
  if (r.exitCode !== 0) throw new UserError(`git diff-tree ${sha} failed in ${repo}: ${String(r.stderr).trim()}`);
  return String(r.stdout)
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [status, ...path] = line.split("\t");
      return { status, path: path.join("\t") };
    });
}

/** The git repository that holds `dir` (as `git bisect` finds it from the current directory). */
export async function findRepository(dir: string): Promise<string> {
  const r = await execa("git", ["-C", dir, "rev-parse", "--show-toplevel"], { reject: false });
  if (r.exitCode !== 0) throw new UserError(`${dir} is not inside a git repository`, "run kbloat blame in a kernel git tree, or pass --repo DIR");
  return String(r.stdout).trim();
}

/** A file's contents at a revision, or null when it has none there. */
export async function readFileAtRevision(repo: string, sha: string, path: string): Promise<string | null> {
  const r = await execa("git", ["-C", repo, "show", `${sha}:${path}`], { reject: false, maxBuffer: 64 * 1024 * 1024 });
  return r.exitCode === 0 ? String(r.stdout) : null;
}

/** A commit's parents, first parent first. */
export async function readParents(repo: string, sha: string): Promise<string[]> {
  const r = await execa("git", ["-C", repo, "rev-list", "--parents", "-n", "1", sha], { reject: false });
  if (r.exitCode !== 0) throw new UserError(`git rev-list --parents ${sha} failed in ${repo}: ${String(r.stderr).trim()}`);
  return String(r.stdout).trim().split(/\s+/).slice(1);
}

/** The best common ancestor of two commits. */
export async function readMergeBase(repo: string, a: string, b: string): Promise<string> {
  const r = await execa("git", ["-C", repo, "merge-base", a, b], { reject: false });
  if (r.exitCode !== 0) throw new UserError(`${a.slice(0, 12)} and ${b.slice(0, 12)} have no common ancestor in ${repo}`);
  return String(r.stdout).trim();
}
