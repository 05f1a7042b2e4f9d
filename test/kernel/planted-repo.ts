// A git repository made from a kernel tree that kbloat unpacked, for planting commits with known
// effects (the blame and check tests, and the history bench).

import { execFileSync } from "node:child_process";
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface PlantedRepo {
  dir: string;
  git: (...args: string[]) => string;
  /** replaces a file, never edits in place: the tree is hard-linked to kbloat's cached sources */
  write: (path: string, text: string) => void;
  append: (path: string, text: string) => void;
  /** commits everything, returns the commit id */
  commit: (message: string) => string;
}

/** Hard-links `srcDir` to `dir`, makes it a repository with one commit, tagged `base`. */
export function createPlantedRepo(srcDir: string, dir: string, author = "Kernel Dev"): PlantedRepo {
  execFileSync("cp", ["-al", srcDir, dir]);
  const git = (...args: string[]) =>
    execFileSync("git", ["-C", dir, "-c", `user.name=${author}`, "-c", "user.email=dev@example.org", ...args], { encoding: "utf8", maxBuffer: 1 << 26 }).trim();
  const write = (path: string, text: string) => {
    try {
      unlinkSync(join(dir, path));
    } catch {}
    writeFileSync(join(dir, path), text);
  };
  const append = (path: string, text: string) => write(path, readFileSync(join(dir, path), "utf8") + text);
  const commit = (message: string) => {
    git("add", "-A");
    git("commit", "-q", "-m", message);
    return git("rev-parse", "HEAD");
  };
  // Debian's .gitignore ends by ignoring everything at the top level: drop that block
  const ignore = readFileSync(join(dir, ".gitignore"), "utf8");
  const cut = ignore.indexOf("#\n# Debian packaging");
  if (cut >= 0) write(".gitignore", ignore.slice(0, cut));
  git("init", "-q", "-b", "master");
  commit("Linux from Debian's linux-source");
  git("tag", "base");
  return { dir, git, write, append, commit };
}
