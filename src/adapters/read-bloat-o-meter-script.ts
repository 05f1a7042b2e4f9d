// A kernel tree's own scripts/bloat-o-meter, read as rules (core/bloat-o-meter.ts says what they are).

import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type BloatOMeterRules, readBloatOMeterRules } from "../core/bloat-o-meter.js";

/** The script a path names: a kernel tree (its scripts/bloat-o-meter) or the script itself; null when there is none. */
export function bloatOMeterScriptAt(path: string): string | null {
  if (!existsSync(path)) return null;
  const script = statSync(path).isDirectory() ? join(path, "scripts", "bloat-o-meter") : path;
  return existsSync(script) && statSync(script).isFile() ? script : null;
}

/** The rules of the script at `script`, or null when it is not of a shape kbloat can read. */
export function readBloatOMeterScript(script: string, from: string): BloatOMeterRules | null {
  return readBloatOMeterRules(readFileSync(script, "utf8"), from);
}
