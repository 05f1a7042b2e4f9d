// Reading a kernel source tree's own files: one file's text, and the C files that test an
// option with the preprocessor.

import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function readSourceFile(srcDir: string, path: string): string {
  return readFileSync(join(srcDir, path), "utf8");
}

/**
 * The .c and .h files (tree-relative) that test CONFIG_X with `#ifdef`, `#ifndef` or
 * `defined(…)`: built in, they see it off once it is m (IS_ENABLED sees both).
 */
export function findIfdefUsers(srcDir: string, symbol: string): string[] {
  const pattern = `(#\\s*ifn?def\\s+CONFIG_${symbol}\\b|defined\\s*\\(?\\s*CONFIG_${symbol}\\b)`;
  const r = spawnSync("grep", ["-rlE", "--include=*.c", "--include=*.h", "--exclude-dir=.git", pattern, "."], {
    cwd: srcDir,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  // grep exits 1 when nothing matches
  if (r.status !== 0 && r.status !== 1) throw new Error(`grep in ${srcDir}: ${r.stderr.trim()}`);
  return r.stdout
    .split("\n")
    .filter(Boolean)
    .map((f) => f.replace(/^\.\//, ""))
    .sort();
}
