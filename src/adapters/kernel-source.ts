// Turns what the user names (a directory, a release tarball, a git repository + revision)
// into a kernel tree on disk. Tarballs and git revisions are materialised once into the
// cache, keyed by content; the user's own working tree and index are never touched.

import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { execa } from "execa";
import type { SourceIdentity } from "../core/build-identity.js";
import { UserError } from "../core/user-error.js";
import { readKernelVersion } from "./read-kernel-version.js";
import { tail } from "./run-command.js";

export interface KernelSource {
  /** the kernel tree to build */
  dir: string;
  /** what the tree is, wherever it lies: part of a Build's identity */
  identity: SourceIdentity;
  /** where this machine found it (the repository, the tarball, the directory), absolute */
  location: string;
  /** how the user named it */
  display: string;
  /** commit id for git, the Makefile's version otherwise */
  revision: string;
  /** short name for REV@RECIPE */
  revName: string;
  version: string;
}

const TARBALL = /\.(tar\.xz|txz|tar\.gz|tgz|tar\.bz2|tar)$/;

export type ProgressNote = (message: string) => void;

export async function resolveKernelSource(spec: string, rev: string | undefined, cache: string, note: ProgressNote): Promise<KernelSource> {
  const path = resolve(spec);
  if (!existsSync(path)) throw new UserError(`${spec} does not exist`, "pass a kernel source directory, a release tarball (.tar.xz) or a git repository");
  const st = statSync(path);
  if (st.isFile()) {
    if (rev) throw new UserError(`--rev ${rev} was given, but ${spec} is a tarball, not a git repository`, "drop --rev: a tarball holds one version");
    if (!TARBALL.test(path)) throw new UserError(`${spec} is not a kernel source: not a directory and not a .tar.xz/.tar.gz/.tar tarball`);
    return unpackTarball(path, spec, cache, note);
  }
  if (rev !== undefined || (await isGitRepository(path))) return materialiseGitRevision(path, spec, rev ?? "HEAD", cache, note);
  const version = readKernelVersion(path, spec);
  // a plain directory can change under the same name: each of its builds is a Build of its own
  const identity: SourceIdentity = { kind: "directory", path, at: new Date().toISOString() };
  return { dir: path, identity, location: path, display: spec, revision: version, revName: version, version };
}

async function hashFile(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

async function unpackTarball(path: string, spec: string, cache: string, note: ProgressNote): Promise<KernelSource> {
  note(`hashing ${basename(path)}`);
  const hash = await hashFile(path);
  const target = join(cache, "sources", `tar-${hash.slice(0, 16)}`);
  if (!existsSync(target)) {
    note(`unpacking ${basename(path)} into ${target}`);
    const tmp = `${target}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const r = await execa("tar", ["-xf", path, "-C", tmp], { reject: false });
    if (r.failed) {
      rmSync(tmp, { recursive: true, force: true });
      throw new UserError(`cannot unpack ${spec}: ${tail(String(r.stderr), 2).replace(/\n/g, "; ")}`, "check that the file is a complete, uncorrupted tarball");
    }
    renameSync(tmp, target);
  }
  const dir = findKernelRoot(target, spec);
  const version = readKernelVersion(dir, spec);
  return { dir, identity: { kind: "tarball", sha256: hash }, location: path, display: basename(path), revision: version, revName: version, version };
}

function findKernelRoot(dir: string, spec: string): string {
  if (existsSync(join(dir, "Makefile"))) return dir;
  const entries = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
  for (const e of entries) if (existsSync(join(dir, e.name, "Makefile"))) return join(dir, e.name);
  throw new UserError(`${spec} does not hold a Linux kernel source tree (no Makefile at its top or in its top directory)`);
}

export async function isGitRepository(dir: string): Promise<boolean> {
  const r = await execa("git", ["-C", dir, "rev-parse", "--show-toplevel"], { reject: false });
  return r.exitCode === 0 && resolve(String(r.stdout).trim()) === dir;
}

async function materialiseGitRevision(repo: string, spec: string, rev: string, cache: string, note: ProgressNote): Promise<KernelSource> {
  if (!(await isGitRepository(repo))) throw new UserError(`--rev ${rev} was given, but ${spec} is not the top of a git repository`);
  const r = await execa("git", ["-C", repo, "rev-parse", "--verify", "--quiet", `${rev}^{commit}`], { reject: false });
  if (r.exitCode !== 0) throw new UserError(`revision ${rev} does not exist in ${spec}`, `list revisions with: git -C ${spec} log --oneline`);
  const commit = String(r.stdout).trim();
  const target = join(cache, "sources", `git-${commit}`);
  if (!existsSync(target)) {
    note(`extracting ${rev} (${commit.slice(0, 12)}) with git archive`);
    const tmp = `${target}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const a = await execa("bash", ["-o", "pipefail", "-c", 'git -C "$1" archive --format=tar "$2" | tar -x -C "$3"', "bash", repo, commit, tmp], {
      reject: false,
    });
    if (a.failed) {
      rmSync(tmp, { recursive: true, force: true });
      throw new UserError(`cannot extract ${rev} from ${spec}: ${tail(String(a.stderr), 2)}`);
    }
    renameSync(tmp, target);
  }
  const version = readKernelVersion(target, `${spec} at ${rev}`);
  const revName = rev === "HEAD" || /^[0-9a-f]{7,40}$/.test(rev) ? commit.slice(0, 12) : rev;
  return { dir: target, identity: { kind: "git", commit }, location: repo, display: spec, revision: commit, revName, version };
}
