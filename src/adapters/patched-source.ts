// A source tree with patches applied, without touching the tree it is made from (which other
// builds share): a tree of symbolic links to it (cp -as), where each file a patch changes is a
// real copy. Made again for each build in the same place: the files the last build's patches
// changed become fresh copies of the originals first, newer than anything built from them, so
// make rebuilds what depended on them.

import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const TOUCHED = ".kbloat-patched";
const ORIGIN = ".kbloat-source";

/** The files a unified diff writes to (its `+++ b/…` lines), relative to the tree. */
export function patchedFiles(diff: string): string[] {
  return [...diff.matchAll(/^\+\+\+ b\/(\S+)/gm)].map((m) => m[1]);
}

/** Null when every patch applied; else what patch said. */
export function preparePatchedSource(srcDir: string, shadowDir: string, patches: { path: string; text: string }[], log: (text: string) => void): string | null {
  const src = resolve(srcDir);
  // made from another tree before (the parent's source found elsewhere now): made again
  const origin = join(shadowDir, ORIGIN);
  if (existsSync(shadowDir) && (!existsSync(origin) || readFileSync(origin, "utf8") !== src)) rmSync(shadowDir, { recursive: true, force: true });
  if (!existsSync(shadowDir)) {
    execFileSync("cp", ["-as", `${src}/.`, shadowDir]);
    writeFileSync(origin, src);
  }
  const touched = join(shadowDir, TOUCHED);
  const before = existsSync(touched) ? readFileSync(touched, "utf8").split("\n").filter(Boolean) : [];
  const now = new Set(patches.flatMap((p) => patchedFiles(p.text)));
  for (const f of new Set([...before, ...now])) {
    const target = join(shadowDir, f);
    if (existsSync(target) || lstatSync(target, { throwIfNoEntry: false })) rmSync(target);
    if (existsSync(join(src, f))) copyFileSync(join(src, f), target);
  }
  writeFileSync(touched, [...new Set([...before, ...now])].sort().join("\n"));
  for (const p of patches) {
    log(`$ patch -p1 --forward --batch -d ${shadowDir} < ${p.path}\n`);
    const r = spawnSync("patch", ["-p1", "--forward", "--batch", "--no-backup-if-mismatch", "-d", shadowDir], { input: p.text, encoding: "utf8" });
    log(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    if (r.status !== 0) return `${p.path} does not apply: ${(r.stdout + r.stderr).trim().split("\n").at(-1) ?? `patch exited ${r.status}`}`;
  }
  return null;
}
