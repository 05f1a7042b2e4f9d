// The Kconfig change that lets a bool be a module: its type lines `bool` → `tristate` and
// `def_bool` → `def_tristate`, in every definition of the symbol, as a unified diff (`patch -p1`,
// three lines of context, as `diff -u` writes it). Its Makefile lines need no change when they
// are `obj-$(CONFIG_X) += …`, which kbuild reads as obj-m once X is m.

import type { Location } from "./model.js";

export interface TristatePatch {
  /** the unified diff, a/ and b/ paths relative to the source tree */
  text: string;
  /** the files it changes */
  files: string[];
}

const TYPE_LINE = /^(\s*)(def_bool|bool)(\b.*)$/;
/** a line that starts the next entry: the type line of this one must come before it */
const ENTRY_START = /^\s*(config|menuconfig|choice|endchoice|menu|endmenu|if|endif|source|comment|mainmenu)\b/;

/** `files` holds each definition's file text, by the path of its Location. Null when no definition has a bool type line to change. */
export function writeTristatePatch(definitions: readonly Location[], files: ReadonlyMap<string, string>): TristatePatch | null {
  const changes = new Map<string, Map<number, string>>();
  for (const at of definitions) {
    const text = files.get(at.file);
    if (text === undefined) continue;
    const lines = text.replace(/\n$/, "").split("\n");
    for (let i = at.line; i < lines.length; i++) {
      if (ENTRY_START.test(lines[i])) break;
      const m = TYPE_LINE.exec(lines[i]);
      if (!m) continue;
      const byFile = changes.get(at.file) ?? new Map<number, string>();
      byFile.set(i, `${m[1]}${m[2] === "bool" ? "tristate" : "def_tristate"}${m[3]}`);
      changes.set(at.file, byFile);
      break;
    }
  }
  if (changes.size === 0) return null;
  const out: string[] = [];
  for (const [file, byLine] of [...changes].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const lines = (files.get(file) as string).replace(/\n$/, "").split("\n");
    out.push(`--- a/${file}`, `+++ b/${file}`);
    // changes whose three lines of context meet go in one hunk, as diff -u writes them
    const hunks: number[][] = [];
    for (const i of [...byLine.keys()].sort((a, b) => a - b)) {
      const last = hunks.at(-1);
      if (last && i - (last.at(-1) as number) <= 6) last.push(i);
      else hunks.push([i]);
    }
    for (const hunk of hunks) {
      const from = Math.max(0, hunk[0] - 3);
      const to = Math.min(lines.length, (hunk.at(-1) as number) + 4);
      const body: string[] = [];
      for (let i = from; i < to; i++) {
        const replacement = byLine.get(i);
        if (replacement === undefined) body.push(` ${lines[i]}`);
        else body.push(`-${lines[i]}`, `+${replacement}`);
      }
      out.push(`@@ -${from + 1},${to - from} +${from + 1},${to - from} @@`, ...body);
    }
  }
  return { text: `${out.join("\n")}\n`, files: [...changes.keys()].sort() };
}
