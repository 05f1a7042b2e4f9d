// One persistent kernel tree per series, moved from revision to revision so that only the
// files that changed get a new mtime, and make rebuilds only what depends on them.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { computeConfigInputsDigest } from "../core/build-inputs.js";
import { UserError } from "../core/user-error.js";
import { tail } from "./run-command.js";

/** A series tree moved to a revision, and what configuring it depends on (null: not known, configure again). */
export interface SeriesTree {
  dir: string;
  configInputs: string | null;
}

async function run(file: string, args: string[], what: string): Promise<string> {
  const r = await execa(file, args, { reject: false, maxBuffer: 256 * 1024 * 1024 });
  if (r.exitCode !== 0) throw new UserError(`${what} failed: ${tail(String(r.stderr || r.stdout), 2).replace(/\n/g, "; ")}`);
  return String(r.stdout);
}

/**
 * A clone of the user's repository that shares its objects (`git clone --shared`): the user's
 * repository, working tree and index are never touched. Returns the tree, checked out at `sha`,
 * with the digest of its config inputs from the index that checkout made match the commit.
 */
export async function checkoutSeriesTree(repo: string, key: string, sha: string, cache: string): Promise<SeriesTree> {
  const dir = join(cache, "trees", key);
  if (!existsSync(join(dir, ".git"))) {
    const tmp = `${dir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(join(cache, "trees"), { recursive: true });
    await run("git", ["clone", "-q", "--shared", "--no-checkout", repo, tmp], `git clone --shared ${repo}`);
    renameSync(tmp, dir);
  }
  await run("git", ["-C", dir, "-c", "advice.detachedHead=false", "checkout", "-q", "-f", "--detach", sha], `git checkout ${sha.slice(0, 12)}`);
  await run("git", ["-C", dir, "clean", "-q", "-ffdx"], "git clean");
  const index = await run("git", ["-C", dir, "ls-files", "-s", "-z"], "git ls-files");
  return { dir, configInputs: computeConfigInputsDigest(index, (text) => createHash("sha256").update(text).digest("hex")) };
}

/**
 * Makes the series tree hold exactly the files of `unpacked` (a tarball already unpacked in the
 * cache). Files whose contents did not change keep their mtime; changed ones get the current
 * time (no -t), so that make sees them as newer than what was built from them. Releases differ in
 * their Makefile's version at least, so their configuration is made again each time.
 */
export async function syncSeriesTree(unpacked: string, key: string, cache: string): Promise<SeriesTree> {
  const dir = join(cache, "trees", key);
  mkdirSync(dir, { recursive: true });
  await run("rsync", ["-rlp", "--delete", "--checksum", `${unpacked}/`, `${dir}/`], `rsync ${unpacked}`);
  return { dir, configInputs: null };
}
