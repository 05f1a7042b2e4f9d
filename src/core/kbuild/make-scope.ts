// Make variables as the reader keeps them: each assignment is a chunk that remembers the conditions
// it was made under, so that `$(obj-y)` gives each word the conditions of the line that added it.

import type { KbuildCondition, SourceRef } from "./kbuild-types.js";
import type { Piece } from "./make-words.js";

export interface Chunk {
  /** a recursively expanded chunk keeps its text, expanded at each use */
  raw: string;
  /** a simply expanded chunk keeps the expansion made at assignment */
  pieces: Piece[] | null;
  /** the enclosing conditional blocks and the CONFIG_ references in the variable's name */
  conds: readonly KbuildCondition[];
  /** the assignment; none for what make knows before it reads a file */
  at?: SourceRef;
}

export interface Variable {
  flavor: "simple" | "recursive";
  chunks: Chunk[];
}

export interface Scope {
  vars: Map<string, Variable>;
  config: ReadonlyMap<string, string>;
  /** the statement being evaluated: CONFIG_ references made now are attributed to it */
  at: SourceRef;
  /** foreach variables and call arguments, innermost first */
  locals: ReadonlyMap<string, Piece[]> | null;
  /** variables being expanded, against self reference */
  expanding: Set<string>;
}

/**
 * What an undefined variable expands to. CONFIG_ symbols come from the configuration; kbuild list
 * variables (`foo-y`, `foo-objs`, `obj-m`) and lower-case names are empty, as make says; an
 * upper-case name is most likely the command line's, the environment's or the toolchain's (`LLVM`,
 * `CC`, `KBUILD_EXTRA_WARN`) and is unknown.
 */
export function undefinedIsUnknown(name: string): boolean {
  if (/(-y|-m|-n|-|-objs)$/.test(name)) return false;
  return /^[A-Z]/.test(name) && !name.startsWith("CONFIG_");
}

export function configCondition(scope: Scope, symbol: string): { value: string; cond: KbuildCondition } {
  const value = scope.config.get(symbol) ?? "";
  const at = scope.at;
  return { value, cond: { kind: "config", symbol, value, enabled: value !== "" && value !== "n", file: at.file, line: at.line, text: at.text } };
}

export function setVariable(vars: Map<string, Variable>, name: string, flavor: Variable["flavor"], chunk: Chunk): void {
  vars.set(name, { flavor, chunks: [chunk] });
}

/** Appends as `+=` does: in the variable's own flavor, or as a recursive variable when it is new. */
export function appendVariable(vars: Map<string, Variable>, name: string, chunk: Chunk, expandNow: () => Piece[]): void {
  const v = vars.get(name);
  if (v === undefined) {
    vars.set(name, { flavor: "recursive", chunks: [chunk] });
  } else {
    // a new variable object: copies of a variable set (one per directory) share the old one
    vars.set(name, { flavor: v.flavor, chunks: [...v.chunks, v.flavor === "simple" ? { ...chunk, pieces: expandNow() } : chunk] });
  }
}

/** Variables are never changed in place, so a copy of the set is a copy of the map. */
export function copyVariables(vars: ReadonlyMap<string, Variable>): Map<string, Variable> {
  return new Map(vars);
}
