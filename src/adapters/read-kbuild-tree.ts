// Reads a kernel tree's kbuild files for the Kbuild reader in core: the reader says which files it
// needs, one directory level at a time, and this adapter reads each level's files in parallel.

import { join, resolve } from "node:path";
import type { KbuildTree, KbuildTreeOptions } from "../core/kbuild/kbuild-types.js";
import { cacheDir } from "./paths.js";
import { readThroughCache } from "./tree-read-cache.js";

/**
 * Which objects of the tree at `sourceDir` go into vmlinux for the given SRCARCH and
 * configuration, and why. `cache`: where what was read is kept between runs
 * (tree-read-cache.ts); null reads every time. Default: kbloat's cache.
 */
export async function readKbuildTree(sourceDir: string, options: KbuildTreeOptions, cache: string | null = cacheDir()): Promise<KbuildTree> {
  const key = {
    reader: "kbuild",
    tree: resolve(sourceDir),
    srcarch: options.srcarch,
    arch: options.arch ?? null,
    config: [...options.config].sort(([a], [b]) => (a < b ? -1 : 1)),
  };
  return readThroughCache(cache, key, ["core/kbuild", "adapters"], async (t) => {
    // the reader is loaded only when the tree is read, not when the cache has what it made
    const { walkKbuildTree } = await import("../core/kbuild/walk-kbuild-tree.js");
    const walk = walkKbuildTree(options);
    let step = walk.next();
    while (!step.done) {
      const paths = step.value;
      const texts = await Promise.all(paths.map((p) => t.readTextAsync(join(sourceDir, p))));
      step = walk.next(new Map(paths.map((p, i) => [p, texts[i]])));
    }
    return step.value;
  });
}
