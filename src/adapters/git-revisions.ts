// Revisions of a git range, as `track` walks them: first-parent history from A to B.

import { execa } from "execa";
import { UserError } from "../core/user-error.js";

export interface Revision {
  sha: string;
  /** a tag, the name the user gave, or a short commit id */
  name: string;
  date: string;
  author: string;
  subject: string;
}

export type RangeSelection = { kind: "tags" } | { kind: "merges" } | { kind: "every"; n: number } | { kind: "all" };

async function git(repo: string, args: string[]): Promise<string> {
  const r = await execa("git", ["-C", repo, ...args], { reject: false });
  if (r.exitCode !== 0) throw new UserError(`git ${args.join(" ")} failed in ${repo}: ${String(r.stderr).trim().split("\n")[0]}`);
  return String(r.stdout);
}

async function verify(repo: string, rev: string): Promise<string> {
  const r = await execa("git", ["-C", repo, "rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { reject: false });
  if (r.exitCode !== 0) throw new UserError(`revision ${rev} does not exist in ${repo}`, `list revisions with: git -C ${repo} log --oneline`);
  return String(r.stdout).trim();
}

const FORMAT = "%H%x09%cI%x09%an%x09%s";

function parseLog(text: string, names: Map<string, string>): Revision[] {
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const [sha, date, author, ...subject] = line.split("\t");
      return { sha, date, author, subject: subject.join("\t"), name: names.get(sha) ?? sha.slice(0, 12) };
    });
}

async function tagNames(repo: string): Promise<Map<string, string>> {
  const out = await git(repo, ["for-each-ref", "refs/tags", "--format=%(objectname) %(*objectname) %(refname:short)"]);
  const names = new Map<string, string>();
  for (const line of out.split("\n").filter(Boolean)) {
    const [object, peeled, name] = line.split(" ");
    names.set(peeled || object, name);
  }
  return names;
}

/** A revision by the name the user gave it (a tag, a branch, HEAD~3), or by a short commit id when that name is one. */
function revisionName(given: string, sha: string): string {
  return /^[0-9a-f]{7,40}$/.test(given) ? sha.slice(0, 12) : given;
}

/** A..B along first-parent history, A included, then the selection; the ends are always kept. */
export async function listRangeRevisions(repo: string, range: string, selection: RangeSelection): Promise<Revision[]> {
  const m = /^(.+?)\.\.(.+)$/.exec(range);
  if (!m) throw new UserError(`"${range}" is not a range`, "write it as A..B, e.g. v6.11..v6.12");
  const [a, b] = [await verify(repo, m[1]), await verify(repo, m[2])];
  const ancestor = await execa("git", ["-C", repo, "merge-base", "--is-ancestor", a, b], { reject: false });
  if (ancestor.exitCode !== 0)
    throw new UserError(
      `${m[1]} is not an ancestor of ${m[2]}`,
      `a range runs from an older revision to a newer one on the same history: swap them, or pick a common ancestor (git merge-base ${m[1]} ${m[2]})`,
    );
  const names = await tagNames(repo);
  names.set(a, names.get(a) ?? revisionName(m[1], a));
  names.set(b, names.get(b) ?? revisionName(m[2], b));
  const base = parseLog(await git(repo, ["log", "-1", `--format=${FORMAT}`, a]), names);
  const all = parseLog(await git(repo, ["log", "--first-parent", "--reverse", `--format=${FORMAT}`, `${a}..${b}`]), names);
  if (all.length === 0) throw new UserError(`the range ${range} holds no commits`, "pick a base older than the head");
  const last = all[all.length - 1];
  let picked: Revision[];
  if (selection.kind === "tags") picked = all.filter((r) => names.has(r.sha) && r.name !== r.sha.slice(0, 12));
  else if (selection.kind === "merges") {
    const merges = new Set((await git(repo, ["rev-list", "--first-parent", "--merges", `${a}..${b}`])).split("\n"));
    picked = all.filter((r) => merges.has(r.sha));
  } else if (selection.kind === "every") picked = all.filter((_, i) => (i + 1) % selection.n === 0);
  else picked = all;
  if (picked.at(-1)?.sha !== last.sha) picked.push(last);
  return [...base, ...picked];
}

/** Explicit revisions, in the order given. */
export async function resolveRevisions(repo: string, revs: string[]): Promise<Revision[]> {
  const out: Revision[] = [];
  for (const rev of revs) {
    const sha = await verify(repo, rev);
    out.push(...parseLog(await git(repo, ["log", "-1", `--format=${FORMAT}`, sha]), new Map([[sha, revisionName(rev, sha)]])));
  }
  return out;
}

/** Whether `repo` holds `commit` (a full commit id). */
export async function hasCommit(repo: string, commit: string): Promise<boolean> {
  const r = await execa("git", ["-C", repo, "cat-file", "-e", `${commit}^{commit}`], { reject: false });
  return r.exitCode === 0;
}
