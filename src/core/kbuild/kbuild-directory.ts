// What one directory's Kbuild file puts into vmlinux once it has been evaluated: as
// scripts/Makefile.lib reads it, obj-y's objects (composite ones replaced by their parts) and
// subdirectories, and for a `libs-y` directory the lib-y objects that are not in obj-y too.

import type { KbuildCondition, KbuildObject, KbuildObjectKind, SourceRef } from "./kbuild-types.js";
import { normalizePath } from "./make-evaluate.js";
import { lookup } from "./make-expand.js";
import type { Scope } from "./make-scope.js";
import { mergeConds, piecesText, splitWords, type Word } from "./make-words.js";

export interface DirectoryContents {
  objects: KbuildObject[];
  subdirs: { path: string; chain: readonly KbuildCondition[]; listed: SourceRef }[];
  /** lines whose words the reader cannot know (`obj-y += $(shell ...)`) */
  unknown: SourceRef[];
}

export function joinPath(dir: string, word: string): string | null {
  return normalizePath(dir === "." ? word : `${dir}/${word}`);
}

/** The words of a variable, each with the conditions that put it there (`obj-y`, `foo-objs`). */
function wordsOf(name: string, scope: Scope): Word[] {
  return splitWords(lookup(name, scope));
}

function unknownMarker(w: Word, fallback: SourceRef): KbuildCondition[] {
  const at = w.at ?? fallback;
  return w.unknown ? [{ kind: "unevaluated", file: at.file, line: at.line, text: at.text }] : [];
}

/**
 * The objects and subdirectories of one directory. `scope` holds the directory's variables after its
 * Kbuild file ran; `chain` is the directory's own chain; `linked` says whether its built-in.a is
 * linked (it was reached through obj-y) and whether its lib.a is (it is in libs-y).
 */
export function collectDirectory(dir: string, scope: Scope, chain: readonly KbuildCondition[], linked: { builtIn: boolean; lib: boolean }): DirectoryContents {
  const out: DirectoryContents = { objects: [], subdirs: [], unknown: [] };
  const objY = wordsOf("obj-y", scope);
  for (const w of linked.builtIn ? objY : []) {
    if (w.text === "") {
      out.unknown.push(w.at ?? scope.at);
      continue;
    }
    const conds = mergeConds(mergeConds(chain, w.conds), unknownMarker(w, scope.at));
    const listed = w.at ?? scope.at;
    if (w.text.endsWith("/")) {
      const path = joinPath(dir, w.text.slice(0, -1));
      if (path !== null) out.subdirs.push({ path, chain: conds, listed });
    } else {
      out.objects.push(...objectWithParts(dir, w.text, conds, listed, scope));
    }
  }
  if (linked.lib) {
    const inObj = new Set(objY.map((w) => w.text));
    for (const w of [...wordsOf("lib-y", scope), ...wordsOf("lib-m", scope)]) {
      if (w.text === "") out.unknown.push(w.at ?? scope.at);
      if (inObj.has(w.text) || w.text.endsWith("/") || w.text === "") continue;
      inObj.add(w.text);
      const path = joinPath(dir, w.text);
      if (path !== null) out.objects.push(object(path, "lib", mergeConds(mergeConds(chain, w.conds), unknownMarker(w, scope.at)), w.at ?? scope.at));
    }
  }
  return out;
}

function object(path: string, kind: KbuildObjectKind, chain: readonly KbuildCondition[], listed: SourceRef): KbuildObject {
  return { path, kind, chain: [...chain], listed };
}

/**
 * `foo.o` alone, or, when `foo-objs`, `foo-y` or `foo-` is set, the composite `foo.o` followed by
 * its parts (`foo-objs` and `foo-y`), each part with its own conditions after the composite's.
 */
function objectWithParts(dir: string, word: string, chain: readonly KbuildCondition[], listed: SourceRef, scope: Scope): KbuildObject[] {
  const path = joinPath(dir, word);
  if (path === null) return [];
  const whole = object(path, "obj", chain, listed);
  if (!word.endsWith(".o")) return [whole];
  const stem = word.slice(0, -2);
  const parts = [...wordsOf(`${stem}-objs`, scope), ...wordsOf(`${stem}-y`, scope)];
  if (parts.length === 0 && piecesText(lookup(`${stem}-`, scope)).trim() === "") return [whole];
  const out: KbuildObject[] = [whole];
  whole.parts = [];
  for (const p of parts) {
    const partPath = joinPath(dir, p.text);
    if (partPath === null || whole.parts.includes(partPath)) continue;
    whole.parts.push(partPath);
    out.push({ ...object(partPath, "obj", mergeConds(chain, p.conds), p.at ?? listed), composite: path });
  }
  return out;
}
