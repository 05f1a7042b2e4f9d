// Reads a kernel tree's kbuild files for the Kbuild reader in core: the reader says which files it
// needs, one directory level at a time, and this adapter reads each level's files in parallel.

import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { KbuildTree, KbuildTreeOptions } from "../core/kbuild/kbuild-types.js";
import { walkKbuildTree } from "../core/kbuild/walk-kbuild-tree.js";

async function readOrNull(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR") return null;
    throw e;
  }
}

/** Which objects of the tree at `sourceDir` go into vmlinux for the given SRCARCH and configuration, and why. */
export async function readKbuildTree(sourceDir: string, options: KbuildTreeOptions): Promise<KbuildTree> {
  const walk = walkKbuildTree(options);
  let step = walk.next();
  while (!step.done) {
    const paths = step.value;
    const texts = await Promise.all(paths.map((p) => readOrNull(join(sourceDir, p))));
    step = walk.next(new Map(paths.map((p, i) => [p, texts[i]])));
  }
  return step.value;
}
