// `kbloat` as a command on PATH, for tests that run shell scripts calling it: bin/kbloat.js,
// which runs the compiled dist/ (npm run build), as an installed kbloat does.

import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");

/** Writes DIR/bin/kbloat and returns a PATH that finds it first. */
export function kbloatOnPath(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "kbloat"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(join(ROOT, "bin", "kbloat.js"))} "$@"\n`);
  chmodSync(join(bin, "kbloat"), 0o755);
  return `${bin}:${process.env.PATH}`;
}
