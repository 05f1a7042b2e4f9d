// Runs the statements of a Makefile against a configuration: assignments into variables that keep
// their conditions, conditional blocks decided where the configuration decides them, and kept
// whole (every branch, marked unevaluated) where it does not. Includes are asked for as files.

import type { KbuildCondition, KbuildFiles, KbuildProblem, SourceRef } from "./kbuild-types.js";
import { expand, lookup } from "./make-expand.js";
import { appendVariable, type Scope, setVariable, undefinedIsUnknown, type Variable } from "./make-scope.js";
import { type IfBranch, type MakeStatement, type ParsedMakefile, parseMakeStatements } from "./make-statements.js";
import { collapse, isUnknown, mergeConds, type Piece, piecesText, splitWords } from "./make-words.js";

/** Asks for files (srctree-relative paths) and receives them. */
export type FileRequests<T> = Generator<string[], T, KbuildFiles>;

export interface EvalState {
  vars: Map<string, Variable>;
  config: ReadonlyMap<string, string>;
  exported: Set<string>;
  /** set as on make's command line: the Makefile's own assignments to them do not count */
  pinned: ReadonlySet<string>;
  shared: SharedState;
}

/** What every Makefile evaluation of one tree shares. */
export interface SharedState {
  parsed: Map<string, ParsedMakefile | null>;
  /** conditional blocks that could not be decided, by `file:line`; `relevant` when they hold object lists */
  unevaluable: Map<string, { ref: SourceRef; relevant: boolean }>;
  problems: KbuildProblem[];
  filesRead: number;
  /** the chain of includes being evaluated, against a file that includes itself */
  including: string[];
}

export function newSharedState(): SharedState {
  return { parsed: new Map(), unevaluable: new Map(), problems: [], filesRead: 0, including: [] };
}

/** A parsed Makefile, read once per tree; null when the file does not exist. */
export function* loadMakefile(path: string, shared: SharedState, prefetched?: KbuildFiles): FileRequests<ParsedMakefile | null> {
  if (shared.parsed.has(path)) return shared.parsed.get(path) ?? null;
  const text = prefetched?.has(path) ? prefetched.get(path) : (yield [path]).get(path);
  const parsed = text == null ? null : parseMakeStatements(text, path);
  if (text != null) shared.filesRead++;
  if (parsed) shared.problems.push(...parsed.problems);
  shared.parsed.set(path, parsed);
  return parsed;
}

function scopeAt(state: EvalState, at: SourceRef): Scope {
  return { vars: state.vars, config: state.config, at, locals: null, expanding: new Set() };
}

/** Kbuild's list variables, whose words are objects or directories (flags, targets and the like are not). */
export function listsObjects(lhs: string): boolean {
  if (/^(obj|lib|core|drivers|libs|init|net|virt|head)-/.test(lhs)) return true;
  if (/^(subdir-|always-|extra-|targets|hostprogs|userprogs|clean-|dtb-|header-test|no-clean|quiet_|cmd_)|flags/i.test(lhs)) return false;
  return /-(y|objs|\$\(.*\))$/.test(lhs);
}

function holdsObjectLists(stmts: MakeStatement[]): boolean {
  return stmts.some((s) => {
    if (s.kind === "assign") return listsObjects(s.lhs);
    if (s.kind === "include") return !SKIPPED_INCLUDES.test(s.paths.replace(/^\$\(srctree\)\//, ""));
    if (s.kind === "if") return s.branches.some((b) => holdsObjectLists(b.body)) || holdsObjectLists(s.otherwise ?? []);
    return false;
  });
}

function markUnevaluable(state: EvalState, ref: SourceRef, relevant: boolean): KbuildCondition {
  const key = `${ref.file}:${ref.line}`;
  const seen = state.shared.unevaluable.get(key);
  state.shared.unevaluable.set(key, { ref, relevant: relevant || (seen?.relevant ?? false) });
  return { kind: "unevaluated", file: ref.file, line: ref.line, text: ref.text };
}

export function* evaluateStatements(stmts: MakeStatement[], state: EvalState, conds: readonly KbuildCondition[]): FileRequests<void> {
  for (const s of stmts) {
    if (s.kind === "assign") assign(s, state, conds);
    else if (s.kind === "if") yield* evaluateIf(s, state, conds);
    else if (s.kind === "include") yield* include(s, state, conds);
    else exportNames(s, state);
  }
}

function exportNames(s: Extract<MakeStatement, { kind: "export" }>, state: EvalState): void {
  for (const w of splitWords(expand(s.names, scopeAt(state, s.at)))) {
    if (s.unexport) state.exported.delete(w.text);
    else state.exported.add(w.text);
  }
}

function assign(s: Extract<MakeStatement, { kind: "assign" }>, state: EvalState, conds: readonly KbuildCondition[]): void {
  const scope = scopeAt(state, s.at);
  const lhs = collapse(expand(s.lhs, scope));
  let name = lhs.text.trim();
  let chunkConds = mergeConds(conds, lhs.conds);
  if (lhs.unknown) {
    // `obj-$(call something) += foo.o`: keep the objects, as if the unknown part said y
    const list = /^(obj|lib)-/.exec(s.lhs);
    if (!list) return;
    name = `${list[1]}-y`;
    chunkConds = mergeConds(chunkConds, [markUnevaluable(state, s.at, true)]);
  }
  if (s.exported) state.exported.add(name);
  if (name === "" || state.pinned.has(name)) return;
  const chunk = { raw: s.rhs, pieces: null, conds: chunkConds, at: s.at };
  switch (s.op) {
    case "=":
      setVariable(state.vars, name, "recursive", chunk);
      break;
    case ":=":
    case "::=":
    case ":::=":
      setVariable(state.vars, name, "simple", { ...chunk, pieces: expand(s.rhs, scope) });
      break;
    case "+=":
      appendVariable(state.vars, name, chunk, () => expand(s.rhs, scope));
      break;
    case "?=":
      if (!state.vars.has(name)) setVariable(state.vars, name, "recursive", chunk);
      break;
    case "!=":
      setVariable(state.vars, name, "simple", { ...chunk, pieces: [{ text: "", conds: [], unknown: true }] });
      break;
  }
}

interface TestResult {
  /** null when it cannot be decided */
  result: boolean | null;
  conds: readonly KbuildCondition[];
}

/**
 * The two operands of `ifeq (a,b)`, `ifeq "a" "b"` or `ifeq 'a' 'b'`, not yet expanded. As make
 * does, the blanks around the comma go and the others stay: `( a,b )` compares " a" with "b ".
 */
export function ifeqOperands(args: string): [string, string] | null {
  const t = args.trim();
  if (t.startsWith("(") && t.endsWith(")")) {
    const inner = t.slice(1, -1);
    let depth = 0;
    for (let i = 0; i < inner.length; i++) {
      const c = inner[i];
      if (c === "(" || c === "{") depth++;
      else if ((c === ")" || c === "}") && depth > 0) depth--;
      else if (c === "," && depth === 0) return [inner.slice(0, i).replace(/[ \t]+$/, ""), inner.slice(i + 1).replace(/^[ \t]+/, "")];
    }
    return null;
  }
  const q = /^(["'])(.*?)\1\s+(["'])(.*)\3$/.exec(t);
  return q ? [q[2], q[4]] : null;
}

function decided(pieces: Piece[]): boolean {
  return !isUnknown(pieces) && !pieces.some((p) => p.conds.some((c) => c.kind === "unevaluated"));
}

export function evaluateTest(branch: IfBranch, state: EvalState): TestResult {
  const scope = scopeAt(state, branch.at);
  if (branch.directive === "ifdef" || branch.directive === "ifndef") {
    const name = piecesText(expand(branch.args, scope)).trim();
    const v = state.vars.get(name);
    let pieces: Piece[];
    if (v !== undefined)
      pieces = v.chunks.flatMap((c) => (c.pieces ?? [{ text: c.raw, conds: [] }]).map((p) => ({ ...p, conds: mergeConds(c.conds, p.conds) })));
    else if (name.startsWith("CONFIG_")) pieces = lookup(name, scope);
    else pieces = undefinedIsUnknown(name) ? [{ text: "", conds: [], unknown: true }] : [];
    const conds = collapse(pieces).conds;
    if (!decided(pieces)) return { result: null, conds };
    const defined = piecesText(pieces).trim() !== "";
    return { result: branch.directive === "ifdef" ? defined : !defined, conds };
  }
  const ops = ifeqOperands(branch.args);
  if (ops === null) return { result: null, conds: [] };
  const [a, b] = ops.map((o) => expand(o, scope));
  const conds = mergeConds(collapse(a).conds, collapse(b).conds);
  if (!decided(a) || !decided(b)) return { result: null, conds };
  const equal = piecesText(a) === piecesText(b);
  return { result: branch.directive === "ifeq" ? equal : !equal, conds };
}

function* evaluateIf(s: Extract<MakeStatement, { kind: "if" }>, state: EvalState, conds: readonly KbuildCondition[]): FileRequests<void> {
  let acc = conds;
  for (let i = 0; i < s.branches.length; i++) {
    const b = s.branches[i];
    const t = evaluateTest(b, state);
    if (t.result === null) {
      const rest = [...s.branches.slice(i).map((r) => r.body), s.otherwise ?? []];
      const marker = markUnevaluable(state, b.at, rest.some(holdsObjectLists));
      const kept = mergeConds(mergeConds(acc, t.conds), [marker]);
      for (const body of rest) yield* evaluateStatements(body, state, kept);
      return;
    }
    acc = mergeConds(acc, t.conds);
    if (t.result) return yield* evaluateStatements(b.body, state, acc);
  }
  if (s.otherwise) yield* evaluateStatements(s.otherwise, state, acc);
}

/** srctree-relative, with `.` and `..` resolved; null for a path outside the tree. */
export function normalizePath(path: string): string | null {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/") || ".";
}

/** Kbuild's own machinery and the configuration: the reader knows what they mean without reading them. */
const SKIPPED_INCLUDES = /^(scripts\/|include\/config\/)/;

function* include(s: Extract<MakeStatement, { kind: "include" }>, state: EvalState, conds: readonly KbuildCondition[]): FileRequests<void> {
  for (const w of splitWords(expand(s.paths, scopeAt(state, s.at)))) {
    const path = w.unknown || w.text.startsWith("/") ? null : normalizePath(w.text);
    if (path === null) {
      if (!s.optional) markUnevaluable(state, s.at, true);
      continue;
    }
    if (SKIPPED_INCLUDES.test(path)) continue;
    if (state.shared.including.includes(path)) {
      state.shared.problems.push({ file: s.at.file, line: s.at.line, message: `${path} includes itself` });
      continue;
    }
    const parsed = yield* loadMakefile(path, state.shared);
    if (parsed === null) {
      if (!s.optional) state.shared.problems.push({ file: s.at.file, line: s.at.line, message: `cannot read the included file ${path}` });
      continue;
    }
    state.shared.including.push(path);
    yield* evaluateStatements(parsed.statements, state, mergeConds(conds, w.conds));
    state.shared.including.pop();
  }
}
