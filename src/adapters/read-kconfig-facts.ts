// What the explainers use of a kernel tree's Kconfig model (core/kconfig/kconfig-facts.ts),
// kept packed between runs (tree-read-cache.ts): used again only while every Kconfig file read
// and every folder listed is as it was. The reader itself is loaded only when the tree is read.

import { resolve } from "node:path";
import { type KconfigFacts, packKconfigFacts, unpackKconfigFacts } from "../core/kconfig/kconfig-facts.js";
import type { KconfigMessage } from "../core/kconfig/model.js";
import { cacheDir } from "./paths.js";
import type { ReadKconfigOptions } from "./read-kconfig-tree.js";
import { readThroughCache } from "./tree-read-cache.js";

export interface KconfigFactsRead {
  facts: KconfigFacts;
  /** the lines the reader did not understand (file:line: message), in the order found */
  errors: KconfigMessage[];
  /** entries dropped because their first line was wrong */
  skippedEntries: number;
}

/** `cache`: where the facts are kept between runs; null reads the tree every time. Default: kbloat's cache. */
export async function readKconfigFacts(sourceDir: string, options: ReadKconfigOptions, cache: string | null = cacheDir()): Promise<KconfigFactsRead> {
  const key = { reader: "kconfig-facts", tree: resolve(sourceDir), ...options };
  const kept = await readThroughCache(cache, key, ["core/kconfig", "adapters"], async (t) => {
    const { readKconfigTree } = await import("./read-kconfig-tree.js");
    const r = readKconfigTree(sourceDir, options, t);
    return { packed: packKconfigFacts(r.model), errors: r.errors, skippedEntries: r.skippedEntries };
  });
  return { facts: unpackKconfigFacts(kept.packed), errors: kept.errors, skippedEntries: kept.skippedEntries };
}
